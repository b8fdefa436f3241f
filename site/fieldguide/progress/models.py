from django.db import models


class LearnerSession(models.Model):
    """One learner at this seat: from the first thing they do until the seat is reset.

    A seat has one learner at a time, so the learner is the seat's open session, not a browser
    cookie: every window of the app, and every restart, counts for the same person.
    """

    key = models.CharField(max_length=32, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class StepCompletion(models.Model):
    """A learner completed a step: with "Mark as done", or by passing the step's check."""

    class Method(models.TextChoices):
        DONE = "done", "Marked as done"
        CHECK = "check", "Passed the check"

    learner = models.CharField(max_length=64, help_text="The learner session's key.")
    step = models.ForeignKey("lessons.StepPage", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        "demos.DemoRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.CHECK)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_completion_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.learner[:8]} completed {self.step_id}"


class StepTime(models.Model):
    """Seconds a learner spent with a step on screen (the page reports them as it goes)."""

    learner = models.CharField(max_length=64)
    step = models.ForeignKey("lessons.StepPage", on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_time_per_step")
        ]
