"""Service demos on real processes: the allowlist's service fields, readiness, the preview
through /preview/ (for the learner who started it only), Stop, the limits, and nothing left
running afterwards. The runner runs in a thread, as a demo worker would run it; the real
run_django.py with its real workers is at the end (slow)."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fieldguide.demos.allowlist import AllowlistError, parse_file
from fieldguide.demos.listeners import decode, exposed
from fieldguide.demos.logs import transcript
from fieldguide.demos.models import DemoRun
from fieldguide.demos.processes import alive, session_members, terminate_session
from fieldguide.demos.runner import execute
from fieldguide.learners.models import LearnerSession

pytestmark = pytest.mark.django_db(transaction=True)

SERVICES = """
[demos.web]
title = "Serve the lab folder"
kind = "service"
argv = ["{python}", "-m", "http.server", "--bind", "127.0.0.1", "{port}"]
workspace = "lab"
ready = "Serving HTTP on"
ready_timeout = 20
max_lifetime = 120

[demos.web-url]
title = "Serve the lab folder, ready when it answers"
kind = "service"
argv = ["{python}", "-m", "http.server", "--bind", "127.0.0.1", "{port}"]
workspace = "lab"
ready_url = "/pristine.txt"

[demos.web-everywhere]
title = "Serve the lab folder on every interface"
kind = "service"
argv = ["{python}", "-m", "http.server", "{port}"]
workspace = "lab"
ready = "Serving HTTP on"

[demos.app]
title = "A small app"
kind = "service"
argv = ["{python}", "app.py", "127.0.0.1:{port}"]
workspace = "lab"
ready = "^listening"

[demos.mute]
title = "Never ready"
kind = "service"
argv = ["{python}", "-c", "import time; print('starting', flush=True); time.sleep(60)", "{port}"]
workspace = "lab"
ready = "will never be printed"
ready_timeout = 1

[demos.brief]
title = "Lives two seconds"
kind = "service"
argv = ["{python}", "-m", "http.server", "--bind", "127.0.0.1", "{port}"]
workspace = "lab"
ready = "Serving HTTP on"
max_lifetime = 2
"""

# A service that shows what reaches it and answers as ordinary apps do.
APP = """\
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

host, port = sys.argv[1].split(":")
PAGE = (b'<!doctype html><title>App</title><a href="/polls/">Polls</a> <img src=\\'/static/logo.png\\'>'
        b'<form action=/vote method=post></form><a href="//elsewhere/x">x</a><a href="relative">r</a>')


class App(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        if self.path == "/cookies":
            self.send_header("Set-Cookie", "csrftoken=from-the-app; Path=/")
            self.send_header("Set-Cookie", "theme=dark; Path=/settings; Domain=127.0.0.1; HttpOnly")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/page":
            self.answer(200, PAGE, "text/html; charset=utf-8", X_Frame_Options="DENY",
                        Content_Security_Policy="frame-ancestors 'none'; img-src 'self'")
        elif self.path == "/redirect":
            self.answer(302, b"", Location="/landing")
        elif self.path == "/absolute":
            self.answer(302, b"", Location=f"http://127.0.0.1:{port}/landing?x=1")
        else:
            seen = {"method": self.command, "path": self.path, "headers": dict(self.headers)}
            self.answer(200, json.dumps(seen).encode())

    do_HEAD = do_GET

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer(201, json.dumps({"method": self.command, "body": body.decode()}).encode())

    do_PUT = do_DELETE = do_POST


server = ThreadingHTTPServer((host, int(port)), App)
print("listening on", port, flush=True)
server.serve_forever()
"""


def post(client, url: str, body: object | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


class Started:
    """A run of a service, executed in a thread; ``stop()`` asks for it as the page does."""

    every: list[Started] = []  # stopped after each test, whatever became of it

    def __init__(self, client, demo_id: str) -> None:
        self.client = client
        response = post(client, f"/api/demos/{demo_id}/runs")
        assert response.status_code == 201, response.content
        self.id = response.json()["id"]
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._execute, daemon=True)
        self.thread.start()
        Started.every.append(self)

    @classmethod
    def stop_all(cls) -> None:
        """A test that failed half-way must not leave its service running after it."""
        for started in cls.every:
            if started.thread.is_alive():
                DemoRun.objects.filter(pk=started.id).update(cancel_requested=True)
                started.thread.join(10)
            pid = DemoRun.objects.filter(pk=started.id).values_list("pid", flat=True).first()
            if pid:
                terminate_session(pid)
        cls.every.clear()

    def _execute(self) -> None:
        try:
            execute(self.id)
        except BaseException as error:  # shown by join(): a thread's error would be lost
            self.error = error

    @property
    def run(self) -> DemoRun:
        return DemoRun.objects.get(pk=self.id)

    def wait_ready(self, timeout: float = 60) -> DemoRun:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = self.run
            if run.ready_at or run.finished:
                break
            time.sleep(0.02)
        assert run.ready_at, (run.status, run.port, transcript(run))
        return run

    def wait(self, timeout: float = 60) -> None:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the runner never finished"
        assert self.error is None, repr(self.error)

    def join(self, timeout: float = 60) -> DemoRun:
        self.wait(timeout)
        return self.run

    def stop(self) -> DemoRun:
        assert post(self.client, f"/api/runs/{self.id}/cancel").status_code == 202
        return self.join()


@pytest.fixture
def services(demo_content: Path, settings) -> Iterator[Path]:
    """The test demos plus the service demos above; runs are queued, not run inline: each
    test runs them in a thread, as a demo worker would."""
    allowlist = demo_content / "demos.toml"
    allowlist.write_text(allowlist.read_text() + SERVICES)
    (demo_content / "workspaces" / "lab" / "app.py").write_text(APP)
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "demos"],
        }
    }
    try:
        yield demo_content
    finally:
        Started.stop_all()


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def nothing_left(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while (alive(pid) or session_members(pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid) and not session_members(pid)


def test_a_service_is_previewed_for_its_learner_only_and_stop_leaves_nothing(client, services):
    service = Started(client, "web")
    run = service.wait_ready()
    assert run.status == "running" and run.port and run.pid
    assert run.argv[-1] == "{port}", "the run records the template, never the port"
    detail = client.get(f"/api/runs/{service.id}").json()
    assert detail["kind"] == "service" and detail["preview_url"] == f"/preview/{service.id}/"
    assert detail["command"] == f"python -m http.server --bind 127.0.0.1 {run.port}"

    page = client.get(f"/preview/{service.id}/")
    assert page.status_code == 200 and b"pristine.txt" in body_of(page)
    file = client.get(f"/preview/{service.id}/pristine.txt")
    assert body_of(file) == b"pristine\n" and file["Content-Type"].startswith("text/plain")
    assert client.head(f"/preview/{service.id}/pristine.txt").status_code == 200

    # Another learner at this seat (after the first one's session): the run is not theirs.
    other = LearnerSession.objects.create(key="someone-else")
    assert client.get(f"/preview/{service.id}/").status_code == 404
    other.delete()
    assert client.get(f"/preview/{service.id}/").status_code == 200

    stopped = service.stop()
    assert stopped.status == "cancelled" and not stopped.timed_out
    assert nothing_left(run.pid), "a process of the service outlived Stop"
    assert client.get(f"/preview/{service.id}/").status_code == 404
    assert "preview_url" not in client.get(f"/api/runs/{service.id}").json()


def test_ready_url_is_polled_until_it_answers(client, services):
    service = Started(client, "web-url")
    run = service.wait_ready()
    assert body_of(client.get(f"/preview/{service.id}/pristine.txt")) == b"pristine\n"
    service.stop()
    assert nothing_left(run.pid)


def test_the_proxy_forwards_methods_and_keeps_cookies_and_tokens_apart(client, services):
    service = Started(client, "app")
    run = service.wait_ready()
    base = f"/preview/{service.id}"
    client.cookies["csrftoken"] = "fieldguides-own"
    client.cookies[f"preview{service.id}_sessionid"] = "the-apps-own"
    seen = json.loads(body_of(client.get(f"{base}/look/here?q=1%202")))
    assert seen["path"] == "/look/here?q=1%202" and seen["method"] == "GET"
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    assert headers["cookie"] == "sessionid=the-apps-own", "Fieldguide's cookies stay behind"
    assert "x-fieldguide-token" not in headers, "the launch token never reaches a service"
    assert headers["host"] == f"127.0.0.1:{run.port}"
    assert headers["x-forwarded-prefix"] == base

    for method in ("post", "put", "delete"):
        response = getattr(client, method)(f"{base}/echo", "a=1&b=2", content_type="text/plain")
        assert response.status_code == 201, method
        assert json.loads(body_of(response)) == {"method": method.upper(), "body": "a=1&b=2"}

    cookies = client.get(f"{base}/cookies").cookies
    assert cookies[f"preview{service.id}_csrftoken"]["path"] == f"{base}/"
    assert cookies[f"preview{service.id}_theme"]["path"] == f"{base}/settings"
    assert not cookies[f"preview{service.id}_theme"]["domain"]
    assert "csrftoken" not in cookies, "the app's cookie must not replace Fieldguide's"

    assert client.get(f"{base}/redirect")["Location"] == f"{base}/landing"
    assert client.get(f"{base}/absolute")["Location"] == f"{base}/landing?x=1"

    page = client.get(f"{base}/page")
    html = body_of(page).decode()
    assert f'href="{base}/polls/"' in html and f"src='{base}/static/logo.png'" in html
    assert f"action={base}/vote" in html
    assert 'href="//elsewhere/x"' in html and 'href="relative"' in html
    assert page["X-Frame-Options"] == "SAMEORIGIN"
    policy = page["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy and "frame-ancestors 'self'" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    assert policy.endswith("img-src 'self'"), "the app's own policy applies too"
    assert client.options(f"{base}/").status_code == 405
    service.stop()
    assert nothing_left(run.pid)


def test_no_preview_for_queued_commands_unknown_or_unready_runs(client, services):
    queued = post(client, "/api/demos/web/runs").json()["id"]
    assert client.get(f"/preview/{queued}/").status_code == 404
    command = post(client, "/api/demos/hello/runs").json()["id"]
    execute(command)
    DemoRun.objects.filter(pk=command).update(status="running", port=1, ready_at=None)
    assert client.get(f"/preview/{command}/").status_code == 404
    assert client.get("/preview/999999/").status_code == 404
    assert post(client, f"/api/runs/{queued}/cancel").json()["status"] == "cancelled"
    assert execute(queued) == "cancelled", "a service stopped while queued never starts"


def test_the_preview_needs_the_launch_token(anonymous_client, client, services):
    service = Started(client, "web")
    service.wait_ready()
    assert anonymous_client.get(f"/preview/{service.id}/").status_code == 403
    service.stop()


def test_a_service_listening_beyond_127_0_0_1_is_stopped(client, services):
    service = Started(client, "web-everywhere")
    run = service.join()
    assert run.status == "failed"
    assert "beyond this machine, so it was stopped: a service must bind 127.0.0.1" in (
        transcript(run)
    )
    assert nothing_left(run.pid)


def test_a_stored_argv_with_a_port_in_it_is_refused(client, services):
    run_id = post(client, "/api/demos/web/runs").json()["id"]
    DemoRun.objects.filter(pk=run_id).update(
        argv=[*DemoRun.objects.get(pk=run_id).argv[:-1], "8000"]
    )
    assert execute(run_id) == "failed"
    assert "does not match the allowlist" in transcript(DemoRun.objects.get(pk=run_id))


def test_a_seat_reset_stops_a_running_service(client, services):
    from fieldguide.demos.history import stop_active_runs
    from fieldguide.instructor.seat import reset_seat

    service = Started(client, "web")
    run = service.wait_ready()
    # A seat reset's first step (instructor/seat.py); the rest deletes the records. They are
    # taken one after the other here: the in-memory test database locks a table written by
    # two threads at once, where the real one (WAL, a busy timeout) makes the runner wait.
    stop_active_runs()
    assert service.join().status == "cancelled"
    assert nothing_left(run.pid)
    reset_seat()
    assert not DemoRun.objects.exists()


@pytest.mark.slow  # waits out a real ready_timeout
def test_a_service_never_ready_is_stopped_at_its_ready_timeout_and_says_so(client, services):
    service = Started(client, "mute")
    run = service.join()
    assert run.status == "failed" and run.timed_out and run.ready_at is None
    assert transcript(run).endswith(
        "[Fieldguide: the service was not ready within 1 s (nothing it printed matched), "
        "so it was stopped.]\n"
    )
    assert nothing_left(run.pid)
    detail = client.get(f"/api/runs/{service.id}").json()
    assert detail["ready_timeout"] == 1 and detail["ready_at"] is None


@pytest.mark.slow  # waits out a real max_lifetime
def test_max_lifetime_ends_a_service(client, services):
    service = Started(client, "brief")
    run = service.join()
    assert run.status == "timed_out" and run.timed_out and run.ready_at
    assert "[Fieldguide: the service reached its 2 s limit, so it was stopped.]" in (
        transcript(run)
    )
    assert nothing_left(run.pid)


# The allowlist's service fields.

SERVICE = 'title = "x"\nkind = "service"\nargv = ["{python}", "-m", "http.server", "{port}"]\n'


def write(tmp_path: Path, entry: str) -> Path:
    path = tmp_path / "demos.toml"
    path.write_text(f"[demos.svc]\n{entry}\n")
    return path


def test_a_service_entry_parses_with_its_defaults(tmp_path):
    demo = parse_file(write(tmp_path, SERVICE + 'ready = "Serving"'))["svc"]
    assert demo.is_service and demo.timeout == 900 and demo.ready_timeout == 30
    assert demo.command_line() == "python -m http.server {port}"
    embedded = parse_file(
        write(
            tmp_path,
            'title = "x"\nkind = "service"\nready_url = "/health?full=1"\n'
            'argv = ["{python}", "manage.py", "runserver", "127.0.0.1:{port}"]',
        )
    )["svc"]
    assert embedded.command_line() == "python manage.py runserver 127.0.0.1:{port}"
    assert embedded.command_line(port=8123) == "python manage.py runserver 127.0.0.1:8123"
    assert embedded.substitute("/py", {}, 8123)[-1] == "127.0.0.1:8123"


@pytest.mark.parametrize(
    ("entry", "field", "reason"),
    [
        (SERVICE.replace('"service"', '"daemon"'), "kind", '"command" or "service"'),
        (SERVICE, "ready", "exactly one of ready or ready_url"),
        (SERVICE + 'ready = "a"\nready_url = "/"', "ready", "exactly one"),
        (SERVICE + 'ready = "("', "ready", "invalid regex"),
        (SERVICE + 'ready = ""', "ready", "regular expression"),
        (SERVICE + 'ready_url = "http://example.org/"', "ready_url", "a path on the service"),
        (SERVICE + 'ready_url = "//example.org/"', "ready_url", "a path on the service"),
        (SERVICE + 'ready_url = "/a b"', "ready_url", "a path on the service"),
        (SERVICE + 'ready = "a"\nready_timeout = 0', "ready_timeout", "1 to 600"),
        (SERVICE + 'ready = "a"\nready_timeout = "30"', "ready_timeout", "1 to 600"),
        (SERVICE + 'ready = "a"\nmax_lifetime = 0', "max_lifetime", "1 to 86400"),
        (SERVICE + 'ready = "a"\nmax_lifetime = 5\nready_timeout = 10', "ready_timeout",
         "not exceed max_lifetime"),
        (SERVICE + 'ready = "a"\ntimeout = 60', "timeout", "set max_lifetime"),
        ('title = "x"\nkind = "service"\nargv = ["{python}", "-m", "http.server"]\nready = "a"',
         "argv", "needs {port}"),
        (SERVICE.replace("{port}", "{port}{x}") + 'ready = "a"\nparams.x = { choices = ["1"] }',
         "argv[3]", "whole argv item"),
        (SERVICE.replace("{port}", "{p}") + 'ready = "a"\nparams.port = { choices = ["1"] }',
         "params.port", "the service's own port"),
        ('title = "x"\nargv = ["{python}", "-m", "http.server", "{port}"]', "argv[3]",
         'only for kind = "service"'),
        ('title = "x"\nargv = ["{python}", "x:{port}"]\nparams.port = { choices = ["1"] }',
         "argv[1]", "whole argv item"),
        ('title = "x"\nargv = ["{python}"]\nready = "a"', "ready", 'only for a kind = "service"'),
        ('title = "x"\nargv = ["{python}"]\nmax_lifetime = 5', "max_lifetime", "only for"),
    ],
)  # fmt: skip
def test_invalid_service_fields_name_the_field(tmp_path, entry, field, reason):
    path = write(tmp_path, entry)
    with pytest.raises(AllowlistError) as caught:
        parse_file(path)
    assert (caught.value.demo, caught.value.field) == ("svc", field)
    assert reason in str(caught.value)


def test_a_command_demo_may_still_have_a_parameter_named_port(tmp_path):
    entry = 'title = "x"\nargv = ["{python}", "{port}"]\nparams.port = { pattern = "^[0-9]+$" }'
    demo = parse_file(write(tmp_path, entry))["svc"]
    assert not demo.is_service and demo.substitute("py", {"port": "80"}) == ["py", "80"]


def test_listening_addresses_are_read_from_proc():
    import socket

    assert decode("0100007F:1F90") == (decode("0100007F:0050")[0], 8080)
    assert str(decode("00000000000000000000000001000000:0050")[0]) == "::1"
    before = set(exposed([os.getpid()]))  # whatever this test process listens on already
    with socket.socket() as loopback, socket.socket() as everywhere:
        loopback.bind(("127.0.0.1", 0))
        loopback.listen()
        assert set(exposed([os.getpid()])) == before
        everywhere.bind(("0.0.0.0", 0))  # noqa: S104 -- what the check must catch; never accepted
        everywhere.listen()
        port = everywhere.getsockname()[1]
        assert set(exposed([os.getpid()])) - before == {f"0.0.0.0:{port}"}


# Through a real run_django.py and its real demo workers.

ADMIN_SERVICE = """
[demos.files]
title = "Serve files"
kind = "service"
argv = ["{python}", "-m", "http.server", "--bind", "127.0.0.1", "{port}"]
ready = "Serving HTTP on"
"""


@pytest.mark.slow
def test_through_the_real_server_and_its_workers(tmp_path, server_env):
    """Previewed, stopped with the cancel route; a second one stopped by stopping Fieldguide."""
    import sqlite3
    import urllib.request

    from tests.servers import start_server, stop_server

    home = tmp_path / "home"
    home.mkdir()
    (home / "demos.toml").write_text(ADMIN_SERVICE)
    (home / "workspaces").mkdir()
    (home / "workspaces" / "index.html").write_text("<h1>Served by the service</h1>")
    server = start_server(home, server_env)

    def call(method: str, path: str) -> dict:
        request = urllib.request.Request(
            server.url + path.lstrip("/"),
            data=b"{}" if method == "POST" else None,
            method=method,
            headers={"X-Fieldguide-Token": server.token, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def start_ready() -> tuple[dict, int]:
        run_id = call("POST", "/api/demos/files/runs")["id"]
        deadline = time.monotonic() + 30
        while "preview_url" not in (run := call("GET", f"/api/runs/{run_id}")):
            assert time.monotonic() < deadline and run["status"] in ("queued", "running"), run
            time.sleep(0.1)
        with sqlite3.connect(home / "db.sqlite3") as db:
            (pid,) = db.execute("SELECT pid FROM demos_demorun WHERE id = ?", (run_id,)).fetchone()
        return run, pid

    try:
        run, pid = start_ready()
        status, body = server.get(run["preview_url"])
        assert status == 200 and b"<h1>Served by the service</h1>" in body
        assert call("POST", f"/api/runs/{run['id']}/cancel")["id"] == run["id"]
        deadline = time.monotonic() + 15
        while (run := call("GET", f"/api/runs/{run['id']}"))["status"] == "running":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert run["status"] == "cancelled"
        assert server.get(f"/preview/{run['id']}/")[0] == 404
        assert nothing_left(pid)
        _, pid = start_ready()
    finally:
        stop_server(server)
    assert nothing_left(pid), "a service outlived Fieldguide"


def test_the_shipped_runserver_demo_is_a_service():
    from fieldguide.demos.allowlist import load

    from tests.conftest import CONTENT

    demo = load(CONTENT / "demos.toml", workspaces=CONTENT / "workspaces")["runserver"]
    assert demo.is_service and demo.workspace == "django-starter"
    assert demo.command_line() == "python manage.py runserver 127.0.0.1:{port} --noreload"
    assert demo.ready == "Quit the server with"
