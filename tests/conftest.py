"""Shared fixtures: a token-carrying client, the shipped lessons in the test database, and
real ``run_django.py`` servers on temporary homes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

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


@pytest.fixture
def lessons(db):
    """The shipped tutorials, loaded into the test database."""
    from fieldguide.lessons.sources.loader import load_tree

    return load_tree(CONTENT / "tutorials")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped tutorials folder."""
    target = tmp_path / "tutorials"
    shutil.copytree(CONTENT / "tutorials", target)
    return target


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Static files and the home template, built once for the session's servers."""
    folder = tmp_path_factory.mktemp("build")
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
