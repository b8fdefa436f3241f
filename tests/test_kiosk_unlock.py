import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_failures(monkeypatch):
    monkeypatch.setattr("fieldguide.instructor.kiosk.FAILURE_DELAY", 0)


@pytest.fixture
def instructor(django_user_model):
    return django_user_model.objects.create_superuser("instructor", "i@example.org", "lab-key-2026")


def unlock(client, password):
    return client.post(
        "/api/kiosk/unlock", json.dumps({"password": password}), content_type="application/json"
    )


def test_the_instructor_password_unlocks(client, instructor):
    response = unlock(client, "lab-key-2026")
    assert response.status_code == 200 and response.json() == {"unlocked": True}


@pytest.mark.parametrize("password", ["wrong", "", None, ["lab-key-2026"]])
def test_anything_else_does_not(client, instructor, password):
    response = unlock(client, password)
    assert response.status_code == 403 and response.json()["unlocked"] is False


def test_a_learner_account_is_not_an_instructor(client, django_user_model):
    django_user_model.objects.create_user("learner", "l@example.org", "lab-key-2026")
    assert unlock(client, "lab-key-2026").status_code == 403


def test_a_page_cannot_ask(instructor, settings):
    browser = Client()
    browser.get("/launch", {"token": settings.FIELDGUIDE_LAUNCH_TOKEN})
    assert unlock(browser, "lab-key-2026").status_code == 403
