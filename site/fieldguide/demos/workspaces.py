"""Learners' copies of the demo workspaces: made on first use, restored on reset."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# The author's settings and solution overlays: in the pristine workspace, never in a copy.
SETTINGS_FOLDER = ".fieldguide"


class WorkspaceError(ValueError):
    pass


def imported_root() -> Path:
    """Workspaces that came with lesson packs: in the home, since the install folder is
    read-only; they take precedence over shipped ones of the same name."""
    return settings.HOME.root / "imported-workspaces"


def pristine_or_none(name: str) -> Path | None:
    if not NAME.match(name):
        raise WorkspaceError(f"{name!r} is not a workspace name")
    for folder in (imported_root() / name, settings.FIELDGUIDE_CONTENT_DIR / "workspaces" / name):
        if folder.is_dir():
            return folder
    return None


def pristine(name: str) -> Path:
    folder = pristine_or_none(name)
    if folder is None:
        raise WorkspaceError(f"there is no workspace {name!r}")
    return folder


def copies_root(learner: str = "") -> Path:
    """Where ``learner``'s copies live. A kiosk seats one learner at a time (a seat reset
    clears the copies), so every learner of this home shares its folder; a server for many
    learners would give each one a folder of their own here."""
    return settings.HOME.workspaces


def learner_copy(name: str, learner: str = "") -> Path:
    """The learner's working copy, made from the pristine one the first time."""
    source = pristine(name)
    target = copies_root(learner) / name
    if not target.is_dir():
        _copy(source, target)
    return target


def reset(name: str, learner: str = "") -> Path:
    source = pristine(name)
    target = copies_root(learner) / name
    if target.exists():
        # Move aside first: a reset interrupted half-way must not leave a half workspace.
        doomed = target.with_name(f".{name}.old")
        shutil.rmtree(doomed, ignore_errors=True)
        target.rename(doomed)
        shutil.rmtree(doomed, ignore_errors=True)
    _copy(source, target)
    return target


def _copy(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial, ignore=_left_out(source))
    partial.rename(target)


def _left_out(source: Path) -> Callable[[str, list[str]], set[str]]:
    """Bytecode anywhere, and the author's ``.fieldguide/`` (settings, solutions) at the top:
    a learner, or a demo, must not be able to read the solutions in their copy."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        left = {n for n in names if n == "__pycache__" or n.endswith(".pyc")}
        if Path(folder) == source:
            left |= {n for n in names if n.casefold() == SETTINGS_FOLDER}
        return left

    return ignore


def clear_learner_copies() -> int:
    """Every learner copy goes (for the seat reset); they are made again on first use.
    Returns how many there were."""
    folder: Path = settings.HOME.workspaces
    if not folder.is_dir():
        return 0
    doomed = folder.with_name(f".workspaces-reset-{os.getpid()}")
    folder.rename(doomed)  # one step: the next learner never sees a half-deleted copy
    folder.mkdir()
    count = sum(1 for entry in doomed.iterdir() if entry.is_dir())
    shutil.rmtree(doomed, ignore_errors=True)
    return count
