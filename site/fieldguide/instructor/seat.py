"""Resetting a seat for the next learner: progress, run history and workspaces go; lessons,
accounts and settings stay. Shared by ``manage reset_seat`` and the instructor pages."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import transaction

from fieldguide.demos import history
from fieldguide.demos.workspaces import clear_learner_copies
from fieldguide.learners.models import LearnerSession
from fieldguide.progress.models import StepCompletion, StepTime


@dataclass
class SeatReset:
    completions: int
    runs: int
    workspaces: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"Seat reset in {self.seconds:.2f} s: {self.completions} completed steps, "
            f"{self.runs} demo runs and {self.workspaces} workspaces cleared."
        )


def reset_seat() -> SeatReset:
    started = time.perf_counter()
    history.stop_active_runs()
    with transaction.atomic():
        completions, _ = StepCompletion.objects.all().delete()
        StepTime.objects.all().delete()
        runs = history.forget_runs()
        # The next thing done at this seat starts a new learner session.
        LearnerSession.objects.all().delete()
    workspaces = clear_learner_copies()
    return SeatReset(completions, runs, workspaces, time.perf_counter() - started)
