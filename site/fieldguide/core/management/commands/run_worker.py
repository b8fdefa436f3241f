"""The supervised task worker: django-tasks-db's worker, bound to its parent's life.

If the launcher dies without stopping it (SIGKILL, a crash), the worker must not live on as
an orphan holding the database: it watches its parent and shuts down when the parent goes.
On SIGTERM a demo worker stops the demo it is running (as ``interrupted``) instead of
waiting for it, so that stopping Fieldguide never waits for a demo's timeout.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time
from types import FrameType

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from fieldguide.demos import runner
from fieldguide.demos.recovery import recover_interrupted
from fieldguide.demos.tasks import QUEUE

PR_SET_PDEATHSIG = 1
FORCE_EXIT_AFTER = 5.0


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        # The kernel delivers SIGTERM the moment the parent dies.
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    def watch() -> None:
        # Portable fallback, and it covers a parent that died before prctl took effect.
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(FORCE_EXIT_AFTER)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _stop_demos_first(signum: int) -> None:
    previous = signal.getsignal(signum)

    def handler(number: int, frame: FrameType | None) -> None:
        runner.stop_all()
        if callable(previous):
            previous(number, frame)

    signal.signal(signum, handler)


class Command(BaseCommand):
    help = "Run a task worker for Fieldguide's launcher (exits when the launcher does)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            default="default",
            help="The task queue to work on: 'default' (Wagtail's tasks) or 'demos'.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=0.1,
            help="Seconds between polls of an empty queue (default: 0.1).",
        )

    def handle(self, *, queue: str, interval: float, **options) -> None:
        logging.getLogger("django_tasks_db").setLevel(logging.INFO)
        parent = os.environ.get("FIELDGUIDE_PARENT_PID")
        if parent and parent.isdigit():
            _die_with_parent(int(parent))
        if queue == QUEUE:
            # A demo worker that crashed left its run "running": mark it, kill its processes.
            recover_interrupted(only_dead_workers=True)
        worker = Worker(
            queue_names=[queue],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        for name in ("SIGTERM", "SIGINT"):
            _stop_demos_first(getattr(signal, name))
        worker.run()
