"""The supervised task worker: django-tasks-db's ``db_worker``, bound to its parent's life.

If the launcher dies without stopping it (SIGKILL, a crash), the worker must not live on as
an orphan holding the database: it watches its parent and shuts down when the parent goes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

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


class Command(BaseCommand):
    help = "Run the task worker for Fieldguide's launcher (exits when the launcher does)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="Seconds between polls of an empty queue (default: 0.5).",
        )

    def handle(self, *, interval: float, **options) -> None:
        parent = os.environ.get("FIELDGUIDE_PARENT_PID")
        if parent and parent.isdigit():
            _die_with_parent(int(parent))
        call_command(
            "db_worker",
            queue_name="*",
            interval=interval,
            startup_delay=False,
            reload=False,
            verbosity=options["verbosity"],
        )
