"""Where the learner stands: per tutorial, steps done of steps in total."""

from __future__ import annotations

from django.db.models import Sum

from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.progress.models import StepCompletion, StepTime


def tutorials(learner: str) -> list[dict]:
    done = set(StepCompletion.objects.filter(learner=learner).values_list("step_id", flat=True))
    result = []
    for tutorial in TutorialPage.objects.live().order_by("path"):
        steps = list(StepPage.objects.live().child_of(tutorial).values_list("pk", flat=True))
        finished = [pk for pk in steps if pk in done]
        result.append(
            {"id": tutorial.pk, "slug": tutorial.slug, "title": tutorial.title,
             "done": len(finished), "total": len(steps), "steps": steps,
             "completed_steps": finished}
        )  # fmt: skip
    return result


def seconds_on(learner: str, step_ids: list[int] | None = None) -> int:
    times = StepTime.objects.filter(learner=learner)
    if step_ids is not None:
        times = times.filter(step_id__in=step_ids)
    return times.aggregate(total=Sum("seconds"))["total"] or 0
