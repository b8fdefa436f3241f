"""Cheap fingerprints that say when build artefacts or the database schema are stale.

Computed without Django (no app loading): package versions plus the names of our own
migration files, and for static files the bytes of our own (few, small) assets and of what the
code editor bundle is made from. Content hashes rather than mtimes, so a bundle copied by an
installer stays fresh.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import fieldguide
from fieldguide.home import CODE_ROOT

PACKAGES = ("django", "wagtail", "django-tasks", "django-tasks-db", "whitenoise")
SOURCE_ROOT = Path(fieldguide.__file__).resolve().parent


def _versions() -> list[str]:
    found = [f"fieldguide={fieldguide.__version__}"]
    for name in PACKAGES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return found


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def schema_fingerprint() -> str:
    """Changes whenever a migration could have been added: new code or new packages."""
    migrations = sorted(
        p.relative_to(SOURCE_ROOT).as_posix() for p in SOURCE_ROOT.glob("*/migrations/*.py")
    )
    return _digest(_versions() + migrations)


# Besides the assets, what decides how they are collected (the storage rewrites imports).
COLLECTION_CODE = ("core/storage.py", "settings/production.py")
# The editor bundle (demos/editor.js) is built from its sources and the npm packages of the
# lock. A packaged app has no lock (it carries the bundle): absent at its build and its runs.
EDITOR_SOURCES = "demos/editor"
NPM_LOCK = CODE_ROOT / "package-lock.json"


def _editor_inputs() -> list[Path]:
    folder = SOURCE_ROOT / EDITOR_SOURCES
    return [*sorted(folder.glob("*.js")), *sorted(folder.glob("*.mjs")), NPM_LOCK]


def static_fingerprint() -> str:
    assets = []
    collected = [SOURCE_ROOT / name for name in COLLECTION_CODE]
    for path in [*collected, *sorted(SOURCE_ROOT.glob("*/static/**/*")), *_editor_inputs()]:
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            name = path.relative_to(SOURCE_ROOT).as_posix() if path != NPM_LOCK else path.name
            assets.append(f"{name}:{digest}")
    return _digest(_versions() + assets)


def template_fingerprint(content_version: str) -> str:
    return _digest([schema_fingerprint(), content_version])
