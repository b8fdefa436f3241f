"""The home's database: copied from the template on first run, migrated (after a backup)
only when the code's schema fingerprint changed and the migration plan is not empty."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import time
from pathlib import Path

from fieldguide.home import Home
from fieldguide.launcher.artefacts import template_dir
from fieldguide.launcher.fingerprint import schema_fingerprint

logger = logging.getLogger("fieldguide.launcher")
KEEP_BACKUPS = 5


def seed_from_template(home: Home) -> bool:
    """Give a home without a database the template's database and media. True if it did."""
    if home.database.exists():
        return False
    template = template_dir()
    # Copy to a temporary name first: a crash mid-copy must not leave a half database.
    partial = home.database.with_name("db.sqlite3.partial")
    shutil.copyfile(template / "db.sqlite3", partial)
    media = template / "media"
    if media.is_dir():
        shutil.copytree(media, home.media, dirs_exist_ok=True)
    partial.rename(home.database)
    # The template was built by this very code (its stamp matched), so its schema is ours.
    home.schema_stamp.write_text(schema_fingerprint())
    return True


def schema_is_current(home: Home) -> bool:
    try:
        return home.schema_stamp.read_text().strip() == schema_fingerprint()
    except OSError:
        return False


def backup(home: Home) -> Path:
    """A consistent copy through SQLite's backup API (safe even with a WAL in use)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = home.backups / f"db-{stamp}.sqlite3"
    with sqlite3.connect(home.database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    for old in sorted(home.backups.glob("db-*.sqlite3"))[:-KEEP_BACKUPS]:
        old.unlink()
    return target


def pending_migrations() -> list:
    """The migrations Django would apply to this database (after ``django.setup()``)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def migrate_if_needed(home: Home) -> bool:
    """Run after ``django.setup()``. True if migrations were applied."""
    if schema_is_current(home):
        return False
    from django.core.management import call_command

    plan = pending_migrations()
    applied = False
    if plan:
        saved = backup(home)
        logger.info("Applying %d migrations (backup: %s)", len(plan), saved)
        call_command("migrate", interactive=False, verbosity=0)
        applied = True
    home.schema_stamp.write_text(schema_fingerprint())
    return applied
