from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fieldguide.demos.models import DemoRun
from fieldguide.lessons.models import StepPage
from fieldguide.progress.checks import passes_check
from fieldguide.progress.models import StepCompletion


def _learner(request: HttpRequest) -> str:
    return request.session.session_key or ""


@never_cache
@require_GET
def step_progress(request: HttpRequest, step_id: int) -> JsonResponse:
    step = get_object_or_404(StepPage, pk=step_id)
    learner = _learner(request)
    done = bool(learner) and StepCompletion.objects.filter(learner=learner, step=step).exists()
    return JsonResponse({"step": step.pk, "completed": done})


@require_POST
def record_check(request: HttpRequest, step_id: int) -> JsonResponse:
    """``{"run": id}``: mark the step complete if that run passed the step's check."""
    step = get_object_or_404(StepPage, pk=step_id)
    try:
        run_id = int(json.loads(request.body or b"{}").get("run"))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": 'Send {"run": <run id>}.'}, status=400)
    run = get_object_or_404(DemoRun, pk=run_id)
    learner = _learner(request)
    problem = passes_check(step, run, learner)
    if problem or not learner:
        return JsonResponse(
            {"completed": False, "error": problem or "no learner session"}, status=409
        )
    StepCompletion.objects.get_or_create(learner=learner, step=step, defaults={"run": run})
    return JsonResponse({"step": step.pk, "completed": True})
