"""The demo API in-process (tasks run inline): validation, bypass attempts, the stream."""

from __future__ import annotations

import json

import pytest
from django_tasks_db.models import DBTaskResult
from fieldguide.demos.models import DemoRun

pytestmark = pytest.mark.django_db(transaction=True)


def post(client, url: str, body: object | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def nothing_spawned(settings) -> bool:
    lab = settings.HOME.workspaces / "lab"
    return (
        not DemoRun.objects.exists()
        and not DBTaskResult.objects.exists()
        and not (lab / "spawned.marker").exists()
    )


def test_create_run_stream_and_inspect(client, demo_content):
    response = post(client, "/api/demos/hello/runs")
    assert response.status_code == 201
    created = response.json()
    assert set(created) == {"id", "status", "stream_url"}
    detail = client.get(f"/api/runs/{created['id']}").json()
    assert {
        "id",
        "demo",
        "status",
        "argv",
        "exit_code",
        "timed_out",
        "started_at",
        "finished_at",
        "log_bytes",
        "truncated",
    } <= set(detail)
    assert detail["status"] == "succeeded" and detail["exit_code"] == 0
    stream = client.get(created["stream_url"])
    assert stream["Content-Type"] == "text/event-stream"
    events = b"".join(stream.streaming_content).decode()
    outputs = [json.loads(line[6:]) for line in events.splitlines() if line.startswith('data: "')]
    assert "".join(outputs) == "hello\nto stderr\nbye\n"
    assert events.rstrip().splitlines()[-1].startswith("data: {")
    assert '"status": "succeeded"' in events.split("event: status")[1]


@pytest.mark.slow  # a demo that prints for seconds
def test_stream_resumes_after_last_event_id(client, demo_content, settings):
    settings.FIELDGUIDE_DEMO_LOG_LIMIT = 10 * 1024 * 1024
    run_id = post(client, "/api/demos/counter/runs").json()["id"]
    first = b"".join(client.get(f"/api/runs/{run_id}/stream").streaming_content).decode()
    ids = [int(line[4:]) for line in first.splitlines() if line.startswith("id: ")]
    outputs = [json.loads(line[6:]) for line in first.splitlines() if line.startswith('data: "')]
    assert "".join(outputs) == "".join(f"{i}\n" for i in range(30))
    resumed = b"".join(
        client.get(
            f"/api/runs/{run_id}/stream", headers={"Last-Event-ID": str(ids[0])}
        ).streaming_content
    ).decode()
    again = [json.loads(line[6:]) for line in resumed.splitlines() if line.startswith('data: "')]
    assert again == outputs[1:]


def test_transcript_download(client, demo_content):
    run_id = post(client, "/api/demos/greet/runs", {"params": {"name": "zoe"}}).json()["id"]
    response = client.get(f"/api/runs/{run_id}/transcript")
    assert response["Content-Disposition"] == f'attachment; filename="greet-run-{run_id}.txt"'
    assert response.content == b"hello zoe in green\n"


def test_unknown_demo_is_404_and_spawns_nothing(client, demo_content, settings):
    assert post(client, "/api/demos/rm-rf/runs").status_code == 404
    assert post(client, "/api/demos/../hello/runs").status_code == 404
    assert nothing_spawned(settings)


@pytest.mark.parametrize(
    ("demo", "body", "named"),
    [
        ("greet", {"params": {"name": "bob; rm -rf ~"}}, "name"),
        ("greet", {"params": {"name": "$(reboot)"}}, "name"),
        ("greet", {"params": {"name": "../../etc"}}, "name"),
        ("greet", {"params": {"name": "--settings=evil"}}, "name"),
        ("greet", {"params": {"name": "-c"}}, "name"),
        ("greet", {"params": {"colour": "blue"}}, "colour"),
        ("greet", {"params": {"name": ["a", "b"]}}, "name"),
        ("greet", {"params": {"extra": "x"}}, "extra"),
        ("greet", {"params": "name=bob"}, "params"),
        ("marker", {"params": {}, "argv": ["/bin/sh", "-c", "id"]}, "argv"),
        ("marker", {"workspace": "../../"}, "workspace"),
        ("echo", {"params": {"text": "x" * 41}}, "text"),
    ],
)
def test_bypass_attempts_are_refused_naming_the_parameter(
    client, demo_content, settings, demo, body, named
):
    response = post(client, f"/api/demos/{demo}/runs", body)
    assert response.status_code == 400
    data = response.json()
    assert named in data["error"] and data.get("param", data.get("field")) == named
    assert nothing_spawned(settings)


def test_a_placeholder_in_a_parameter_stays_a_literal(client, demo_content):
    run_id = post(client, "/api/demos/echo/runs", {"params": {"text": "{python} -c x; *"}}).json()[
        "id"
    ]
    run = DemoRun.objects.get(pk=run_id)
    assert run.argv[-1] == "{python} -c x; *" and len(run.argv) == 4
    assert client.get(f"/api/runs/{run_id}/transcript").content == b"['{python} -c x; *']\n"


def test_bad_json_is_400(client, demo_content, settings):
    response = client.post("/api/demos/hello/runs", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert nothing_spawned(settings)


def test_the_page_needs_a_csrf_token_the_token_header_does_not(
    anonymous_client, demo_content, settings
):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.get("/launch", {"token": settings.FIELDGUIDE_LAUNCH_TOKEN})
    assert post(browser, "/api/demos/hello/runs").status_code == 403
    token = browser.get("/api/csrf").json()["token"]
    response = browser.post(
        "/api/demos/hello/runs",
        "{}",
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201
    shell = Client(
        enforce_csrf_checks=True, headers={"X-Fieldguide-Token": settings.FIELDGUIDE_LAUNCH_TOKEN}
    )
    assert post(shell, "/api/demos/hello/runs").status_code == 201
    assert anonymous_client.post("/api/demos/hello/runs").status_code == 403


def test_cancel_a_queued_run(client, demo_content):
    run_id = DemoRun.objects.create(demo="marker", argv=[], timeout=5).pk
    response = post(client, f"/api/runs/{run_id}/cancel")
    assert response.status_code == 202 and response.json()["status"] == "cancelled"
    assert DemoRun.objects.get(pk=run_id).finished_at


def test_reset_workspace(client, demo_content, settings):
    post(client, "/api/demos/marker/runs")
    lab = settings.HOME.workspaces / "lab"
    assert (lab / "spawned.marker").exists()
    response = post(client, "/api/workspaces/lab/reset")
    assert response.status_code == 200
    assert not (lab / "spawned.marker").exists() and (lab / "pristine.txt").exists()
    assert post(client, "/api/workspaces/nope/reset").status_code == 404
    assert post(client, "/api/workspaces/..%2F..%2Fetc/reset").status_code == 404


def test_status_counts_running_demos(client, demo_content):
    DemoRun.objects.create(demo="sleeper", argv=[], timeout=5, status="running")
    assert client.get("/api/status").json()["running_demos"] == 1
