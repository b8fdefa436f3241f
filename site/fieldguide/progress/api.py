"""The learner's progress over JSON, for the pages' scripts (lesson pages are cached for
everyone, so whatever is personal arrives this way)."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fieldguide.core.api import InvalidBody, json_body, json_error
from fieldguide.demos.models import DemoRun
from fieldguide.learners.identity import current_learner
from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.progress import summary
from fieldguide.progress.checks import passes_check
from fieldguide.progress.models import StepCompletion, StepTime

MAX_SECONDS_PER_REPORT = 120  # pages report every 15 s; more than this is not one report


def _step_state(step: StepPage, learner: str) -> dict[str, Any]:
    completion = StepCompletion.objects.of(learner, step).first()
    time = StepTime.objects.of(learner, step).values_list("seconds", flat=True)
    tutorial = step.get_parent().specific
    standing = summary.tutorial(tutorial, learner) if isinstance(tutorial, TutorialPage) else None
    return {
        "step": step.pk,
        "completed": completion is not None,
        "method": completion.method if completion else None,
        "completed_at": completion.completed_at.isoformat() if completion else None,
        "seconds": time.first() or 0,
        "tutorial": standing,
    }


@never_cache
@require_GET
def overview(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"tutorials": summary.tutorials(current_learner(start=False))})


@never_cache
@require_http_methods(["GET", "POST"])
def step_progress(request: HttpRequest, step_id: int) -> JsonResponse:
    """GET: the step's state. POST ``{"done": true|false}``: "Mark as done", or undo it."""
    step = get_object_or_404(StepPage, pk=step_id)
    learner = current_learner(start=request.method == "POST")
    if request.method == "POST":
        try:
            done = json_body(request).get("done")
        except InvalidBody as exc:
            return json_error(400, str(exc))
        if not isinstance(done, bool):
            return json_error(400, 'Send {"done": true} or {"done": false}.')
        if done:
            StepCompletion.objects.get_or_create(
                learner_id=learner, step=step, defaults={"method": StepCompletion.Method.DONE}
            )
        else:
            StepCompletion.objects.of(learner, step).delete()
    return JsonResponse(_step_state(step, learner))


@require_POST
def record_time(request: HttpRequest, step_id: int) -> JsonResponse:
    """``{"seconds": n}``: n more seconds with this step on screen."""
    step = get_object_or_404(StepPage, pk=step_id)
    try:
        seconds = json_body(request).get("seconds")
    except InvalidBody as exc:
        return json_error(400, str(exc))
    whole = isinstance(seconds, int) and not isinstance(seconds, bool)
    if not (whole and isinstance(seconds, int) and 0 < seconds <= MAX_SECONDS_PER_REPORT):
        return json_error(
            400, f"seconds must be a whole number from 1 to {MAX_SECONDS_PER_REPORT}."
        )
    learner = current_learner()
    time, created = StepTime.objects.get_or_create(
        learner_id=learner, step=step, defaults={"seconds": seconds}
    )
    if not created:
        StepTime.objects.filter(pk=time.pk).update(seconds=F("seconds") + seconds)
    return JsonResponse({"step": step.pk, "recorded": seconds}, status=202)


@require_POST
def record_check(request: HttpRequest, step_id: int) -> JsonResponse:
    """``{"run": id}``: mark the step complete if that run passed the step's check."""
    step = get_object_or_404(StepPage, pk=step_id)
    try:
        run_id = int(json_body(request)["run"])
    except (KeyError, ValueError, TypeError):  # InvalidBody is a ValueError
        return json_error(400, 'Send {"run": <run id>}.')
    run = get_object_or_404(DemoRun, pk=run_id)
    learner = current_learner()
    problem = passes_check(step, run, learner)
    if problem:
        return json_error(409, problem, completed=False)
    completion, created = StepCompletion.objects.get_or_create(
        learner_id=learner, step=step, defaults={"run": run, "method": StepCompletion.Method.CHECK}
    )
    if not created and completion.method != StepCompletion.Method.CHECK:
        # A check passed after "Mark as done" is the stronger evidence: keep it.
        completion.method, completion.run = StepCompletion.Method.CHECK, run
        completion.save(update_fields=["method", "run"])
    return JsonResponse({"step": step.pk, "completed": True})
