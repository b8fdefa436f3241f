"""What sets a service apart from a command while it runs: the free port it starts on, knowing
when it is ready (a line of its output, or a URL that answers), and the reasons Fieldguide
stops it early. The runner supervises it like any demo; this module only watches.
"""

from __future__ import annotations

import codecs
import http.client
import re
import socket
import threading
import time
from dataclasses import dataclass

from fieldguide.demos.allowlist import Demo
from fieldguide.demos.durations import duration_words
from fieldguide.demos.listeners import exposed
from fieldguide.demos.models import DemoRun
from fieldguide.demos.processes import session_members

HOST = "127.0.0.1"  # where services bind and the preview connects: never anywhere else
PROBE_INTERVAL = 0.1
PROBE_TIMEOUT = 2.0
# Listening beyond the loopback is looked for often while a service starts, then now and then.
EXPOSURE_CHECK_STARTING = 0.25
EXPOSURE_CHECK_READY = 2.0
TAIL_CHARACTERS = 4096  # a ready line split across reads still matches
# Terminal colours would stand between a ready pattern and the words it looks for.
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def free_port() -> int:
    """A port nobody listens on now. Another program could take it before the service binds
    it; the service then fails to start, and says why in its output."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Stop:
    """Why Fieldguide stopped a run early: its final status, and the note its log ends with."""

    status: str
    note: str
    timed_out: bool = False


class ReadyProbe:
    """Polls ``http://127.0.0.1:<port><path>`` in a thread until anything answers: any HTTP
    status means the server is up (a 404 or a 500 is a server answering)."""

    def __init__(self, port: int, path: str) -> None:
        self.port, self.path = port, path
        self.answered = threading.Event()
        self.closed = threading.Event()
        threading.Thread(target=self._poll, name=f"ready-probe-{port}", daemon=True).start()

    def _poll(self) -> None:
        while not self.closed.is_set():
            connection = http.client.HTTPConnection(HOST, self.port, timeout=PROBE_TIMEOUT)
            try:
                connection.request("GET", self.path)
                connection.getresponse()
                self.answered.set()
                return
            except (OSError, http.client.HTTPException):
                pass
            finally:
                connection.close()
            self.closed.wait(PROBE_INTERVAL)

    def close(self) -> None:
        self.closed.set()


class ServiceWatch:
    """Feeds on the service's output, and tells the runner when it became ready and whether
    it must be stopped: not ready within its ``ready_timeout``, or listening beyond
    127.0.0.1."""

    def __init__(self, demo: Demo, port: int, pid: int) -> None:
        self.demo, self.pid = demo, pid
        self.pattern = re.compile(demo.ready, re.MULTILINE) if demo.ready else None
        self.probe = ReadyProbe(port, demo.ready_url) if demo.ready_url else None
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.tail = ""
        self.matched = False
        self.ready = False
        self.deadline = time.monotonic() + demo.ready_timeout
        self.next_exposure_check = 0.0

    def feed(self, data: bytes) -> None:
        if self.pattern is None or self.matched:
            return
        text = ESCAPES.sub("", self.tail + self.decoder.decode(data))
        if self.pattern.search(text):
            self.matched = True
        else:
            self.tail = text[-TAIL_CHARACTERS:]

    def became_ready(self) -> bool:
        """True once, when the service is first seen ready."""
        if self.ready:
            return False
        self.ready = self.matched or (self.probe is not None and self.probe.answered.is_set())
        return self.ready

    def stop_reason(self, now: float) -> Stop | None:
        if not self.ready and now >= self.deadline:
            how = "nothing it printed matched" if self.pattern else "its address did not answer"
            return Stop(
                DemoRun.Status.FAILED,
                f"the service was not ready within {duration_words(self.demo.ready_timeout)} "
                f"({how}), so it was stopped.",
                timed_out=True,
            )
        if now >= self.next_exposure_check:
            wait = EXPOSURE_CHECK_READY if self.ready else EXPOSURE_CHECK_STARTING
            self.next_exposure_check = now + wait
            beyond = exposed(session_members(self.pid))
            if beyond:
                return Stop(
                    DemoRun.Status.FAILED,
                    f"the service listens on {', '.join(beyond)}, beyond this machine, so it "
                    f"was stopped: a service must bind {HOST} only.",
                )
        return None

    def out_of_time(self) -> Stop:
        return Stop(
            DemoRun.Status.TIMED_OUT,
            f"the service reached its {duration_words(self.demo.timeout)} limit, so it was "
            "stopped.",
            timed_out=True,
        )

    def close(self) -> None:
        if self.probe is not None:
            self.probe.close()
