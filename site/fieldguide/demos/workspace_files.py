"""A learner's workspace files: list, read, save, revert, and diff against the pristine copy.

Only the learner's copy is ever written, only with UTF-8 text, within the size limits and the
author's settings, and atomically. Every check comes before the first byte is written, so a
refused request leaves the copy exactly as it was.
"""

from __future__ import annotations

import difflib
import filecmp
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from fieldguide.demos.atomic_files import sync_folder, write_atomically
from fieldguide.demos.file_errors import (
    BadPath,
    Conflict,
    FileNotFound,
    FileRefused,
    Forbidden,
    NotText,
    TooLarge,
)
from fieldguide.demos.workspace_paths import (
    file_stat,
    is_reserved,
    locate,
    read_bytes,
    relative_path,
    walk_files,
)
from fieldguide.demos.workspace_settings import WorkspaceSettings, load_settings
from fieldguide.demos.workspaces import learner_copy, pristine

FILE_LIMIT = 1024 * 1024
WORKSPACE_LIMIT = 50 * 1024 * 1024
LOCK_TIMEOUT = 10.0  # seconds: saves are quick, a longer wait means something is stuck


@dataclass(frozen=True)
class Workspace:
    name: str
    pristine: Path
    copy: Path
    settings: WorkspaceSettings

    def lock(self) -> FileLock:
        """Held while checking and writing, so that an If-Match check stays true until the
        write (two windows, or the editor and a solution, saving at once)."""
        return FileLock(self.copy.with_name(f".{self.copy.name}.lock"), timeout=LOCK_TIMEOUT)


@dataclass(frozen=True)
class FileInfo:
    path: str
    size: int
    changed: bool
    readonly: bool
    etag: str = ""  # known when the file was just written

    def listed(self) -> dict[str, object]:
        return {
            "path": self.path,
            "size": self.size,
            "changed": self.changed,
            "readonly": self.readonly,
        }


def open_workspace(name: str, learner: str) -> Workspace:
    """``learner``'s copy of the workspace ``name``, made if missing. WorkspaceError if there
    is no such workspace or its settings are wrong (then no copy is made)."""
    source = pristine(name)
    settings = load_settings(source)
    copy = learner_copy(name, learner)
    if copy.is_symlink():
        raise Forbidden(f"The copy of {name!r} is a symbolic link: links are never followed.")
    return Workspace(name, source, copy, settings)


def etag(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()}"'


def as_text(data: bytes, path: str) -> str:
    if b"\x00" in data:
        raise NotText(f"{path!r} is binary (it has NUL bytes): only text can be edited.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(f"{path!r} is not UTF-8 text (byte {exc.start} cannot be read).") from None


def learner_path(raw: str) -> str:
    """A path a learner may name; the author's folder answers as if it did not exist."""
    path = relative_path(raw)
    if is_reserved(path):
        raise FileNotFound(f"There is no file {path!r} in the workspace.")
    return path


def list_files(ws: Workspace) -> list[FileInfo]:
    """Every regular file of the copy, sorted; symlinks and deleted files are not there."""
    return [
        FileInfo(path, status.st_size, _differs(ws, path), ws.settings.is_readonly(path))
        for path, status in sorted(walk_files(ws.copy))
    ]


def read_file(ws: Workspace, raw: str) -> bytes:
    """The bytes of a text file of the copy (checked to be UTF-8)."""
    path = learner_path(raw)
    data = _current(ws, path)
    if data is None:
        raise FileNotFound(f"There is no file {path!r} in the workspace.")
    as_text(data, path)
    return data


def save_file(ws: Workspace, raw: str, data: bytes, if_match: str | None = None) -> FileInfo:
    """Write ``data`` to the copy's file, unless it changed since the version ``if_match``
    (an ETag list, as in the header) was read."""
    path = learner_path(raw)
    check_content(data, path)
    with ws.lock():
        target = locate(ws.copy, path)
        exists = file_stat(target, path) is not None
        if ws.settings.is_readonly(path):
            raise Forbidden(f"{path!r} is read-only in this workspace.")
        if not exists and not _may_create(ws, path):
            raise Forbidden(f"New files cannot be made at {path!r} in this workspace.")
        if if_match is not None:
            _check_unchanged(ws, path, if_match)
        check_total(ws, {path: len(data)})
        make_folders(ws.copy, target)
        write_atomically(target, data)
    return FileInfo(path, len(data), _differs(ws, path, data), False, etag(data))


def revert_file(ws: Workspace, raw: str) -> FileInfo | None:
    """The pristine version back; a file the learner made (none shipped) is deleted: None."""
    path = learner_path(raw)
    with ws.lock():
        target = locate(ws.copy, path)
        exists = file_stat(target, path) is not None
        shipped = pristine_bytes(ws, path)
        if shipped is None:
            if not exists:
                raise FileNotFound(f"There is no file {path!r} in the workspace.")
            target.unlink()
            sync_folder(target.parent)
            return None
        make_folders(ws.copy, target)
        write_atomically(target, shipped)
    return FileInfo(path, len(shipped), False, ws.settings.is_readonly(path), etag(shipped))


def diff_file(ws: Workspace, raw: str) -> str:
    """A unified diff from the pristine version to the copy's (either may be missing)."""
    path = learner_path(raw)
    current = _current(ws, path)
    shipped = pristine_bytes(ws, path)
    if current is None and shipped is None:
        raise FileNotFound(f"There is no file {path!r} in the workspace.")
    before = None if shipped is None else as_text(shipped, path)
    after = None if current is None else as_text(current, path)
    return unified_diff(path, before, after)


def check_content(data: bytes, path: str) -> None:
    if len(data) > FILE_LIMIT:
        raise TooLarge(f"{path!r} would be over {FILE_LIMIT // 1024} KiB.", limit=FILE_LIMIT)
    as_text(data, path)


def check_total(ws: Workspace, new_sizes: dict[str, int]) -> None:
    """TooLarge if the copy would be over WORKSPACE_LIMIT with these files at these sizes."""
    kept = sum(s.st_size for path, s in walk_files(ws.copy) if path not in new_sizes)
    if kept + sum(new_sizes.values()) > WORKSPACE_LIMIT:
        raise TooLarge(
            f"The workspace would be over {WORKSPACE_LIMIT // (1024 * 1024)} MiB in all.",
            limit=WORKSPACE_LIMIT,
        )


def make_folders(root: Path, target: Path) -> list[Path]:
    """Make the missing folders between ``root`` and ``target``; the ones made, outermost
    first (``locate`` has refused symlinks and files on the way)."""
    made = []
    for folder in reversed(target.parent.relative_to(root).parents[:-1]):
        made += _make_folder(root / folder)
    return made + _make_folder(target.parent)


def _make_folder(folder: Path) -> list[Path]:
    if folder.is_dir():
        return []
    folder.mkdir()
    return [folder]


def pristine_bytes(ws: Workspace, path: str) -> bytes | None:
    """The shipped version of ``path``; None if none was shipped (or not as a plain file)."""
    try:
        target = locate(ws.pristine, path)
        if file_stat(target, path) is None:
            return None
        return read_bytes(target, path, WORKSPACE_LIMIT)
    except (BadPath, Forbidden):
        return None


def unified_diff(path: str, before: str | None, after: str | None) -> str:
    """``diff -u`` output (None: the file does not exist on that side)."""
    lines = difflib.unified_diff(
        (before or "").splitlines(keepends=True),
        (after or "").splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{path}",
        tofile="/dev/null" if after is None else f"b/{path}",
    )
    return "".join(_marked(lines))


def _marked(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        yield line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"


def _current(ws: Workspace, path: str) -> bytes | None:
    target = locate(ws.copy, path)
    if file_stat(target, path) is None:
        return None
    return read_bytes(target, path, FILE_LIMIT)


def _differs(ws: Workspace, path: str, data: bytes | None = None) -> bool:
    """Whether the copy's ``path`` (or ``data``) differs from the pristine one, or is new."""
    if data is not None:
        return data != pristine_bytes(ws, path)
    try:
        shipped = locate(ws.pristine, path)
        if file_stat(shipped, path) is None:
            return True
    except FileRefused:
        return True
    return not filecmp.cmp(ws.copy / path, shipped, shallow=False)


def _may_create(ws: Workspace, path: str) -> bool:
    # A shipped file the learner (or a demo) deleted is theirs to write again, as a revert would.
    return ws.settings.may_create(path) or pristine_bytes(ws, path) is not None


def _check_unchanged(ws: Workspace, path: str, if_match: str) -> None:
    tags = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    target = locate(ws.copy, path)
    current = read_bytes(target, path, WORKSPACE_LIMIT) if file_stat(target, path) else None
    if current is not None and ("*" in tags or etag(current) in tags):
        return
    raise Conflict(
        f"{path!r} changed since it was opened (in another window?): reload it, or save again "
        "without If-Match to overwrite it.",
        current=None if current is None else current.decode("utf-8", "replace"),
        etag=None if current is None else etag(current),
    )
