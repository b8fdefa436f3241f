"""Where Fieldguide keeps its writable state: one home folder.

Resolved once, early, by ``run_django.py`` and by the settings. This module imports no Django
settings so that the launcher can use it before Django is configured.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from fieldguide import options

ENV_HOME = "FIELDGUIDE_HOME"
ENV_BUILD_DIR = "FIELDGUIDE_BUILD_DIR"
ENV_CONTENT_DIR = "FIELDGUIDE_CONTENT_DIR"

# The checkout or bundle root: the folder holding run_django.py, site/ and content/.
CODE_ROOT = Path(__file__).resolve().parents[2]


class HomeError(Exception):
    """The home folder cannot be used; the message says which folder and why."""


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "db.sqlite3"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def workspaces(self) -> Path:
        return self.root / "workspaces"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def secret_key_file(self) -> Path:
        return self.root / "secret_key"

    @property
    def lock_file(self) -> Path:
        return self.root / "fieldguide.lock"

    @property
    def schema_stamp(self) -> Path:
        """Fingerprint of the code whose migrations were last applied to this database."""
        return self.root / "schema.fingerprint"

    def prepare(self) -> None:
        """Create the folder tree and prove it is writable, or raise HomeError naming it."""
        try:
            for folder in (self.root, self.media, self.logs, self.workspaces, self.backups):
                folder.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise HomeError(f"The home folder {self.root} cannot be written: {reason}.") from exc

    def secret_key(self) -> str:
        """The per-installation secret key, generated on first use and never committed."""
        try:
            return self.secret_key_file.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            pass
        self.root.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        # O_EXCL: two processes starting at once must agree on one key.
        try:
            fd = os.open(self.secret_key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return self.secret_key_file.read_text(encoding="ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
        return key


def default_home() -> Path:
    return platformdirs.user_data_path("fieldguide", appauthor=False)


def resolve_home(explicit: str | os.PathLike[str] | None = None) -> Home:
    """``--home`` if given, else ``FIELDGUIDE_HOME``, else the platform's user-data folder."""
    value = explicit or options.value(ENV_HOME)
    root = Path(value).expanduser() if value else default_home()
    return Home(root.absolute())


def build_dir() -> Path:
    """Build artefacts (collected static files, the database template): made once, reused."""
    value = options.value(ENV_BUILD_DIR)
    return Path(value).expanduser().absolute() if value else CODE_ROOT / "build"


def content_dir() -> Path:
    """Lesson sources, the shipped demo allowlist and the pristine demo workspaces."""
    value = options.value(ENV_CONTENT_DIR)
    return Path(value).expanduser().absolute() if value else CODE_ROOT / "content"
