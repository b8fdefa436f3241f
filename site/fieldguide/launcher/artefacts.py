"""Build artefacts, made once and reused: collected static files and the home template.

The home template is a pre-migrated, pre-seeded home (database and media) that a first run
copies instead of spending ~9 s on Wagtail's migrations. ``run_django.py build`` makes both;
the launcher runs it in a child process when either is missing or stale. The static files
include the code editor bundle, built by esbuild just before they are collected, when Node and
the npm packages are there (``fieldguide.demos.editor``).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from fieldguide.demos import editor
from fieldguide.home import CODE_ROOT, build_dir, content_dir
from fieldguide.launcher.events import LaunchError
from fieldguide.launcher.fingerprint import static_fingerprint, template_fingerprint
from fieldguide.lessons.sources.tree import content_version

logger = logging.getLogger("fieldguide.launcher")

STAMP = ".fingerprint"
TEMPLATE_NAME = "home-template"
STATIC_NAME = "static"


def template_dir() -> Path:
    return build_dir() / TEMPLATE_NAME


def _stamp(folder: Path) -> str | None:
    try:
        return (folder / STAMP).read_text().strip()
    except OSError:
        return None


def expected_template_stamp() -> str:
    folders = [content_dir() / name for name in ("tutorials", "docs")]
    return template_fingerprint(content_version(*(f for f in folders if f.is_dir())))


def _without_editor(fingerprint: str) -> str:
    """The stamp of static files collected without the editor bundle: stale again as soon as
    Node or the npm packages appear or change, so that the next build adds it."""
    return f"{fingerprint} without-editor {editor.toolchain_state()}"


def _static_is_fresh() -> bool:
    stamp, fingerprint = _stamp(build_dir() / STATIC_NAME), static_fingerprint()
    return stamp == fingerprint or stamp == _without_editor(fingerprint)


def stale_artefacts() -> list[str]:
    stale = []
    if not _static_is_fresh():
        stale.append(STATIC_NAME)
    if _stamp(template_dir()) != expected_template_stamp():
        stale.append(TEMPLATE_NAME)
    return stale


def ensure_artefacts(log: Path) -> None:
    """Build whatever is stale, in a child process (its Django settings differ from ours)."""
    stale = stale_artefacts()
    if not stale:
        return
    logger.info("Building %s (once; later starts reuse them)", " and ".join(stale))
    with log.open("ab") as output:
        result = subprocess.run(
            [sys.executable, str(CODE_ROOT / "run_django.py"), "build"],
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if result.returncode != 0:
        raise LaunchError(
            f"Building {' and '.join(stale)} into {build_dir()} failed; see {log}.",
            log=str(log),
        )


def _replace(temporary: Path, final: Path) -> None:
    if final.exists():
        old = final.with_name(f"{final.name}.old-{os.getpid()}")
        final.rename(old)
        temporary.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        temporary.rename(final)


def _bundle_editor(out: Path) -> bool:
    try:
        editor.build_bundle(out)
    except editor.EditorUnavailable as exc:
        logger.warning(
            "Building without the code editor: %s. Workspace pages will offer a plain text "
            "area; the next build adds the editor once that is fixed.",
            exc,
        )
        return False
    return True


def build_static(fingerprint: str) -> None:
    """Collect the static files, the editor bundle among them when it can be built here."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    final = build_dir() / STATIC_NAME
    temporary = build_dir() / f".{STATIC_NAME}-{os.getpid()}"
    bundled = build_dir() / f".editor-{os.getpid()}"
    for folder in (temporary, bundled):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        with_editor = _bundle_editor(bundled)
        extra = [bundled] if with_editor else []
        with override_settings(
            STATIC_ROOT=temporary, STATICFILES_DIRS=[*settings.STATICFILES_DIRS, *extra]
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
    finally:
        shutil.rmtree(bundled, ignore_errors=True)
    (temporary / STAMP).write_text(fingerprint if with_editor else _without_editor(fingerprint))
    _replace(temporary, final)


def build_template(home_root: Path, stamp: str) -> None:
    """Migrate and seed the (temporary) home this process was configured with."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_content", verbosity=0)
    # Wagtail queued its index tasks on publish: run them now so every copy starts clean.
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0
    )
    connection.close()
    db = sqlite3.connect(home_root / "db.sqlite3", isolation_level=None)
    try:
        db.execute("DELETE FROM django_session")
        # One self-contained file: fold the WAL back in before the template is copied.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.close()
    for leftover in ("secret_key", "logs", "backups", "workspaces"):
        target = home_root / leftover
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    (home_root / STAMP).write_text(stamp)
    _replace(home_root, template_dir())


def build(force: bool = False) -> list[str]:
    """Entry point of ``run_django.py build``: make every stale artefact. Returns what it built."""
    todo = [STATIC_NAME, TEMPLATE_NAME] if force else stale_artefacts()
    if not todo:
        return []
    build_dir().mkdir(parents=True, exist_ok=True)
    temporary_home = build_dir() / f".{TEMPLATE_NAME}-{os.getpid()}"
    shutil.rmtree(temporary_home, ignore_errors=True)
    (temporary_home / "media").mkdir(parents=True)
    os.environ["FIELDGUIDE_HOME"] = str(temporary_home)
    os.environ["FIELDGUIDE_SECRET_KEY"] = "build-only"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldguide.settings.production")
    import django

    django.setup()
    try:
        if STATIC_NAME in todo:
            build_static(static_fingerprint())
        if TEMPLATE_NAME in todo:
            build_template(temporary_home, expected_template_stamp())
    finally:
        shutil.rmtree(temporary_home, ignore_errors=True)
    return todo
