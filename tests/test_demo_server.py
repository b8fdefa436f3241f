"""Demos through a real run_django.py and its real demo workers."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
import urllib.request

import pytest
from fieldguide.demos.processes import alive

from tests.servers import Server, start_server, stop_server

pytestmark = pytest.mark.slow

ADMIN_DEMOS = """
[demos.nap]
title = "Take a nap"
argv = ["{python}", "-c", "import time; print('napping', flush=True); time.sleep(30)"]
timeout = 60

[demos.lines]
title = "Print lines"
argv = ["{python}", "-c", "import time\\nfor i in range(40):\\n    print(i, flush=True)\\n    time.sleep(0.05)"]
"""


def api(server: Server, method: str, path: str, body: object | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        server.url + path.lstrip("/"),
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"X-Fieldguide-Token": server.token, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def sse(server: Server, path: str, last_id: int | None = None, stop_after: int | None = None):
    """(id, event, data) tuples from the stream; stops after ``stop_after`` output events."""
    headers = {"X-Fieldguide-Token": server.token}
    if last_id is not None:
        headers["Last-Event-ID"] = str(last_id)
    request = urllib.request.Request(server.url + path.lstrip("/"), headers=headers)
    events, current = [], {}
    with urllib.request.urlopen(request, timeout=60) as response:
        for raw in response:
            line = raw.decode().rstrip("\n")
            if not line:
                if "event" in current:
                    events.append(
                        (current.get("id"), current["event"], json.loads(current["data"]))
                    )
                    if stop_after and sum(e[1] == "output" for e in events) >= stop_after:
                        return events
                    if current["event"] == "status":
                        return events
                current = {}
            elif not line.startswith(":") and ": " in line:
                key, value = line.split(": ", 1)
                current[key] = value
    return events


def start_with_admin_demos(tmp_path, env) -> Server:
    """A server whose home has an administrator's demos.toml with the demos above."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "demos.toml").write_text(ADMIN_DEMOS)
    return start_server(home, env)


@pytest.fixture
def demo_server(tmp_path, server_env):
    running = start_with_admin_demos(tmp_path, server_env)
    try:
        yield running
    finally:
        stop_server(running)


def wait_status(server: Server, run_id: int, wanted: set[str], timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _, run = api(server, "GET", f"/api/runs/{run_id}")
        if run["status"] in wanted:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} never reached {wanted}: {run}")


def process_ids(home, run_id: int) -> tuple[int, int]:
    """The run's worker and demo pids, once the runner has recorded both (just after
    the run turns "running")."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with sqlite3.connect(home / "db.sqlite3") as db:
            row = db.execute(
                "SELECT worker_pid, pid FROM demos_demorun WHERE id = ?", (run_id,)
            ).fetchone()
        if row and all(row):
            return row
        time.sleep(0.05)
    raise AssertionError(f"run {run_id} never recorded its processes: {row}")


def test_a_shipped_demo_runs_through_the_worker_and_streams(demo_server):
    status, created = api(demo_server, "POST", "/api/demos/django-version/runs", {"params": {}})
    assert status == 201 and created["status"] == "queued"
    events = sse(demo_server, created["stream_url"])
    output = "".join(data for _, event, data in events if event == "output")
    assert output.startswith("5.2")
    assert events[-1][1] == "status" and events[-1][2]["status"] == "succeeded"


def test_the_stream_resumes_after_a_dropped_connection(demo_server):
    _, created = api(demo_server, "POST", "/api/demos/lines/runs", {})
    first = sse(demo_server, created["stream_url"], stop_after=2)  # then the client goes away
    last_id = int(first[-1][0])
    rest = sse(demo_server, created["stream_url"], last_id=last_id)
    text = "".join(d for _, e, d in first + rest if e == "output")
    assert text == "".join(f"{i}\n" for i in range(40))


def test_cancel_mid_run_over_http(demo_server):
    _, created = api(demo_server, "POST", "/api/demos/nap/runs", {})
    wait_status(demo_server, created["id"], {"running"})
    status, _ = api(demo_server, "POST", f"/api/runs/{created['id']}/cancel")
    assert status == 202
    run = wait_status(demo_server, created["id"], {"cancelled"}, timeout=10)
    assert run["timed_out"] is False and run["exit_code"] is not None


def test_a_killed_worker_leaves_an_interrupted_run_and_no_process(demo_server):
    _, created = api(demo_server, "POST", "/api/demos/nap/runs", {})
    worker_pid, demo_pid = process_ids(demo_server.home, created["id"])
    os.kill(worker_pid, signal.SIGKILL)
    # The supervisor restarts the worker, which marks the run and kills what it left.
    run = wait_status(demo_server, created["id"], {"interrupted"}, timeout=30)
    assert run["finished_at"]
    deadline = time.monotonic() + 5
    while alive(demo_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(demo_pid), "the demo outlived its worker"


def test_stopping_fieldguide_stops_a_running_demo(tmp_path, server_env):
    running = start_with_admin_demos(tmp_path, server_env)
    home = running.home
    _, created = api(running, "POST", "/api/demos/nap/runs", {})
    wait_status(running, created["id"], {"running"})
    assert stop_server(running, timeout=5.0) < 5.0  # and no process of the group survives
    with sqlite3.connect(home / "db.sqlite3") as db:
        (status,) = db.execute("SELECT status FROM demos_demorun").fetchone()
    assert status == "interrupted"


def test_the_concurrency_limit_queues_the_rest_and_says_so(tmp_path, server_env):
    running = start_with_admin_demos(tmp_path, {**server_env, "FIELDGUIDE_DEMO_CONCURRENCY": "1"})
    try:
        _, first = api(running, "POST", "/api/demos/nap/runs", {})
        wait_status(running, first["id"], {"running"})
        _, second = api(running, "POST", "/api/demos/lines/runs", {})
        time.sleep(1.0)
        _, waiting = api(running, "GET", f"/api/runs/{second['id']}")
        assert waiting["status"] == "queued"
        assert waiting["waiting_behind"] == 1 and waiting["concurrency"] == 1
        api(running, "POST", f"/api/runs/{first['id']}/cancel")
        assert wait_status(running, second["id"], {"succeeded"})["exit_code"] == 0
    finally:
        stop_server(running)


def test_after_a_crash_of_everything_the_next_start_interrupts_and_kills(tmp_path, server_env):
    running = start_with_admin_demos(tmp_path, server_env)
    home = running.home
    _, created = api(running, "POST", "/api/demos/nap/runs", {})
    _, demo_pid = process_ids(home, created["id"])
    os.killpg(
        running.process.pid, signal.SIGKILL
    )  # server and workers; the demo has its own session
    running.process.wait()
    assert alive(demo_pid), "the demo survived the crash (it lives in its own session)"
    restarted = start_server(home, server_env)
    try:
        _, run = api(restarted, "GET", f"/api/runs/{created['id']}")
        assert run["status"] == "interrupted"
        assert not alive(demo_pid)
    finally:
        stop_server(restarted)
