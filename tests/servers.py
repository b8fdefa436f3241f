"""Start and stop real ``run_django.py`` processes; failures show the child's output."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 120.0  # the first start in a session may build the artefacts


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    home: Path
    ready: dict[str, Any]
    token: str

    @property
    def url(self) -> str:
        return self.ready["url"]

    def get(self, path: str, token: bool = True, **headers: str) -> tuple[int, bytes]:
        if token:
            headers["X-Fieldguide-Token"] = self.token
        request = urllib.request.Request(self.url + path.lstrip("/"), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, path: str) -> Any:
        status, body = self.get(path)
        assert status == 200, (status, body[:500])
        return json.loads(body)


def command(home: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "run_django.py"), "--home", str(home), *extra]


def stderr_of(home: Path) -> str:
    try:
        return (home.parent / f"{home.name}.stderr.log").read_text(errors="replace")[-4000:]
    except OSError:
        return ""


def read_first_line(process: subprocess.Popen[bytes], timeout: float, home: Path) -> dict[str, Any]:
    """The first stdout line as JSON, or fail with everything the child said."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        if not selector.select(timeout=0.2):
            if process.poll() is not None:
                break
            continue
        chunk = os.read(process.stdout.fileno(), 1)
        if not chunk:
            break
        line += chunk
    if not line.endswith(b"\n"):
        process.kill()
        out, _ = process.communicate()
        raise AssertionError(f"no ready line: {line + out!r}\nstderr:\n{stderr_of(home)}")
    return json.loads(line)


def start_server(home: Path, env: dict[str, str], *extra: str, token: str | None = None) -> Server:
    env = dict(env)
    if token:
        env["FIELDGUIDE_LAUNCH_TOKEN"] = token
    home.parent.mkdir(parents=True, exist_ok=True)
    # stderr goes to a file: a pipe nobody reads would block a chatty server.
    with (home.parent / f"{home.name}.stderr.log").open("ab") as stderr:
        process = subprocess.Popen(
            command(home, *extra),
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            start_new_session=True,
        )
    event = read_first_line(process, READY_TIMEOUT, home)
    if event.get("event") != "ready":
        process.kill()
        process.communicate()
        raise AssertionError(f"{event}\nstderr:\n{stderr_of(home)}")
    return Server(process, home, event, token or event["token"])


def process_group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_server(server: Server, timeout: float = 10.0) -> float:
    """SIGTERM, wait, and make sure the whole process group is gone. Returns seconds taken."""
    started = time.monotonic()
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        server.process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.communicate()
        raise AssertionError("the server did not stop after SIGTERM") from None
    elapsed = time.monotonic() - started
    deadline = time.monotonic() + timeout
    while process_group_alive(server.process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if process_group_alive(server.process.pid):
        os.killpg(server.process.pid, signal.SIGKILL)
        raise AssertionError("a process of the server's group survived it")
    return elapsed
