"""Progress: a passing check or "Mark as done" completes a step for the seat's current learner;
time on each step adds up; the overview says where each tutorial stands."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.test import Client
from fieldguide.demos.models import DemoRun
from fieldguide.learners.identity import current_learner
from fieldguide.learners.models import LearnerSession
from fieldguide.lessons.models import StepPage
from fieldguide.progress.models import StepCompletion, StepTime

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(lessons, settings) -> Client:
    browser = Client()
    browser.get("/launch", {"token": settings.FIELDGUIDE_LAUNCH_TOKEN})
    return browser


def checked_step() -> StepPage:
    return StepPage.objects.get(slug="load-and-dump")


def make_run(client: Client, demo: str, status: str = "succeeded", **fields) -> DemoRun:
    return DemoRun.objects.create(
        demo=demo,
        argv=[],
        timeout=10,
        status=status,
        learner_id=fields.pop("learner", None) or current_learner(),
        **fields,
    )


def check(client: Client, step: StepPage, run: DemoRun):
    return client.post(
        f"/api/steps/{step.pk}/check", json.dumps({"run": run.pk}), content_type="application/json"
    )


def test_a_passing_check_completes_the_step(learner):
    step = checked_step()
    assert learner.get(f"/api/steps/{step.pk}/progress").json()["completed"] is False
    response = check(learner, step, make_run(learner, "lesson-check"))
    assert response.status_code == 200 and response.json()["completed"] is True
    assert learner.get(f"/api/steps/{step.pk}/progress").json()["completed"] is True
    assert StepCompletion.objects.count() == 1


@pytest.mark.parametrize(
    ("demo", "status", "reason"),
    [
        ("lesson-check", "failed", "did not succeed"),
        ("lesson-check", "timed_out", "did not succeed"),
        ("lesson-list", "succeeded", "not this step's check"),
    ],
)
def test_other_runs_do_not_complete_it(learner, demo, status, reason):
    response = check(learner, checked_step(), make_run(learner, demo, status))
    assert response.status_code == 409 and reason in response.json()["error"]
    assert not StepCompletion.objects.exists()


def test_the_previous_learners_run_does_not_count(learner):
    current_learner()  # the seat's learner now
    previous = LearnerSession.objects.create(key="before-the-reset")
    LearnerSession.objects.filter(pk=previous.pk).update(
        started_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    run = make_run(learner, "lesson-check", learner=previous.key)
    response = check(learner, checked_step(), run)
    assert response.status_code == 409 and "another learner" in response.json()["error"]


def test_every_window_of_the_seat_is_the_same_learner(learner, settings):
    other_window = Client()
    other_window.get("/launch", {"token": settings.FIELDGUIDE_LAUNCH_TOKEN})
    response = check(other_window, checked_step(), make_run(learner, "lesson-check"))
    assert response.status_code == 200
    assert LearnerSession.objects.count() == 1


def post_json(client: Client, url: str, body: object):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_mark_as_done_and_undo(learner):
    step = StepPage.objects.get(slug="check-your-tools")
    url = f"/api/steps/{step.pk}/progress"
    state = post_json(learner, url, {"done": True}).json()
    assert state["completed"] is True and state["method"] == "done"
    assert state["tutorial"]["done"] == 1 and state["tutorial"]["total"] == 6
    assert learner.get(url).json()["completed"] is True
    assert post_json(learner, url, {"done": False}).json()["completed"] is False
    assert post_json(learner, url, {"done": "yes"}).status_code == 400


def test_a_check_after_mark_as_done_is_recorded_as_the_check(learner):
    step = checked_step()
    post_json(learner, f"/api/steps/{step.pk}/progress", {"done": True})
    run = make_run(learner, "lesson-check")
    assert check(learner, step, run).status_code == 200
    completion = StepCompletion.objects.get()
    assert completion.method == "check" and completion.run == run


def test_time_on_a_step_adds_up_within_limits(learner):
    step = checked_step()
    url = f"/api/steps/{step.pk}/time"
    assert post_json(learner, url, {"seconds": 15}).status_code == 202
    assert post_json(learner, url, {"seconds": 20}).status_code == 202
    for bad in (0, -5, 121, 1.5, True, "15"):
        response = post_json(learner, url, {"seconds": bad})
        assert response.status_code == 400 and "seconds" in response.json()["error"]
    assert StepTime.objects.get().seconds == 35
    assert learner.get(f"/api/steps/{step.pk}/progress").json()["seconds"] == 35


def test_the_overview_says_where_each_tutorial_stands(learner):
    first = StepPage.objects.get(slug="check-your-tools")
    post_json(learner, f"/api/steps/{first.pk}/progress", {"done": True})
    tutorials = {t["slug"]: t for t in learner.get("/api/progress").json()["tutorials"]}
    assert tutorials["first-django-project"]["done"] == 1
    assert tutorials["first-django-project"]["completed_steps"] == [first.pk]
    assert tutorials["writing-a-lesson"]["done"] == 0
    assert tutorials["writing-a-lesson"]["total"] > 0


def test_step_pages_offer_check_my_work_with_its_hint(client, lessons):
    page = client.get("/writing-a-lesson/load-and-dump/").content.decode()
    check_block = page.split('class="demo demo-check"')[1].split("</section>")[0]
    assert "Check my work" in check_block
    assert f'data-check-step="{checked_step().pk}"' in page
    assert (
        "The checker lists each problem" in check_block and "data-check-hint hidden" in check_block
    )


def test_fixed_parameters_are_shown_not_asked(client, lessons):
    page = client.get("/writing-a-lesson/blocks/").content.decode()
    demo = page.split('class="demo"')[1].split("</section>")[0]
    assert "python lesson_tool.py preview 3" in demo
    assert '<input type="hidden" data-param="step" value="3">' in demo


def test_looking_does_not_start_a_learner_session(learner):
    step = checked_step()
    assert learner.get("/api/progress").status_code == 200
    assert learner.get(f"/api/steps/{step.pk}/progress").json()["completed"] is False
    assert not LearnerSession.objects.exists()
    post_json(learner, f"/api/steps/{step.pk}/time", {"seconds": 5})
    assert LearnerSession.objects.count() == 1
