"""Shared fixtures: a token-carrying client, the shipped lessons in the test database, and
real ``run_django.py`` servers on temporary homes.

The shipped lessons are loaded once per test process, when the test database is made: each
test runs in a transaction that is rolled back, so they stay as shipped. The build that the
servers use is made once per run, shared by every xdist worker.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from filelock import FileLock

from tests.clients import TokenClient
from tests.servers import ROOT, Server, start_server, stop_server

CONTENT = ROOT / "content"


@pytest.fixture
def client() -> Client:
    """A client that carries the launch token, as the shell's requests do."""
    return TokenClient()


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


class _Snapshot:
    """A copy of the in-memory test database, taken once the shipped lessons are in it.

    A transactional test empties the database when it ends (Django flushes it); restoring the
    copy with SQLite's backup API takes milliseconds, where loading the lessons takes seconds.
    """

    copy: sqlite3.Connection | None = None

    @classmethod
    def take(cls) -> None:
        from django.db import connection

        connection.ensure_connection()
        cls.copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(cls.copy)

    @classmethod
    def restore(cls) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        if cls.copy is None:
            return
        connection.ensure_connection()
        cls.copy.backup(connection.connection)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> Iterator[Any]:
    """The test database, with the shipped lessons and documentation loaded once for the whole
    session."""
    from fieldguide.lessons.sources.loader import load_tree

    with django_db_blocker.unblock():
        report = load_tree(CONTENT)  # tutorials and documentation
        _Snapshot.take()
    yield report


def _flushes_the_database(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return "transactional_db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield  # the fixtures' own teardown: a transactional test's flush among them
    if _flushes_the_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _Snapshot.restore()
    return result


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Django's cache outlives a rolled-back test: Wagtail would find renditions of images
    whose rows are gone, under ids that the next test's images get again."""
    yield
    from django.core.cache import caches

    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture
def lessons(db, django_db_setup):
    """The shipped tutorials in the test database (the report of the session's load)."""
    return django_db_setup


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped tutorials folder."""
    target = tmp_path / "tutorials"
    shutil.copytree(CONTENT / "tutorials", target)
    return target


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Static files and the home template for the servers: built once per run, whichever
    xdist worker asks first (the others wait on the lock, then find it up to date)."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # a worker's own folder sits in the run's folder
    folder = shared / "build"
    with FileLock(shared / "build.lock"):
        env = {**os.environ, "FIELDGUIDE_BUILD_DIR": str(folder)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("FIELDGUIDE_HOME", None)
        subprocess.run(
            [sys.executable, str(ROOT / "run_django.py"), "build"],
            env=env,
            check=True,
            capture_output=True,
        )
    return folder


def environment_for_servers(build_dir: Path) -> dict[str, str]:
    """Ours, minus the test run's Django and Fieldguide settings, plus the session's build."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELDGUIDE_"))}
    env["FIELDGUIDE_BUILD_DIR"] = str(build_dir)
    return env


@pytest.fixture
def server_env(build_dir: Path) -> dict[str, str]:
    return environment_for_servers(build_dir)


@pytest.fixture
def server(tmp_path: Path, server_env: dict[str, str]) -> Iterator[Server]:
    """A real ``run_django.py`` on a fresh home, stopped (and checked stopped) afterwards."""
    running = start_server(tmp_path / "home", server_env)
    try:
        yield running
    finally:
        stop_server(running)


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory, build_dir: Path) -> Iterator[Server]:
    """One server for the read-only browser tests."""
    home = tmp_path_factory.mktemp("shared") / "home"
    running = start_server(home, environment_for_servers(build_dir))
    try:
        yield running
    finally:
        stop_server(running)


@pytest.fixture
def demo_content(tmp_path: Path, settings) -> Path:
    """The test demos on this run's allowlist, and a fresh home for their workspaces."""
    from tests.demo_fixtures import make_content

    content = make_content(tmp_path / "content")
    settings.FIELDGUIDE_CONTENT_DIR = content
    settings.HOME = type(settings.HOME)(tmp_path / "home-root")
    settings.HOME.root.mkdir()
    settings.HOME.workspaces.mkdir()
    return content


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the process: Playwright's sync API allows one at a time, and
    the browser tests of several modules may run in the same worker."""
    from playwright.sync_api import sync_playwright

    from tests.browsers import ARGS, require_chromium

    executable = require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django must not mind.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()
