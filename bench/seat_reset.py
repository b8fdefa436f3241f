"""Seat reset with 1,000 recorded demo runs (each with a few log chunks) and a few workspaces.

    python bench/seat_reset.py [--runs 1000] [--repeat 3]

Runs against a real home (a copy of the home template, production settings), in-process, so
that the number is the reset itself; `manage reset_seat` adds the usual ~1 s of start-up.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import django_on_a_fresh_home, report

CHUNKS_PER_RUN = 5


def seed(runs: int) -> None:
    from django.db import transaction
    from fieldguide.demos.models import DemoRun, RunLogChunk
    from fieldguide.demos.workspaces import learner_copy
    from fieldguide.learners.models import LearnerSession
    from fieldguide.lessons.models import StepPage
    from fieldguide.progress.models import StepCompletion

    with transaction.atomic():
        learners = LearnerSession.objects.bulk_create(
            LearnerSession(key=f"learner-{i}") for i in range(20)
        )
        records = DemoRun.objects.bulk_create(
            DemoRun(
                demo="django-version",
                argv=["python", "-V"],
                timeout=20,
                status="succeeded",
                exit_code=0,
                log_bytes=64,
                learner=learners[i % 20],
            )
            for i in range(runs)
        )
        RunLogChunk.objects.bulk_create(
            RunLogChunk(run=run, seq=seq, data="line of output\n" * 4)
            for run in records
            for seq in range(1, CHUNKS_PER_RUN + 1)
        )
        steps = list(StepPage.objects.all())
        StepCompletion.objects.bulk_create(
            StepCompletion(learner=learner, step=step) for learner in learners for step in steps
        )
    for name in ("django-starter", "lesson-draft"):
        learner_copy(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        django_on_a_fresh_home(Path(folder))
        from fieldguide.instructor.seat import reset_seat

        seconds = []
        for _ in range(options.repeat):
            seed(options.runs)
            started = time.perf_counter()
            done = reset_seat()
            seconds.append(time.perf_counter() - started)
            assert done.runs == options.runs, done
    report(
        "seat_reset",
        {
            "runs": options.runs,
            "log_chunks": options.runs * CHUNKS_PER_RUN,
            "seconds": {
                "median": round(statistics.median(seconds), 3),
                "max": round(max(seconds), 3),
            },
            "target_seconds": 2.0,
        },
    )


if __name__ == "__main__":
    main()
