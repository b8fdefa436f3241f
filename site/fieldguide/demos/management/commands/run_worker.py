"""The supervised task worker: django-tasks-db's ``db_worker``, bound to its parent's life.

If the launcher dies without stopping it (SIGKILL, a crash), the worker must not live on as
an orphan holding the database: it watches its parent and shuts down when the parent goes.
A demo worker first marks the runs a crashed predecessor left ``running``. (Stopping the demo
it is running on SIGTERM is the runner's job: see ``runner.stopped_by_signals``.)
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands import db_worker

from fieldguide.demos.recovery import recover_interrupted
from fieldguide.demos.tasks import QUEUE

PARENT_ENV = "FIELDGUIDE_PARENT_PID"
PR_SET_PDEATHSIG = 1
FORCE_EXIT_AFTER = 5.0


def die_with_parent(parent: int) -> None:
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


class Command(db_worker.Command):
    help = (
        "Run a task worker for Fieldguide's launcher: django-tasks-db's db_worker, which also "
        "exits when the launcher does. --queue-name demos for demo runs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # A learner waits on the demos queue: poll it often, start at once, never reload.
        parser.set_defaults(interval=0.1, startup_delay=False, reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        parent = os.environ.get(PARENT_ENV, "")
        if parent.isdigit():
            die_with_parent(int(parent))
        if QUEUE in options["queue_name"].split(","):
            # A demo worker that crashed left its run "running": mark it, kill its processes.
            recover_interrupted(only_dead_workers=True)
        super().handle(*args, **options)
