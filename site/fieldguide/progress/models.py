from django.db import models


class StepCompletion(models.Model):
    """A learner completed a step: here, by passing the step's check."""

    learner = models.CharField(max_length=64, help_text="The learner's session.")
    step = models.ForeignKey("lessons.StepPage", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        "demos.DemoRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_completion_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.learner[:8]} completed {self.step_id}"
