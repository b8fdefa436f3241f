"""Supervision of the django-tasks-db worker: started after the ready line, restarted if it
dies (with a back-off), stopped with the server."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from fieldguide.home import CODE_ROOT, Home

logger = logging.getLogger("fieldguide.launcher")
STOP_GRACE = 3.0
MAX_BACKOFF = 30.0
# What the worker must not inherit: the launch token lets anything talk to the server.
PRIVATE_ENV = ("FIELDGUIDE_LAUNCH_TOKEN",)


class WorkerSupervisor:
    def __init__(self, home: Home, queue: str = "default", name: str = "worker") -> None:
        self.home = home
        self.queue = queue
        self.name = name
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.started_at = 0.0
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            str(CODE_ROOT / "run_django.py"),
            "--home",
            str(self.home.root),
            "manage",
            "run_worker",
            "--queue-name",
            self.queue,
        ]

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
        env["FIELDGUIDE_PARENT_PID"] = str(os.getpid())
        return env

    def spawn(self) -> None:
        log: Path = self.home.logs / f"{self.name}.log"
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                cwd=CODE_ROOT,
            )
        self.started_at = time.monotonic()
        logger.info("%s started (pid %d)", self.name, self.process.pid)

    def start(self) -> None:
        self.spawn()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        backoff = 1.0
        while not self._stopping.is_set():
            process = self.process
            if process is None or process.poll() is None:
                self._stopping.wait(0.5)
                continue
            if self._stopping.is_set():
                return
            # A worker that ran for a while earns a fresh back-off; a crash loop does not.
            if time.monotonic() - self.started_at > 60:
                backoff = 1.0
            logger.warning(
                "Worker exited with %s; restarting in %.0f s", process.returncode, backoff
            )
            if self._stopping.wait(backoff):
                return
            self.restarts += 1
            self.spawn()
            backoff = min(backoff * 2, MAX_BACKOFF)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def begin_stop(self) -> None:
        """SIGTERM now, so that several workers stop in parallel; ``stop`` then waits.

        Only once: a second SIGTERM tells django-tasks-db's worker to abandon its task at once.
        """
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def stop(self) -> None:
        """SIGTERM (the worker abandons its task), then SIGKILL after a grace."""
        self.begin_stop()
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            process.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            logger.warning("Worker did not stop in %.0f s; killing it", STOP_GRACE)
            process.kill()
            process.wait()
