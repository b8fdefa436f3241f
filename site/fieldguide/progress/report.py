"""Every learner's progress at this seat, as rows for CSV or JSON: collected from lab machines
by USB at the end of a workshop. One row per learner session and step, started or not."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from django.utils import timezone

import fieldguide
from fieldguide.demos.models import DemoRun
from fieldguide.learners.identity import seat_id
from fieldguide.learners.models import LearnerSession
from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.progress.checks import check_blocks, passes_check
from fieldguide.progress.models import StepCompletion, StepTime

COLUMNS = [
    "seat_id", "learner_session", "session_started_at", "tutorial", "step", "step_title",
    "position", "completed_at", "completed_by", "time_spent_seconds", "checks_passed",
]  # fmt: skip


def _steps() -> list[tuple[TutorialPage, int, StepPage]]:
    found = []
    for tutorial in TutorialPage.objects.live().order_by("path"):
        found += [(tutorial, n, step) for n, step in enumerate(tutorial.steps(), start=1)]
    return found


def _checks_passed(learner: str, step: StepPage) -> int:
    demos = {check["demo"] for check in check_blocks(step)}
    if not demos:
        return 0
    runs = DemoRun.objects.filter(learner__key=learner, demo__in=demos, status="succeeded")
    return sum(1 for run in runs if passes_check(step, run, learner) is None)


def rows() -> list[dict[str, Any]]:
    seat = seat_id()
    steps = _steps()
    completions = {(c.learner_id, c.step_id): c for c in StepCompletion.objects.all()}
    times = Counter({(t.learner_id, t.step_id): t.seconds for t in StepTime.objects.all()})
    result = []
    for session in LearnerSession.objects.order_by("started_at", "pk"):
        for tutorial, position, step in steps:
            done = completions.get((session.key, step.pk))
            result.append({
                "seat_id": seat,
                "learner_session": session.key,
                "session_started_at": session.started_at.isoformat(),
                "tutorial": tutorial.slug,
                "step": step.slug,
                "step_title": step.title,
                "position": position,
                "completed_at": done.completed_at.isoformat() if done else "",
                "completed_by": done.method if done else "",
                "time_spent_seconds": times[(session.key, step.pk)],
                "checks_passed": _checks_passed(session.key, step),
            })  # fmt: skip
    return result


def as_json(data: list[dict[str, Any]]) -> str:
    document = {
        "seat_id": seat_id(),
        "exported_at": timezone.now().isoformat(),
        "fieldguide_version": fieldguide.__version__,
        "columns": COLUMNS,
        "rows": data,
    }
    return json.dumps(document, indent=2) + "\n"


def as_csv(data: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def file_name(extension: str) -> str:
    return f"fieldguide-progress-{seat_id()}-{timezone.now():%Y%m%d-%H%M}.{extension}"
