"""Running one demo: in its own session, in the learner's workspace, with a scrubbed
environment, its output logged as it comes, and killed (with everything it started) at its
timeout or on Cancel. A service runs the same way, on a port chosen here, watched for
readiness and stopped early when it breaks its rules (see ``services``)."""

from __future__ import annotations

import logging
import os
import selectors
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from fieldguide.demos.allowlist import AllowlistError, configured_demos
from fieldguide.demos.argv import ParamError, build_argv, resolve_params
from fieldguide.demos.environment import demo_environment
from fieldguide.demos.logs import LogWriter
from fieldguide.demos.models import DemoRun
from fieldguide.demos.processes import boot_id, spawn, terminate_session
from fieldguide.demos.services import ServiceWatch, Stop, free_port
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
        _note(run, message)
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
    # A service's row keeps "{port}": the port is put in only below, for the spawn.
    try:
        demo = configured_demos()[run.demo]
        values = resolve_params(demo, run.params)
        template = build_argv(demo, values)
    except (KeyError, ParamError, AllowlistError) as exc:
        return _finish(run, Status.FAILED, f"refused to run: {exc}")
    if template != run.argv:
        return _finish(
            run, Status.FAILED, "refused to run: the command does not match the allowlist"
        )
    try:
        cwd = learner_copy(demo.workspace) if demo.workspace else settings.HOME.workspaces
    except (WorkspaceError, OSError) as exc:
        return _finish(run, Status.FAILED, f"the workspace is not available: {exc}")
    port = free_port() if demo.is_service else None
    argv = build_argv(demo, values, port)
    try:
        process = spawn(argv, cwd, demo_environment(demo, cwd))
    except OSError as exc:
        return _finish(run, Status.FAILED, f"could not start {argv[0]}: {exc.strerror}")
    DemoRun.objects.filter(pk=run.pk).update(pid=process.pid, port=port)
    watch = ServiceWatch(demo, port, process.pid) if port is not None else None
    try:
        return _supervise(run, process, timeout=run.timeout, watch=watch)
    finally:
        if watch is not None:
            watch.close()


def _supervise(
    run: DemoRun,
    process: subprocess.Popen[bytes],
    timeout: float,
    watch: ServiceWatch | None = None,
) -> str:
    log = LogWriter(run)
    deadline = time.monotonic() + timeout
    next_cancel_check = 0.0
    stop: Stop | None = None
    selector = selectors.DefaultSelector()
    assert process.stdout is not None
    fd = process.stdout.fileno()
    os.set_blocking(fd, False)
    selector.register(fd, selectors.EVENT_READ)
    exited_at: float | None = None

    def take(data: bytes) -> None:
        log.write(data)
        if watch is not None:
            watch.feed(data)

    try:
        while True:
            eof = _read_available(selector, fd, log, take)
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
            if stop is None and exited_at is None:
                stop = _stop_reason(run, watch, now, deadline, next_cancel_check)
                if now >= next_cancel_check:
                    next_cancel_check = now + CANCEL_CHECK_SECONDS
                if stop is not None:
                    terminate_session(process.pid)
    except BaseException:
        # Whatever stops this loop (a forced worker exit, a database error) stops the demo
        # too, and the run is still recorded as it ended.
        stop = stop or Stop(Status.INTERRUPTED, "")
        raise
    finally:
        selector.close()
        process.stdout.close()
        terminate_session(process.pid, grace=0.2)
        exit_code = process.wait()
        status = _record_end(run, log, stop, exit_code)
    return status


def _stop_reason(
    run: DemoRun, watch: ServiceWatch | None, now: float, deadline: float, cancel_check: float
) -> Stop | None:
    """Whether to stop the demo now, and why: in the order a learner would explain it."""
    if now >= deadline:
        return watch.out_of_time() if watch else Stop(Status.TIMED_OUT, "", timed_out=True)
    if _stopping.is_set():
        return Stop(Status.INTERRUPTED, "")
    if now >= cancel_check and _cancel_requested(run):
        return Stop(Status.CANCELLED, "")
    if watch is not None:
        if watch.became_ready():
            DemoRun.objects.filter(pk=run.pk).update(ready_at=timezone.now())
        return watch.stop_reason(now)
    return None


def _record_end(run: DemoRun, log: LogWriter, stop: Stop | None, exit_code: int) -> str:
    if stop is None and exit_code != 0 and _cancel_requested(run):
        # Killed by whoever asked for the cancel (a seat reset stops runs itself) before the
        # runner's next look at the flag: stopped on request all the same, not failed.
        stop = Stop(Status.CANCELLED, "")
    status = stop.status if stop else (Status.SUCCEEDED if exit_code == 0 else Status.FAILED)
    try:
        log.close()
        if stop is not None and stop.note:
            _note(run, stop.note)
    except IntegrityError:
        # The run was forgotten while it ran (a seat reset deletes runs after stopping them):
        # there is no log left to write to, and no row to update.
        return status
    DemoRun.objects.filter(pk=run.pk).update(
        status=status,
        exit_code=exit_code,
        timed_out=bool(stop and stop.timed_out),
        finished_at=timezone.now(),
        log_bytes=log.stored,
        truncated=log.truncated,
    )
    return status


def _cancel_requested(run: DemoRun) -> bool:
    return DemoRun.objects.filter(pk=run.pk, cancel_requested=True).exists()


def _note(run: DemoRun, message: str) -> None:
    """A line of Fieldguide's own at the end of the run's log: past the output cap too, since
    it says why the run ended."""
    writer = LogWriter(run)
    writer.write(f"[Fieldguide: {message}]\n".encode())
    writer.close()


def _read_available(
    selector: selectors.BaseSelector,
    fd: int,
    log: LogWriter,
    take: Callable[[bytes], None],
) -> bool:
    """Read what is there (up to a few chunks) into ``take``; True at end of file."""
    for _ in selector.select(timeout=POLL_SECONDS):
        for _ in range(16):
            try:
                data = os.read(fd, READ_SIZE)
            except BlockingIOError:
                return False
            if not data:
                return True
            take(data)
    log.flush_if_due()
    return False
