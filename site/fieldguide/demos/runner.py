"""Running one demo: in its own session, in the learner's workspace, with a scrubbed
environment, its output logged as it comes, and killed (with everything it started) at its
timeout or on Cancel."""

from __future__ import annotations

import logging
import os
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from django.conf import settings
from django.utils import timezone

from fieldguide.demos.allowlist import AllowlistError, configured_demos
from fieldguide.demos.argv import ParamError, build_argv, resolve_params
from fieldguide.demos.environment import demo_environment
from fieldguide.demos.logs import LogWriter
from fieldguide.demos.models import DemoRun
from fieldguide.demos.processes import boot_id, spawn, terminate_session
from fieldguide.demos.workspaces import WorkspaceError, learner_copy

logger = logging.getLogger("fieldguide.demos")
Status = DemoRun.Status
POLL_SECONDS = 0.05
CANCEL_CHECK_SECONDS = 0.2
DRAIN_SECONDS = 1.0
READ_SIZE = 64 * 1024
# Set when the worker is told to stop: the running demo ends at once, as interrupted.
_stopping = threading.Event()


def stop_all() -> None:
    _stopping.set()


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While a demo runs, SIGTERM or SIGINT stop it at once (as ``interrupted``), then reach
    whatever handler was there (the worker's graceful shutdown): stopping Fieldguide never
    waits for a demo's timeout. Signal handlers can only be set from the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {
        number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)
    }

    def handler(number: int, frame: FrameType | None) -> None:
        stop_all()
        chained = previous[number]
        if callable(chained):
            chained(number, frame)

    for number in previous:
        signal.signal(number, handler)
    try:
        yield
    finally:
        for number, chained in previous.items():
            signal.signal(number, chained)


def _finish(run: DemoRun, status: str, message: str = "", **fields: object) -> str:
    if message:
        writer = LogWriter(run)
        writer.write(f"[Fieldguide: {message}]\n".encode())
        writer.close()
    DemoRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), **fields)
    return status


def _claim(run_id: int) -> DemoRun | None:
    """Move a queued run to running; None if it was cancelled (or taken) meanwhile."""
    claimed = DemoRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.RUNNING,
        started_at=timezone.now(),
        worker_pid=os.getpid(),
        boot_id=boot_id(),
    )
    return DemoRun.objects.get(pk=run_id) if claimed else None


def execute(run_id: int) -> str:
    """Run a queued demo to its end. Returns the final status."""
    with stopped_by_signals():
        return _execute(run_id)


def _execute(run_id: int) -> str:
    run = _claim(run_id)
    if run is None:
        return DemoRun.objects.get(pk=run_id).status
    # The argv is derived again from the allowlist: a run row alone can never name a command.
    try:
        demo = configured_demos()[run.demo]
        argv = build_argv(demo, resolve_params(demo, run.params))
    except (KeyError, ParamError, AllowlistError) as exc:
        return _finish(run, Status.FAILED, f"refused to run: {exc}")
    if argv != run.argv:
        return _finish(
            run, Status.FAILED, "refused to run: the command does not match the allowlist"
        )
    try:
        cwd = learner_copy(demo.workspace) if demo.workspace else settings.HOME.workspaces
    except (WorkspaceError, OSError) as exc:
        return _finish(run, Status.FAILED, f"the workspace is not available: {exc}")
    try:
        process = spawn(argv, cwd, demo_environment(demo, cwd))
    except OSError as exc:
        return _finish(run, Status.FAILED, f"could not start {argv[0]}: {exc.strerror}")
    DemoRun.objects.filter(pk=run.pk).update(pid=process.pid)
    return _supervise(run, process, timeout=run.timeout)


def _supervise(run: DemoRun, process: subprocess.Popen[bytes], timeout: float) -> str:
    log = LogWriter(run)
    deadline = time.monotonic() + timeout
    next_cancel_check = 0.0
    stopped_by: str | None = None
    selector = selectors.DefaultSelector()
    assert process.stdout is not None
    fd = process.stdout.fileno()
    os.set_blocking(fd, False)
    selector.register(fd, selectors.EVENT_READ)
    exited_at: float | None = None
    try:
        while True:
            eof = _read_available(selector, fd, log)
            now = time.monotonic()
            if eof:
                break
            if exited_at is None and process.poll() is not None:
                # The demo is done; anything it left running in its session must not outlive
                # it (and would hold the pipe open). Drain what they wrote, briefly.
                exited_at = now
                terminate_session(process.pid, grace=0.2)
            if exited_at is not None and now - exited_at > DRAIN_SECONDS:
                break
            if stopped_by is None and now >= deadline:
                stopped_by = Status.TIMED_OUT
                terminate_session(process.pid)
            if stopped_by is None and _stopping.is_set():
                stopped_by = Status.INTERRUPTED
                terminate_session(process.pid)
            if stopped_by is None and now >= next_cancel_check:
                next_cancel_check = now + CANCEL_CHECK_SECONDS
                if DemoRun.objects.filter(pk=run.pk, cancel_requested=True).exists():
                    stopped_by = Status.CANCELLED
                    terminate_session(process.pid)
    except BaseException:
        # Whatever stops this loop (a forced worker exit, a database error) stops the demo
        # too, and the run is still recorded as it ended.
        stopped_by = stopped_by or Status.INTERRUPTED
        raise
    finally:
        selector.close()
        process.stdout.close()
        terminate_session(process.pid, grace=0.2)
        exit_code = process.wait()
        log.close()
        status = stopped_by or (Status.SUCCEEDED if exit_code == 0 else Status.FAILED)
        DemoRun.objects.filter(pk=run.pk).update(
            status=status,
            exit_code=exit_code,
            timed_out=stopped_by == Status.TIMED_OUT,
            finished_at=timezone.now(),
            log_bytes=log.stored,
            truncated=log.truncated,
        )
    return status


def _read_available(selector: selectors.BaseSelector, fd: int, log: LogWriter) -> bool:
    """Read what is there (up to a few chunks); True at end of file."""
    for _ in selector.select(timeout=POLL_SECONDS):
        for _ in range(16):
            try:
                data = os.read(fd, READ_SIZE)
            except BlockingIOError:
                return False
            if not data:
                return True
            log.write(data)
    log.flush_if_due()
    return False
