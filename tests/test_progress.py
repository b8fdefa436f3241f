"""Checks: a passing run of the step's check demo completes the step for that learner only."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from fieldguide.demos.models import DemoRun
from fieldguide.lessons.models import StepPage
from fieldguide.progress.models import StepCompletion

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
        learner=client.session.session_key,
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


def test_another_learners_run_does_not_count(learner, settings):
    other = Client()
    other.get("/launch", {"token": settings.FIELDGUIDE_LAUNCH_TOKEN})
    response = check(learner, checked_step(), make_run(other, "lesson-check"))
    assert response.status_code == 409 and "another learner" in response.json()["error"]


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
