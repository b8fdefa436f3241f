"""Every run is on record, and editors can read the record but never change it."""

import pytest
from fieldguide.demos.models import DemoRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_superuser("audit", "a@example.org", "pw-12345678")
    client.force_login(editor)
    return client


@pytest.fixture
def recorded_run():
    return DemoRun.objects.create(
        demo="startapp",
        params={"name": "blog"},
        argv=["/usr/bin/python3", "manage.py", "startapp", "blog"],
        workspace="django-starter",
        timeout=60,
        status="succeeded",
        exit_code=0,
    )


def test_runs_are_listed_and_inspectable(editor_client, recorded_run):
    listing = editor_client.get("/admin/demo_runs/")
    assert listing.status_code == 200 and "startapp" in listing.content.decode()
    inspect = editor_client.get(f"/admin/demo_runs/inspect/{recorded_run.pk}/")
    assert inspect.status_code == 200
    body = inspect.content.decode()
    assert "manage.py" in body and "django-starter" in body


@pytest.mark.parametrize("path", ["add/", "edit/{pk}/", "delete/{pk}/"])
def test_nobody_can_change_the_record(editor_client, recorded_run, path):
    response = editor_client.get("/admin/demo_runs/" + path.format(pk=recorded_run.pk))
    assert response.status_code in {302, 403, 404}
    response = editor_client.post("/admin/demo_runs/" + path.format(pk=recorded_run.pk), {})
    assert response.status_code in {302, 403, 404}
    recorded_run.refresh_from_db()
    assert recorded_run.status == "succeeded" and DemoRun.objects.count() == 1


def test_runs_record_argv_params_and_outcome(client, demo_content):
    import json

    run_id = client.post(
        "/api/demos/greet/runs",
        json.dumps({"params": {"name": "eve"}}),
        content_type="application/json",
    ).json()["id"]
    run = DemoRun.objects.get(pk=run_id)
    assert run.params == {"name": "eve", "colour": "green"}
    assert run.argv[1:] == ["greet.py", "eve", "green"] and run.workspace == "lab"
    assert run.status == "succeeded" and run.exit_code == 0
    assert run.started_at and run.finished_at
