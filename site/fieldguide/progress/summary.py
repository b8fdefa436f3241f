"""Where the learner stands: per tutorial, steps done of steps in total."""

from __future__ import annotations

from django.db.models import Sum

from fieldguide.lessons.models import TutorialPage
from fieldguide.progress.models import StepCompletion, StepTime


def _completed(learner: str) -> set[int]:
    return set(StepCompletion.objects.of(learner).values_list("step_id", flat=True))


def _standing(tutorial: TutorialPage, done: set[int]) -> dict:
    steps = list(tutorial.steps().values_list("pk", flat=True))
    finished = [pk for pk in steps if pk in done]
    return {"id": tutorial.pk, "slug": tutorial.slug, "title": tutorial.title,
            "done": len(finished), "total": len(steps), "steps": steps,
            "completed_steps": finished}  # fmt: skip


def tutorial(tutorial: TutorialPage, learner: str) -> dict:
    return _standing(tutorial, _completed(learner))


def tutorials(learner: str) -> list[dict]:
    done = _completed(learner)
    return [_standing(t, done) for t in TutorialPage.objects.live().order_by("path")]


def seconds_on(learner: str, step_ids: list[int] | None = None) -> int:
    times = StepTime.objects.of(learner)
    if step_ids is not None:
        times = times.filter(step_id__in=step_ids)
    return times.aggregate(total=Sum("seconds"))["total"] or 0
