"""Per-step solutions: files the author ships in ``.fieldguide/solutions/<step-slug>/`` of the
pristine workspace, laid over the learner's copy when they ask.

Applying writes every file or none: all are checked, then staged beside their targets, then
swapped in; if a swap fails, the ones already swapped get their old bytes back. The author's
solution may change read-only files and make files anywhere; the size and text limits hold.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from fieldguide.demos.atomic_files import stage, sync_folder, write_atomically
from fieldguide.demos.file_errors import FileNotFound
from fieldguide.demos.workspace_files import (
    FILE_LIMIT,
    WORKSPACE_LIMIT,
    Workspace,
    as_text,
    check_content,
    check_total,
    make_folders,
    unified_diff,
)
from fieldguide.demos.workspace_paths import (
    file_stat,
    locate,
    read_bytes,
    relative_path,
    walk_files,
)
from fieldguide.demos.workspaces import SETTINGS_FOLDER

SOLUTIONS = f"{SETTINGS_FOLDER}/solutions"
STEP_SLUG = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class _Change:
    target: Path
    new: bytes
    old: bytes | None  # None: the file is new


def solution_files(ws: Workspace, step: str) -> list[tuple[str, bytes]]:
    """The overlay of ``step`` as (path, bytes), sorted; each checked as a learner's save is."""
    root = ws.pristine / SOLUTIONS / step
    if not STEP_SLUG.fullmatch(step) or root.is_symlink() or not root.is_dir():
        raise FileNotFound(f"The workspace {ws.name!r} has no solution for the step {step!r}.")
    files = []
    for path, _ in sorted(walk_files(root)):
        relative_path(path)  # a name the file API could not take either
        data = read_bytes(root / path, path, FILE_LIMIT)
        check_content(data, path)
        files.append((path, data))
    return files


def solution_diff(ws: Workspace, step: str) -> list[dict[str, str]]:
    """Per file, a unified diff from the learner's version ("" if it already matches)."""
    changes = []
    for path, data in solution_files(ws, step):
        target = locate(ws.copy, path)
        current = read_bytes(target, path, FILE_LIMIT) if file_stat(target, path) else None
        before = None if current is None else as_text(current, path)
        changes.append({"path": path, "diff": unified_diff(path, before, as_text(data, path))})
    return changes


def apply_solution(ws: Workspace, step: str) -> list[str]:
    """Write the overlay of ``step`` into the copy, all of it or nothing; the paths written."""
    files = solution_files(ws, step)
    with ws.lock():
        changes = []
        for path, data in files:
            target = locate(ws.copy, path)
            exists = file_stat(target, path) is not None
            old = read_bytes(target, path, WORKSPACE_LIMIT) if exists else None
            changes.append(_Change(target, data, old))
        check_total(ws, {path: len(data) for path, data in files})
        _swap_in(ws.copy, changes)
    return [path for path, _ in files]


def _swap_in(root: Path, changes: list[_Change]) -> None:
    made: list[Path] = []
    staged: list[Path] = []
    swapped: list[_Change] = []
    try:
        for change in changes:
            made += make_folders(root, change.target)
            staged.append(stage(change.target, change.new))
        for partial, change in zip(staged, changes, strict=True):
            os.replace(partial, change.target)
            swapped.append(change)
    except BaseException:
        for partial in staged:
            partial.unlink(missing_ok=True)
        for change in reversed(swapped):
            if change.old is None:
                change.target.unlink(missing_ok=True)
            else:
                write_atomically(change.target, change.old)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    for folder in {change.target.parent for change in changes}:
        sync_folder(folder)
