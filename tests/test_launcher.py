"""``run_django.py`` as the shell and packaging use it: real processes on temporary homes."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import CONTENT
from tests.servers import (
    ROOT,
    command,
    process_group_alive,
    read_first_line,
    start_server,
    stop_server,
)

pytestmark = pytest.mark.slow
TASKS_TABLE = "django_tasks_database_dbtaskresult"


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def launch(home: Path, env: dict[str, str], *extra: str) -> tuple[subprocess.Popen, dict]:
    process = subprocess.Popen(
        command(home, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    return process, read_first_line(process, 120, home)


def manage(home: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(home, "manage", *args), env=env, capture_output=True, text=True, timeout=180
    )


def test_ready_line_health_and_status(server):
    ready = server.ready
    assert ready["event"] == "ready"
    assert ready["url"] == f"http://127.0.0.1:{ready['port']}/"
    assert ready["pid"] == server.process.pid
    assert ready["home"] == str(server.home)
    assert ready["version"] and ready["token"]
    assert server.get("/health", token=False) == (200, b'{"status": "ok"}')
    assert server.get("/", token=False)[0] == 403
    assert server.get("/")[0] == 200
    assert wait_for(lambda: server.json("/api/status")["worker_alive"])
    status = server.json("/api/status")
    assert status["migrations_pending"] is False
    assert status["database"] == str(server.home / "db.sqlite3")
    assert status["running_demos"] == 0 and len(status["content_version"]) == 64


def test_static_files_are_served_compressed_without_token(server):
    _, page = server.get("/first-django-project/")
    css = re.search(rb'href="(/static/core/fieldguide\.[0-9a-f]+\.css)"', page)
    assert css, "whitenoise's manifest names carry a content hash"
    status, body = server.get(css.group(1).decode(), token=False, **{"Accept-Encoding": "gzip"})
    assert status == 200 and body[:2] == b"\x1f\x8b"


def test_only_local_host_names_are_answered(server):
    assert server.get("/health", token=False, Host="evil.example")[0] == 400
    assert server.get("/", Host=f"localhost:{server.ready['port']}")[0] == 200


def test_first_run_copies_the_prebuilt_home(server):
    assert (server.home / "db.sqlite3").is_file()
    assert (server.home / "schema.fingerprint").is_file()
    assert not list((server.home / "backups").iterdir()), "no migration, so no backup"
    assert b"Your first Django project, offline" in server.get("/")[1]


def test_token_from_the_environment_is_used_and_not_printed(tmp_path, server_env):
    running = start_server(tmp_path / "home", server_env, token="from-the-shell")
    try:
        assert "token" not in running.ready
        assert running.get("/")[0] == 200
        import http.cookiejar
        import urllib.request

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(running.url + "launch?token=from-the-shell") as response:
            assert response.status == 200 and b"Fieldguide tutorials" in response.read()
        assert any(cookie.name == "fieldguide_session" for cookie in jar)
    finally:
        stop_server(running)


def test_sigterm_stops_server_and_worker_within_five_seconds(tmp_path, server_env):
    running = start_server(tmp_path / "home", server_env)
    assert wait_for(lambda: running.json("/api/status")["worker_alive"])
    # stop_server also checks that no process of the group (worker included) survives.
    assert stop_server(running, timeout=5.0) < 5.0
    assert running.process.returncode == 0
    assert not (running.home / "server.json").exists()


def test_killed_launcher_takes_its_worker_with_it(tmp_path, server_env):
    running = start_server(tmp_path / "home", server_env)
    assert wait_for(lambda: running.json("/api/status")["worker_alive"])
    os.kill(running.process.pid, signal.SIGKILL)
    running.process.wait()
    assert wait_for(lambda: not process_group_alive(running.process.pid), timeout=15)


def test_second_server_on_the_same_home_is_refused(server, server_env):
    process, event = launch(server.home, server_env)
    assert process.wait(30) != 0
    assert event["event"] == "error"
    assert str(server.home) in event["message"] and "already using" in event["message"]
    assert server.get("/")[0] == 200


def test_unwritable_home_is_an_error_naming_it(tmp_path, server_env):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    home = blocker / "home"
    process, event = launch(home, server_env)
    assert process.wait(30) != 0
    assert event["event"] == "error" and str(home) in event["message"]


def test_busy_port_is_an_error(tmp_path, server_env):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        process, event = launch(tmp_path / "home", server_env, "--port", str(port))
        assert process.wait(30) != 0
    assert event["event"] == "error" and str(port) in event["message"]


def test_invalid_admin_allowlist_is_an_error_naming_file_demo_and_field(tmp_path, server_env):
    home = tmp_path / "home"
    home.mkdir()
    (home / "demos.toml").write_text(
        '[demos.extra]\ntitle = "x"\nargv = ["{python}"]\ntimeout = -1\n'
    )
    process, event = launch(home, server_env)
    assert process.wait(30) != 0
    assert event["event"] == "error"
    assert (event["file"], event["demo"], event["field"]) == (
        str(home / "demos.toml"),
        "extra",
        "timeout",
    )


def test_worker_runs_the_tasks_wagtail_enqueues(server, server_env, tmp_path):
    tutorials = tmp_path / "edited"
    shutil.copytree(CONTENT / "tutorials", tutorials)
    step = tutorials / "writing-a-lesson" / "02-front-matter.md"
    step.write_text(step.read_text().replace("needs only its `title`", "needs only a `title`"))
    result = manage(server.home, server_env, "load_content", str(tutorials))
    assert result.returncode == 0, result.stderr

    def pending() -> int:
        with sqlite3.connect(server.home / "db.sqlite3") as db:
            return db.execute(
                f"SELECT count(*) FROM {TASKS_TABLE} WHERE status != 'SUCCESSFUL'"  # noqa: S608
            ).fetchone()[0]

    with sqlite3.connect(server.home / "db.sqlite3") as db:
        enqueued = db.execute(f"SELECT count(*) FROM {TASKS_TABLE}").fetchone()[0]  # noqa: S608
    assert enqueued > 0
    assert wait_for(lambda: pending() == 0, timeout=30)


def test_a_schema_change_backs_up_then_migrates(tmp_path, server_env):
    home = tmp_path / "home"
    assert manage(home, server_env, "migrate", "django_tasks_database", "0020").returncode == 0
    (home / "schema.fingerprint").write_text("an older build\n")
    running = start_server(home, server_env)
    try:
        assert running.json("/api/status")["migrations_pending"] is False
        backups = list((home / "backups").glob("db-*.sqlite3"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as db:
            applied = {
                row[0]
                for row in db.execute(
                    "SELECT name FROM django_migrations WHERE app = 'django_tasks_database'"
                )
            }
        assert "0021_conditional_partial_index_ordering" not in applied
    finally:
        stop_server(running)


def test_manage_runs_commands_on_the_home(tmp_path, server_env):
    home = tmp_path / "home"
    result = manage(home, server_env, "check")
    assert result.returncode == 0, result.stderr
    assert (home / "db.sqlite3").is_file()


def test_open_starts_an_app_window_and_stops_when_it_closes(tmp_path, server_env):
    record = tmp_path / "browser-args.json"
    fake = tmp_path / "fake-chromium"
    fake.write_text(
        textwrap.dedent(f"""\
        #!{sys.executable}
        import json, sys, time
        open({str(record)!r}, "w").write(json.dumps(sys.argv[1:]))
        time.sleep(2)
    """)
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {**server_env, "FIELDGUIDE_BROWSER": str(fake)}
    process, event = launch(tmp_path / "home", env, "--open")
    assert event["event"] == "ready"
    assert process.wait(30) == 0, "closing the window stops the server"
    args = json.loads(record.read_text())
    assert f"--app={event['url']}launch?token={event['token']}" in args
    assert f"--user-data-dir={tmp_path / 'home' / 'browser-profile'}" in args
    assert "--disable-background-networking" in args
    assert wait_for(lambda: not process_group_alive(process.pid))


def test_help_documents_the_flags():
    result = subprocess.run(
        [sys.executable, str(ROOT / "run_django.py"), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for flag in ("--home", "--port", "--open", "manage", "build"):
        assert flag in result.stdout
