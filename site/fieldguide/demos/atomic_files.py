"""Writing a file so that a crash leaves the old bytes or the new ones, never half of each.

The new bytes go to a temporary file in the same folder (a rename is only atomic within one
file system), are flushed to the disk, then replace the file in one ``os.replace``. Nothing
here imports Django, so that a test can drive it from a process it kills.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

# Leftovers of a crash mid-save end in this: listings skip them and no path may use it.
PARTIAL_SUFFIX = ".fieldguide-partial"
NEW_FILE_MODE = 0o644


def stage(target: Path, data: bytes) -> Path:
    """``data`` in a flushed temporary file beside ``target``, with ``target``'s mode."""
    try:
        mode = stat.S_IMODE(os.lstat(target).st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PARTIAL_SUFFIX, dir=target.parent)
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(partial, mode)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX only: Windows cannot open a folder)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(target: Path, data: bytes) -> None:
    partial = stage(target, data)
    try:
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    sync_folder(target.parent)
