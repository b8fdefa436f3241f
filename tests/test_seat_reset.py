"""`manage reset_seat`: the next learner finds no trace of the previous one."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from fieldguide.demos.models import DemoRun, RunLogChunk
from fieldguide.demos.processes import alive
from fieldguide.instructor.seat import reset_seat
from fieldguide.learners.identity import current_learner
from fieldguide.learners.models import LearnerSession
from fieldguide.lessons.models import StepPage
from fieldguide.progress.models import StepCompletion, StepTime
from wagtail.models import Page, Revision

pytestmark = pytest.mark.django_db


def test_reset_leaves_no_trace_of_the_previous_learner(
    client, lessons, demo_content, settings, django_user_model
):
    instructor = django_user_model.objects.create_superuser(
        "instructor", "i@example.org", "pw-123456789"
    )
    client.post("/api/demos/marker/runs", "{}", content_type="application/json")
    client.post("/api/demos/hello/runs", "{}", content_type="application/json")
    run = DemoRun.objects.get(demo="hello")
    previous = current_learner()
    step = StepPage.objects.first()
    StepCompletion.objects.create(learner_id=previous, step=step, run=run)
    StepTime.objects.create(learner_id=previous, step=step, seconds=300)
    lab = settings.HOME.workspaces / "lab"
    assert (lab / "spawned.marker").exists() and RunLogChunk.objects.exists()
    pages, revisions = Page.objects.count(), Revision.objects.count()

    call_command("reset_seat")

    assert not StepCompletion.objects.exists() and not StepTime.objects.exists()
    assert not LearnerSession.objects.exists()
    assert not DemoRun.objects.exists() and not RunLogChunk.objects.exists()
    assert not DBTaskResult.objects.filter(queue_name="demos").exists()
    assert list(settings.HOME.workspaces.iterdir()) == []
    # The next learner's first demo gets a pristine copy again.
    client.post("/api/demos/greet/runs", "{}", content_type="application/json")
    assert not (lab / "spawned.marker").exists() and (lab / "pristine.txt").exists()
    assert DemoRun.objects.get().learner not in ("", previous)  # a new learner session
    # Lessons and the instructor are untouched.
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    instructor.refresh_from_db()
    assert instructor.check_password("pw-123456789")


def test_a_demo_still_running_is_stopped_first(lessons, demo_content):
    orphan = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    DemoRun.objects.create(demo="sleeper", argv=[], timeout=60, status="running", pid=orphan.pid)
    done = reset_seat()
    assert done.runs == 1
    assert orphan.wait(5) is not None and not alive(orphan.pid)


def test_the_command_reports_what_it_cleared(lessons, demo_content, capsys):
    for _ in range(3):
        run = DemoRun.objects.create(demo="hello", argv=[], timeout=5, status="succeeded")
        RunLogChunk.objects.create(run=run, seq=1, data="x")
    call_command("reset_seat")
    out = capsys.readouterr().out
    assert "3 demo runs" in out and "Seat reset in" in out
