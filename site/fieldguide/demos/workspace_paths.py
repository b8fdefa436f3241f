"""Confining a request to the files of one workspace folder.

A path from a request is plain relative POSIX (no ``..``, no absolute, no backslash, NUL or
colon, no empty segment), and no symlink is ever followed: not the file, not a folder on the
way, whichever way it points. Opening with ``O_NOFOLLOW`` closes the gap between the check and
the open for the file itself; a learner's copy has one writer, so folders are checked once.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from fieldguide.demos.atomic_files import PARTIAL_SUFFIX
from fieldguide.demos.file_errors import BadPath, FileNotFound, Forbidden, TooLarge
from fieldguide.demos.workspaces import SETTINGS_FOLDER

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted in the copy must not hang a read
_BINARY = getattr(os, "O_BINARY", 0)


def relative_path(raw: str) -> str:
    """``raw`` if it is a plain relative path, else BadPath saying what is wrong with it."""
    if not raw:
        raise BadPath("The path is empty.")
    for char, what in (("\x00", "a NUL byte"), ("\\", "a backslash"), (":", "a colon")):
        if char in raw:
            raise BadPath(f"The path {raw!r} contains {what}.")
    if raw.startswith("/"):
        raise BadPath(f"The path {raw!r} is absolute: paths are relative to the workspace.")
    for segment in raw.split("/"):
        if segment in ("", ".", ".."):
            shown = segment or "an empty segment"
            raise BadPath(f"The path {raw!r} has {shown!r} in it: name each folder once.")
    return raw


def is_reserved(path: str) -> bool:
    """The author's folder (whatever its case: file systems may ignore it) and the leftovers
    of an interrupted save: as if they did not exist."""
    segments = path.split("/")
    return segments[0].casefold() == SETTINGS_FOLDER or any(
        s.endswith(PARTIAL_SUFFIX) for s in segments
    )


def locate(root: Path, path: str) -> Path:
    """``root / path``, refused if any existing part of the path is a symlink, or a file
    where a folder should be (the root itself is the caller's to trust)."""
    current = root
    segments = path.split("/")
    for depth, segment in enumerate(segments, 1):
        current = current / segment
        try:
            mode = os.lstat(current).st_mode
        except (FileNotFoundError, NotADirectoryError):
            break  # the rest does not exist yet: nothing more to follow
        where = "/".join(segments[:depth])
        if stat.S_ISLNK(mode):
            raise Forbidden(f"{where!r} is a symbolic link: links are never followed.")
        if depth < len(segments) and not stat.S_ISDIR(mode):
            raise BadPath(f"{where!r} is a file, not a folder.")
    return root / path


def file_stat(target: Path, path: str) -> os.stat_result | None:
    """The regular file's status, None if nothing is there; BadPath for a folder."""
    try:
        status = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISDIR(status.st_mode):
        raise BadPath(f"{path!r} is a folder, not a file.")
    if not stat.S_ISREG(status.st_mode):
        raise Forbidden(f"{path!r} is not a regular file.")
    return status


def read_bytes(target: Path, path: str, limit: int) -> bytes:
    """The bytes of the regular file ``target`` (already located), at most ``limit`` of them."""
    try:
        fd = os.open(target, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except FileNotFoundError:
        raise FileNotFound(f"There is no file {path!r} in the workspace.") from None
    except IsADirectoryError:
        raise BadPath(f"{path!r} is a folder, not a file.") from None
    except OSError as exc:  # ELOOP: it became a symlink since it was located
        raise Forbidden(f"{path!r} cannot be opened: {exc.strerror}.") from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(handle.fileno())
        if stat.S_ISDIR(status.st_mode):
            raise BadPath(f"{path!r} is a folder, not a file.")
        if not stat.S_ISREG(status.st_mode):
            raise Forbidden(f"{path!r} is not a regular file.")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{path!r} is over {limit // 1024} KiB.", limit=limit)
    return data


def walk_files(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every regular file under ``root`` as (relative path, status), symlinks not followed,
    the author's folder and save leftovers left out."""
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            path = f"{prefix}{entry.name}"
            if is_reserved(path):
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), f"{path}/"))
            elif entry.is_file(follow_symlinks=False):
                yield path, entry.stat(follow_symlinks=False)
