"""The demo HTTP API: create, inspect, stream, cancel (or stop) runs; reset workspaces.

Every route is behind the launch token. Calls from the page carry the session cookie and a
CSRF token; calls with the token header (the shell, scripts) cannot be forged by a page.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fieldguide.core.api import InvalidBody, json_body, json_error
from fieldguide.demos.allowlist import configured_demos
from fieldguide.demos.argv import ParamError, build_argv, resolve_params
from fieldguide.demos.logs import transcript
from fieldguide.demos.models import DemoRun, RunLogChunk
from fieldguide.demos.tasks import run_demo
from fieldguide.demos.workspaces import WorkspaceError, reset
from fieldguide.learners.identity import current_learner

STREAM_POLL_SECONDS = 0.05
KEEPALIVE_SECONDS = 15.0


def run_json(run: DemoRun) -> dict[str, object]:
    demo = configured_demos().get(run.demo)
    data: dict[str, object] = {
        "id": run.pk,
        "demo": run.demo,
        "kind": demo.kind if demo else "command",
        "status": run.status,
        "argv": run.argv,
        "command": demo.command_line(run.params, run.port) if demo else shlex.join(run.argv),
        "exit_code": run.exit_code,
        "timed_out": run.timed_out,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "log_bytes": run.log_bytes,
        "log_limit": settings.FIELDGUIDE_DEMO_LOG_LIMIT,
        "truncated": run.truncated,
        "timeout": run.timeout,
        "stream_url": reverse("demos:run-stream", args=[run.pk]),
        "transcript_url": reverse("demos:run-transcript", args=[run.pk]),
    }
    if demo and demo.is_service:
        data["ready_timeout"] = demo.ready_timeout
        data["ready_at"] = run.ready_at.isoformat() if run.ready_at else None
        if run.status == DemoRun.Status.RUNNING and run.ready_at and run.port:
            data["preview_url"] = reverse("preview:root", args=[run.pk])
    if run.status == DemoRun.Status.RUNNING and run.started_at:
        elapsed = (timezone.now() - run.started_at).total_seconds()
        data["seconds_left"] = max(0.0, round(run.timeout - elapsed, 1))
    if run.status == DemoRun.Status.QUEUED:
        data["waiting_behind"] = DemoRun.objects.active().filter(pk__lt=run.pk).count()
        data["concurrency"] = settings.FIELDGUIDE_DEMO_CONCURRENCY
    if run.finished and run.started_at and run.finished_at:
        data["duration"] = round((run.finished_at - run.started_at).total_seconds(), 3)
    return data


@require_POST
def create_run(request: HttpRequest, demo_id: str) -> JsonResponse:
    demo = configured_demos().get(demo_id)
    if demo is None:
        return json_error(404, f"There is no demo {demo_id!r} on this machine's allowlist.")
    try:
        body = json_body(request)
    except InvalidBody as exc:
        return json_error(400, str(exc))
    extra = sorted(set(body) - {"params"})
    if extra:
        # Only parameters can be chosen: never a command, arguments or a workspace.
        return json_error(
            400, f"Unknown field {extra[0]!r}: only 'params' may be sent.", field=extra[0]
        )
    try:
        values = resolve_params(demo, body.get("params"))
    except ParamError as exc:
        return json_error(400, str(exc), param=exc.param)
    with transaction.atomic():
        run = DemoRun.objects.create(
            demo=demo.id,
            params=values,
            argv=build_argv(demo, values),
            workspace=demo.workspace or "",
            timeout=demo.timeout,
            learner_id=current_learner(),
        )
        run_demo.enqueue(run.pk)
    stream_url = reverse("demos:run-stream", args=[run.pk])
    return JsonResponse({"id": run.pk, "status": run.status, "stream_url": stream_url}, status=201)


@never_cache
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> JsonResponse:
    return JsonResponse(run_json(get_object_or_404(DemoRun, pk=run_id)))


@require_POST
def cancel_run(request: HttpRequest, run_id: int) -> JsonResponse:
    run = get_object_or_404(DemoRun, pk=run_id)
    # A queued run is cancelled on the spot (the worker will skip it); a running one is
    # stopped by its runner, which checks this flag several times a second.
    DemoRun.objects.filter(pk=run.pk, status=DemoRun.Status.QUEUED).update(
        status=DemoRun.Status.CANCELLED, cancel_requested=True, finished_at=timezone.now()
    )
    DemoRun.objects.filter(pk=run.pk, status=DemoRun.Status.RUNNING).update(cancel_requested=True)
    run.refresh_from_db()
    return JsonResponse(run_json(run), status=202)


@require_POST
def reset_workspace(request: HttpRequest, name: str) -> JsonResponse:
    busy = DemoRun.objects.active().filter(workspace=name).exists()
    if busy:
        return json_error(409, f"A demo is using the workspace {name!r}: cancel it first.")
    try:
        reset(name)
    except WorkspaceError as exc:
        return json_error(404, str(exc))
    return JsonResponse({"workspace": name, "reset": True})


@never_cache
@require_GET
def run_transcript(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(DemoRun, pk=run_id)
    response = HttpResponse(transcript(run), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.demo}-run-{run.pk}.txt"'
    return response


def _event(event: str, data: object, event_id: int | None = None) -> str:
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data)}\n\n"


def _events(run_id: int, after: int) -> Iterator[str]:
    last = after
    quiet_since = time.monotonic()
    yield "retry: 1000\n\n"
    while True:
        status = DemoRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        chunks = list(
            RunLogChunk.objects.filter(run_id=run_id, seq__gt=last)
            .order_by("seq")
            .values_list("seq", "data")[:200]
        )
        for seq, data in chunks:
            last = seq
            yield _event("output", data, seq)
        if chunks:
            quiet_since = time.monotonic()
            continue
        if status in DemoRun.FINISHED:
            run = DemoRun.objects.get(pk=run_id)
            yield _event("status", run_json(run), last)
            return
        if time.monotonic() - quiet_since > KEEPALIVE_SECONDS:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"
        time.sleep(STREAM_POLL_SECONDS)


@require_GET
def run_stream(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    """Server-Sent Events: one ``output`` event per stored chunk (its id is the chunk's
    sequence number), then one ``status`` event. Resumes after ``Last-Event-ID``."""
    get_object_or_404(DemoRun, pk=run_id)
    resume = request.headers.get("Last-Event-ID") or request.GET.get("after") or "0"
    after = int(resume) if resume.isdigit() else 0
    response = StreamingHttpResponse(_events(run_id, after), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
