"""What learners may change in a workspace: the author's ``.fieldguide/workspace.toml``.

    writable = ["polls/", "notes.md"]      # where new files may be made
    readonly = ["manage.py", "tools/*"]    # existing files that stay as shipped

Every existing file that is not read-only may be edited; new files only where ``writable``
allows. Without the file, existing files are editable and no new file may be made.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from fieldguide.demos.file_errors import BadPath
from fieldguide.demos.workspace_paths import SETTINGS_FOLDER, is_reserved, relative_path
from fieldguide.demos.workspaces import WorkspaceError

SETTINGS_FILE = f"{SETTINGS_FOLDER}/workspace.toml"
KEYS = ("writable", "readonly")


class WorkspaceSettingsError(WorkspaceError):
    """The settings file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class WorkspaceSettings:
    writable: tuple[str, ...] = ()
    readonly: tuple[str, ...] = ()

    def is_readonly(self, path: str) -> bool:
        """A folder entry (``tools/``) covers what is under it; ``*`` matches ``/`` too."""
        return any(
            path.startswith(entry) if entry.endswith("/") else fnmatchcase(path, entry)
            for entry in self.readonly
        )

    def may_create(self, path: str) -> bool:
        return not self.is_readonly(path) and any(
            path.startswith(entry) if entry.endswith("/") else path == entry
            for entry in self.writable
        )


def load_settings(pristine: Path) -> WorkspaceSettings:
    """The settings of the pristine workspace ``pristine``; the defaults if it has none."""
    file = pristine / SETTINGS_FILE
    try:
        with file.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return WorkspaceSettings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkspaceSettingsError(f"{file}: cannot be read: {exc}.") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        known = " and ".join(f"'{k}'" for k in KEYS)
        raise WorkspaceSettingsError(f"{file}: unknown key {unknown[0]!r} (only {known}).")
    return WorkspaceSettings(**{key: _entries(file, key, data.get(key, [])) for key in KEYS})


def _entries(file: Path, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise WorkspaceSettingsError(f"{file}: {key!r} must be a list of paths (strings).")
    for entry in value:
        try:
            relative_path(entry.removesuffix("/"))
        except BadPath as exc:
            raise WorkspaceSettingsError(f"{file}: {key!r}: {exc}") from None
        if is_reserved(entry):
            raise WorkspaceSettingsError(
                f"{file}: {key!r}: {entry!r} is Fieldguide's own folder, never a learner's."
            )
        if key == "writable" and any(c in entry for c in "*?["):
            raise WorkspaceSettingsError(
                f"{file}: 'writable': {entry!r}: patterns are for 'readonly'; name a folder "
                "(ending in '/') or a file."
            )
    return tuple(value)
