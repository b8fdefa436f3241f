"""Forgetting the demo runs of a seat (for the seat reset): stop what still runs, then delete
the runs, their logs and their queued tasks."""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from fieldguide.demos.models import DemoRun, RunLogChunk
from fieldguide.demos.processes import terminate_session
from fieldguide.demos.tasks import QUEUE


def stop_active_runs() -> None:
    """A demo still running belongs to the previous learner: stop it before its record goes."""
    active = DemoRun.objects.active()
    active.update(cancel_requested=True)
    for pid in active.values_list("pid", flat=True):
        if pid is not None:
            terminate_session(pid)


def forget_runs() -> int:
    """Delete every run, its log and its queued task; returns how many runs. Call it inside
    the caller's transaction, after ``stop_active_runs``."""
    # Chunks first: then each delete is one statement, not a row-by-row cascade.
    RunLogChunk.objects.all().delete()
    runs, _ = DemoRun.objects.all().delete()
    DBTaskResult.objects.filter(queue_name=QUEUE).delete()
    return runs
