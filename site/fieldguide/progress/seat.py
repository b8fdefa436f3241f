"""Resetting a seat for the next learner: progress, run history and workspaces go; lessons,
accounts and settings stay. Shared by ``manage reset_seat`` and the instructor pages."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from fieldguide.demos.models import DemoRun, RunLogChunk
from fieldguide.demos.processes import terminate_session
from fieldguide.demos.tasks import QUEUE
from fieldguide.progress.models import LearnerSession, StepCompletion, StepTime


@dataclass
class SeatReset:
    completions: int
    runs: int
    workspaces: int
    seconds: float


def _stop_running_demos() -> None:
    """A demo still running belongs to the previous learner: stop it before its record goes."""
    active = DemoRun.objects.filter(status__in=[DemoRun.Status.QUEUED, DemoRun.Status.RUNNING])
    active.update(cancel_requested=True)
    for pid in active.exclude(pid=None).values_list("pid", flat=True):
        terminate_session(pid)


def _clear_workspaces(folder: Path) -> int:
    """Learners' copies are made again from the pristine workspaces on first use."""
    if not folder.is_dir():
        return 0
    doomed = folder.with_name(f".workspaces-reset-{os.getpid()}")
    folder.rename(doomed)  # one step: the next learner never sees a half-deleted copy
    folder.mkdir()
    count = sum(1 for entry in doomed.iterdir() if entry.is_dir())
    shutil.rmtree(doomed, ignore_errors=True)
    return count


def reset_seat() -> SeatReset:
    started = time.perf_counter()
    _stop_running_demos()
    with transaction.atomic():
        completions, _ = StepCompletion.objects.all().delete()
        StepTime.objects.all().delete()
        # The next thing done at this seat starts a new learner session.
        LearnerSession.objects.all().delete()
        # Chunks first: then each delete is one statement, not a row-by-row cascade.
        RunLogChunk.objects.all().delete()
        runs, _ = DemoRun.objects.all().delete()
        DBTaskResult.objects.filter(queue_name=QUEUE).delete()
    workspaces = _clear_workspaces(settings.HOME.workspaces)
    return SeatReset(completions, runs, workspaces, time.perf_counter() - started)
