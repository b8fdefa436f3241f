from __future__ import annotations

from typing import Any, Self

from django.db import models

from fieldguide.learners.models import learner_field


class LearnerRecords(models.QuerySet[Any]):
    """Completions and times are always read for one learner, sometimes for one step."""

    def of(self, learner: str, step: Any = None) -> Self:
        records = self.filter(learner__key=learner)  # the key is the column: no join
        return records if step is None else records.filter(step=step)


class StepCompletion(models.Model):
    """A learner completed a step: with "Mark as done", or by passing the step's check."""

    class Method(models.TextChoices):
        DONE = "done", "Marked as done"
        CHECK = "check", "Passed the check"

    learner = learner_field()
    step = models.ForeignKey("lessons.StepPage", on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(
        "demos.DemoRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.CHECK)
    completed_at = models.DateTimeField(auto_now_add=True)

    objects = LearnerRecords.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_completion_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} completed {self.step_id}"


class StepTime(models.Model):
    """Seconds a learner spent with a step on screen (the page reports them as it goes)."""

    learner = learner_field()
    step = models.ForeignKey("lessons.StepPage", on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LearnerRecords.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "step"], name="one_time_per_step")
        ]
