"""The runner against real processes: output, environment, timeouts, cancel, caps."""

from __future__ import annotations

import json
import os
import resource
import threading
import time

import pytest
from fieldguide.demos.allowlist import configured_demos
from fieldguide.demos.argv import build_argv, resolve_params
from fieldguide.demos.logs import transcript
from fieldguide.demos.models import DemoRun
from fieldguide.demos.processes import alive
from fieldguide.demos.recovery import recover_interrupted
from fieldguide.demos.runner import execute

pytestmark = pytest.mark.django_db(transaction=True)


def queue(demo_id: str, **params: str) -> DemoRun:
    demo = configured_demos()[demo_id]
    values = resolve_params(demo, params)
    return DemoRun.objects.create(
        demo=demo_id,
        params=values,
        argv=build_argv(demo, values),
        workspace=demo.workspace,
        timeout=demo.timeout,
    )


def run(demo_id: str, **params: str) -> DemoRun:
    queued = queue(demo_id, **params)
    execute(queued.pk)
    queued.refresh_from_db()
    return queued


def test_output_is_logged_in_order_and_merged(demo_content):
    result = run("hello")
    assert result.status == "succeeded" and result.exit_code == 0
    assert transcript(result) == "hello\nto stderr\nbye\n"
    assert result.log_bytes == len("hello\nto stderr\nbye\n")
    assert result.started_at and result.finished_at


def test_params_reach_the_process_as_single_arguments(demo_content):
    result = run("greet", name="bob", colour="red")
    assert transcript(result) == "hello bob in red\n"
    assert result.argv[1:] == ["greet.py", "bob", "red"]


def test_environment_is_scrubbed(demo_content, settings, monkeypatch):
    monkeypatch.setenv("FIELDGUIDE_LAUNCH_TOKEN", "secret-token")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "fieldguide.settings.test")
    result = run("environ")
    env = json.loads(transcript(result))
    workspace = str(settings.HOME.workspaces / "lab")
    assert env["HOME"] == workspace and env["GREETING"] == "hi"
    assert env["PYTHONUNBUFFERED"] == "1"
    assert "DJANGO_SETTINGS_MODULE" not in env
    assert not any(
        "secret-token" in value or settings.SECRET_KEY in value for value in env.values()
    )
    assert set(env) <= {
        "PATH",
        "HOME",
        "LANG",
        "LC_ALL",
        "PYTHONUNBUFFERED",
        "PYTHONDONTWRITEBYTECODE",
        "TERM",
        "GREETING",
        "PWD",
        "LC_CTYPE",
    }


def test_runs_in_the_learners_copy_of_the_workspace(demo_content, settings):
    run("marker")
    assert (settings.HOME.workspaces / "lab" / "spawned.marker").exists()
    assert not (demo_content / "workspaces" / "lab" / "spawned.marker").exists()


@pytest.mark.slow  # waits out a real timeout and grace
def test_timeout_kills_the_whole_session_even_a_stubborn_grandchild(demo_content, settings):
    result = run("spawner", seconds="60")
    assert result.status == "timed_out" and result.timed_out
    assert result.exit_code is not None and result.exit_code < 0
    grandchild = int((settings.HOME.workspaces / "lab" / "grandchild.pid").read_text())
    deadline = time.monotonic() + 3
    while alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(grandchild), "the grandchild outlived the timeout"


def test_a_finished_demo_leaves_nothing_behind(demo_content, settings):
    result = run("spawner", seconds="0")
    assert result.status == "succeeded"
    grandchild = int((settings.HOME.workspaces / "lab" / "grandchild.pid").read_text())
    assert not alive(grandchild)


def test_cancel_mid_run(demo_content):
    queued = queue("counter")
    worker = threading.Thread(target=execute, args=(queued.pk,))
    worker.start()
    deadline = time.monotonic() + 10
    while not transcript(queued).startswith("0\n1\n") and time.monotonic() < deadline:
        time.sleep(0.05)
    DemoRun.objects.filter(pk=queued.pk).update(cancel_requested=True)
    worker.join(10)
    queued.refresh_from_db()
    assert queued.status == "cancelled" and not queued.timed_out
    assert "29" not in transcript(queued).split()


def test_a_cancelled_queued_run_never_starts(demo_content, settings):
    queued = queue("marker")
    DemoRun.objects.filter(pk=queued.pk).update(status="cancelled")
    assert execute(queued.pk) == "cancelled"
    assert not (settings.HOME.workspaces / "lab" / "spawned.marker").exists()


def test_a_200_mb_flood_is_capped_and_drained_with_flat_memory(demo_content):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run("flood")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.status == "succeeded", "the process finished: its pipe never blocked"
    assert result.truncated and result.log_bytes == 2 * 1024 * 1024
    text = transcript(result)
    assert text.endswith("The demo kept running; the rest of its output was discarded.]\n")
    assert grown_mb < 30, f"the runner's memory grew by {grown_mb:.0f} MB"
    assert result.chunks.count() < 200, "appended in chunks, not line by line"


def test_a_row_whose_argv_was_tampered_with_is_refused(demo_content, settings):
    queued = queue("marker")
    DemoRun.objects.filter(pk=queued.pk).update(argv=["/bin/sh", "-c", "touch pwned"])
    assert execute(queued.pk) == "failed"
    assert "does not match the allowlist" in transcript(DemoRun.objects.get(pk=queued.pk))
    assert not (settings.HOME.workspaces / "lab" / "pwned").exists()


def test_runs_left_running_by_a_crash_are_interrupted_and_killed(demo_content):
    import subprocess
    import sys

    from fieldguide.demos.processes import boot_id

    orphan = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    stale = queue("sleeper")
    DemoRun.objects.filter(pk=stale.pk).update(
        status="running", pid=orphan.pid, worker_pid=999999, boot_id=boot_id()
    )
    assert recover_interrupted(only_dead_workers=True) == [stale.pk]
    assert orphan.wait(5) is not None
    stale.refresh_from_db()
    assert stale.status == "interrupted" and stale.finished_at


def test_recovery_spares_runs_of_live_workers(demo_content):
    live = queue("sleeper")
    DemoRun.objects.filter(pk=live.pk).update(status="running", worker_pid=os.getpid())
    assert recover_interrupted(only_dead_workers=True) == []


def test_a_forced_worker_exit_still_records_the_run_and_kills_the_demo(demo_content, monkeypatch):
    from fieldguide.demos import runner

    queued = queue("sleeper")
    real_read = runner._read_available
    calls = []

    def read_then_die(*args):
        calls.append(1)
        if len(calls) > 5:
            raise SystemExit(1)  # what django-tasks-db's worker does on a second SIGTERM
        return real_read(*args)

    monkeypatch.setattr(runner, "_read_available", read_then_die)
    with pytest.raises(SystemExit):
        execute(queued.pk)
    queued.refresh_from_db()
    assert queued.status == "interrupted" and queued.finished_at
    assert not alive(queued.pid)
