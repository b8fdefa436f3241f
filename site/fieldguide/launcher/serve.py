"""Serving: prepare the home, start the server and its worker, print the ready line, and
stop everything within seconds of SIGTERM or SIGINT."""

from __future__ import annotations

import _thread
import json
import logging
import os
import secrets
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from typing import Any

from filelock import FileLock, Timeout

import fieldguide
from fieldguide.home import ENV_HOME, Home, HomeError, resolve_home
from fieldguide.launcher import database
from fieldguide.launcher.artefacts import ensure_artefacts
from fieldguide.launcher.browser import open_window
from fieldguide.launcher.events import LaunchError, emit
from fieldguide.launcher.fingerprint import SOURCE_ROOT
from fieldguide.launcher.server import bind, make_server
from fieldguide.launcher.worker import WorkerSupervisor

logger = logging.getLogger("fieldguide.launcher")
TOKEN_ENV = "FIELDGUIDE_LAUNCH_TOKEN"
SETTINGS = "fieldguide.settings.production"


def hold_lock(home: Home) -> FileLock:
    """One server per home: a second one would corrupt nothing, but would confuse everyone."""
    lock = FileLock(home.lock_file, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        holder = _server_info(home)
        who = f" (pid {holder['pid']}, {holder['url']})" if holder else ""
        raise LaunchError(
            f"Another Fieldguide server is already using the home folder {home.root}{who}. "
            "Close it first, or start this one with another --home.",
            home=str(home.root),
        ) from None
    return lock


def _server_info(home: Home) -> dict[str, Any] | None:
    try:
        return json.loads((home.root / "server.json").read_text())
    except (OSError, ValueError):
        return None


def log_to_file(home: Home) -> None:
    handler = RotatingFileHandler(home.logs / "server.log", maxBytes=2_000_000, backupCount=3)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # Every logger of ours, Django's and waitress's propagates to the root.
    logging.getLogger().addHandler(handler)


def check_allowlist() -> None:
    from fieldguide.demos.allowlist import AllowlistError, configured_demos

    try:
        configured_demos()
    except AllowlistError as exc:
        raise LaunchError(str(exc), file=str(exc.path), demo=exc.demo, field=exc.field) from None


def warm_up() -> None:
    """Import every URL module and view, compile Fieldguide's templates and load the code
    highlighter's lexers now, so that the first click is not the slow one."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    from fieldguide.lessons.highlight import load_lexers

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    for folder in SOURCE_ROOT.glob("*/templates"):
        for template in sorted(folder.rglob("*.html")):
            get_template(template.relative_to(folder).as_posix())  # kept by the cached loader
    load_lexers()


@dataclass
class Running:
    home: Home
    lock: FileLock
    server: Any
    workers: list[WorkerSupervisor]
    browser: subprocess.Popen[bytes] | None = None
    stopping: threading.Event = field(default_factory=threading.Event)

    def install_signal_handlers(self) -> None:
        def on_signal(signum: int, frame: Any) -> None:
            if not self.stopping.is_set():
                self.stopping.set()
                # The workers stop (and stop their demos) while waitress winds down.
                for worker in self.workers:
                    worker.begin_stop()
                raise SystemExit(0)  # waitress's run() ends on it, in the main thread

        for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), on_signal)

    def watch_browser(self) -> None:
        browser = self.browser
        if browser is None:
            return

        def wait() -> None:
            browser.wait()
            if not self.stopping.is_set():
                logger.info("The window was closed; stopping")
                _thread.interrupt_main()

        threading.Thread(target=wait, name="browser-watch", daemon=True).start()

    def loop(self) -> None:
        """Serve until a signal or the window's closing; waitress's ``run`` ends on either
        (SystemExit, KeyboardInterrupt) and lets its request threads finish."""
        try:
            self.server.run()
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        self.stopping.set()
        started = time.monotonic()
        self.server.close()
        for worker in self.workers:
            worker.begin_stop()
        for worker in self.workers:
            worker.stop()
        if self.browser is not None and self.browser.poll() is None:
            self.browser.terminate()
        (self.home.root / "server.json").unlink(missing_ok=True)
        self.lock.release()
        logger.info("Stopped in %.1f s", time.monotonic() - started)


def serve(*, home_arg: str | None, port: int, open_window: bool) -> int:
    home = resolve_home(home_arg)
    try:
        home.prepare()
    except HomeError as exc:
        raise LaunchError(str(exc), home=str(home.root)) from None
    lock = hold_lock(home)
    try:
        return _serve_locked(home, lock, port, open_window)
    except BaseException:
        if lock.is_locked:
            lock.release()
        raise


def _launch_environment(home: Home) -> tuple[str, bool]:
    """Point Django at the home; take the shell's token or make one. True if generated."""
    token = os.environ.get(TOKEN_ENV) or ""
    generated = not token
    if generated:
        token = secrets.token_urlsafe(32)
        os.environ[TOKEN_ENV] = token
    os.environ[ENV_HOME] = str(home.root)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    return token, generated


def _start_django(home: Home) -> Any:
    """Artefacts, first-run seeding, settings, allowlist and migrations: the WSGI app."""
    ensure_artefacts(home.logs / "build.log")
    database.seed_from_template(home)

    import django
    from django.core.wsgi import get_wsgi_application

    try:
        django.setup()
    except Exception as exc:
        raise LaunchError(f"Fieldguide could not start: {exc}", home=str(home.root)) from exc
    check_allowlist()
    try:
        database.migrate_if_needed(home)
    except Exception as exc:
        raise LaunchError(
            f"Updating the database {home.database} failed: {exc}. A backup is in {home.backups}.",
            home=str(home.root),
        ) from exc
    from fieldguide.demos.recovery import recover_interrupted

    recover_interrupted()  # no worker runs yet: every "running" run was cut off by a crash
    application = get_wsgi_application()
    log_to_file(home)  # after the last django.setup(): it re-applies LOGGING
    return application


def _serve_locked(home: Home, lock: FileLock, port: int, open_browser: bool) -> int:
    token, generated = _launch_environment(home)
    application = _start_django(home)
    try:
        sock = bind(port)
    except OSError as exc:
        raise LaunchError(
            f"Cannot listen on 127.0.0.1:{port}: {exc.strerror}.", port=port
        ) from None
    server = make_server(application, sock)
    actual_port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{actual_port}/"

    from django.conf import settings

    from fieldguide.core import runtime

    workers = [WorkerSupervisor(home)] + [
        WorkerSupervisor(home, queue="demos", name=f"demo-worker-{n}")
        for n in range(1, settings.FIELDGUIDE_DEMO_CONCURRENCY + 1)
    ]
    runtime.set_worker_probe(lambda: all(worker.alive() for worker in workers))
    running = Running(home, lock, server, workers)
    running.install_signal_handlers()

    ready: dict[str, Any] = {
        "url": url,
        "port": actual_port,
        "pid": os.getpid(),
        "home": str(home.root),
        "version": fieldguide.__version__,
    }
    if generated:
        ready["token"] = token
    (home.root / "server.json").write_text(json.dumps({"pid": os.getpid(), "url": url}))
    emit("ready", **ready)

    for worker in workers:
        worker.start()
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    if open_browser:
        running.browser = open_window(f"{url}launch?token={token}", home.root / "browser-profile")
        running.watch_browser()
    running.loop()
    return 0
