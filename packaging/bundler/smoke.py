"""The bundle's smoke test: its own interpreter, a scrubbed environment, a fresh home, no
network; ready line, a step page, a demo run to success, a clean stop, nothing left running."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import selectors
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bundler.interpreter import interpreter

READY_TIMEOUT = 180.0
DEMO_TIMEOUT = 90.0
STOP_TIMEOUT = 20.0
FINISHED = {"succeeded", "failed", "timed_out", "cancelled", "interrupted"}
# Libraries any bundle may take from the system: the C library family, nothing else.
C_LIBRARY = re.compile(
    r"/(ld-linux[^/]*|libc|libm|libdl|libpthread|librt|libutil|libcrypt|libresolv|libnss_\w+|"
    r"libgcc_s|libstdc\+\+|libz)\.so[.\d]*$"
)
SYSTEM_LIBRARY_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")

Report = Callable[[bool, str], None]


class SmokeFailure(Exception):
    pass


class Client:
    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token

    def request(
        self, method: str, path: str, body: object | None = None, token: bool = True
    ) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["X-Fieldguide-Token"] = self.token
        request = urllib.request.Request(  # noqa: S310 - always the loopback server
            self.url + path.lstrip("/"),
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers=headers,
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def page(self, path: str) -> str:
        status, body = self.request("GET", path)
        if status != 200:
            raise SmokeFailure(f"GET {path} answered {status}")
        return body.decode()


def network_isolated() -> bool:
    """True inside a network namespace whose only interface is loopback."""
    try:
        lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    except OSError:
        return False
    return [line.split(":")[0].strip() for line in lines] == ["lo"]


def run(bundle: Path, report: Report, local_interpreter: bool = False) -> bool:
    """Each check calls report(ok, message); True if all held."""
    with tempfile.TemporaryDirectory(prefix="fieldguide-smoke-") as scratch:
        home = Path(scratch) / "home"
        token = secrets.token_urlsafe(24)
        # The whole environment (env -i): the launch token and nothing else.
        env = {"FIELDGUIDE_LAUNCH_TOKEN": token}
        log = Path(scratch) / "server.log"
        command = [str(interpreter(bundle / "python")), str(bundle / "run_django.py"),
                   "--home", str(home), "--port", "0"]  # fmt: skip
        with log.open("wb") as stderr:
            process = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=stderr, env=env, cwd=scratch,
                start_new_session=True,
            )  # fmt: skip
        ok = False
        try:
            ok = _exercise(process, bundle, token, report, local_interpreter)
        except (SmokeFailure, OSError, ValueError) as exc:
            report(False, f"{exc}\n{_tail(log)}")
            ok = False
        finally:
            ok = _stop(process, bundle, home, report) and ok
        return ok


def _exercise(
    process: subprocess.Popen[bytes], bundle: Path, token: str, report: Report, local: bool
) -> bool:
    started = time.monotonic()
    ready = _ready_line(process)
    if ready.get("event") != "ready":
        raise SmokeFailure(f"the server did not start: {ready.get('message', ready)}")
    report(True, f"ready line after {time.monotonic() - started:.1f} s at {ready['url']}")
    client = Client(ready["url"], token)

    status, _ = client.request("GET", "/", token=False)
    if status != 403:
        raise SmokeFailure(f"GET / without the launch token answered {status}, not 403")
    tutorial = _first(r'<h2><a href="([^"]+)"', client.page("/"), "a tutorial link on /")
    step = _first(
        r'href="([^"]+)" rel="next"', client.page(tutorial), f"a first step on {tutorial}"
    )
    step_html = client.page(step)
    report(True, f"step page {step} served with the token (and / refused without it)")

    libraries_ok = _libraries(process.pid, bundle, report, local)
    demo = _first(r'data-demo="([^"]+)"', step_html, f"a demo on {step}")
    status, body = client.request("POST", f"/api/demos/{demo}/runs", {"params": {}})
    if status != 201:
        raise SmokeFailure(f"starting demo {demo} answered {status}: {body[:300]!r}")
    run_id = json.loads(body)["id"]
    deadline = time.monotonic() + DEMO_TIMEOUT
    result: dict[str, Any] = {}
    while time.monotonic() < deadline:
        result = json.loads(client.request("GET", f"/api/runs/{run_id}")[1])
        if result.get("status") in FINISHED:
            break
        time.sleep(0.3)
    if result.get("status") != "succeeded" or result.get("exit_code") != 0:
        raise SmokeFailure(f"demo {demo} ended {result.get('status')}: {result}")
    report(True, f"demo {demo} ran to success through the run API")
    return libraries_ok


def _ready_line(process: subprocess.Popen[bytes]) -> dict[str, Any]:
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + READY_TIMEOUT
    line = b""
    while not line.endswith(b"\n"):
        if time.monotonic() > deadline:
            raise SmokeFailure(f"no ready line within {READY_TIMEOUT:.0f} s")
        if selector.select(timeout=0.5):
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise SmokeFailure(f"the server exited ({process.wait()}) before its ready line")
            line += chunk
        elif process.poll() is not None:
            raise SmokeFailure(f"the server exited ({process.returncode}) before its ready line")
    return json.loads(line.split(b"\n")[0])


def _first(pattern: str, html: str, what: str) -> str:
    found = re.search(pattern, html)
    if not found:
        raise SmokeFailure(f"found no {what}")
    return found.group(1)


def _libraries(pid: int, bundle: Path, report: Report, local_interpreter: bool) -> bool:
    """Every shared library the server mapped is the bundle's own or the C library's.

    A bundle built from a local interpreter (--python-home) may also use the system's
    libraries (OpenSSL, SQLite…), said in a note; a library from anywhere else always fails.
    """
    maps = Path(f"/proc/{pid}/maps")
    if not maps.exists():
        report(True, "shared libraries: not checked (no /proc on this system)")
        return True
    fields = (line.split(None, 5) for line in maps.read_text().splitlines())
    libraries = {parts[5].strip() for parts in fields if len(parts) == 6 and ".so" in parts[5]}
    outside = sorted(
        lib for lib in libraries
        if not lib.startswith(str(bundle)) and not C_LIBRARY.search(lib)
    )  # fmt: skip
    system = [lib for lib in outside if lib.startswith(SYSTEM_LIBRARY_DIRS)]
    foreign = [lib for lib in outside if lib not in system]
    if local_interpreter and system:
        print(f"note built with --python-home: uses the system's {', '.join(system)}")
        libraries -= set(system)
        system = []
    if foreign or system:
        report(False, "the server loaded libraries from outside the bundle: "
               + ", ".join(foreign + system))  # fmt: skip
        return False
    report(True, f"shared libraries: {len(libraries)} from the bundle or the C library, no others")
    return True


def _stop(process: subprocess.Popen[bytes], bundle: Path, home: Path, report: Report) -> bool:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
            report(True, "stopped on SIGTERM")
        except subprocess.TimeoutExpired:
            report(False, f"still running {STOP_TIMEOUT:.0f} s after SIGTERM; killed")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    survivors = _survivors(bundle, home)
    deadline = time.monotonic() + 5
    while survivors and time.monotonic() < deadline:
        time.sleep(0.2)
        survivors = _survivors(bundle, home)
    if survivors:
        for pid, _command in survivors:
            _kill(pid)
        report(False, "left running after the stop: " + "; ".join(f"{p} {w}" for p, w in survivors))
        return False
    if sys.platform == "linux":
        report(True, "nothing left running (no process of the bundle or in the home)")
    else:
        report(True, "process check: not possible without /proc (only the server was checked)")
    return True


def _survivors(bundle: Path, home: Path) -> list[tuple[int, str]]:
    """Processes running the bundle's programs, or working in the smoke test's home."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            exe = os.readlink(entry / "exe")
            cwd = os.readlink(entry / "cwd")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state == "Z":
            continue
        if exe.startswith(str(bundle)) or cwd.startswith(str(home)) or str(home) in cmdline:
            found.append((int(entry.name), cmdline.strip()[:120]))
    return found


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
