"""Applying a verified pack: its tutorials and workspaces in one go, or nothing.

The pages load in one database transaction; the workspaces are copied beside their final
place first and swapped in just before the commit, and swapped back if anything fails.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from fieldguide.demos.workspaces import imported_root
from fieldguide.lessons.sources.loader import load_tree
from fieldguide.packs.reader import Inspection

Progress = Callable[[str, int, int], None]


def _stage_workspaces(inspection: Inspection) -> list[tuple[Path, Path]]:
    root = imported_root()
    root.mkdir(parents=True, exist_ok=True)
    staged = []
    for name in inspection.workspaces:
        incoming = root / f".{name}.incoming"
        shutil.rmtree(incoming, ignore_errors=True)
        shutil.copytree(inspection.folder / "workspaces" / name, incoming)
        staged.append((incoming, root / name))
    return staged


def _swap_in(staged: list[tuple[Path, Path]]) -> list[tuple[Path, Path | None]]:
    """Put each staged workspace in place; returns (final, previous-moved-aside) to undo."""
    done: list[tuple[Path, Path | None]] = []
    for incoming, final in staged:
        aside = None
        if final.exists():
            aside = final.with_name(f".{final.name}.previous")
            shutil.rmtree(aside, ignore_errors=True)
            final.rename(aside)
        incoming.rename(final)
        done.append((final, aside))
    return done


def _undo(swapped: list[tuple[Path, Path | None]]) -> None:
    for final, aside in reversed(swapped):
        shutil.rmtree(final, ignore_errors=True)
        if aside is not None:
            aside.rename(final)


def _media_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def apply(inspection: Inspection, progress: Progress | None = None) -> dict[str, Any]:
    media_before = _media_files()
    steps = 2
    if progress:
        progress("copying workspaces", 0, steps)
    staged = _stage_workspaces(inspection)
    swapped: list[tuple[Path, Path | None]] = []
    result: dict[str, Any] = {"created": [], "updated": [], "deleted": [], "workspaces": []}
    try:
        with transaction.atomic():
            if progress:
                progress("loading the lessons", 1, steps)
            # The workspaces first: a ::files panel may name one that only the pack brings,
            # and the load checks that it exists (a failed load swaps them back, below).
            swapped = _swap_in(staged)
            result["workspaces"] = [final.name for final, _ in swapped]
            # One load of the pack's tutorials and documentation, so that links between
            # them resolve; what the pack does not carry is left as it is.
            report = load_tree(inspection.folder)
            result["created"] += report.created
            result["updated"] += report.updated
            result["deleted"] += report.deleted
    except BaseException:
        _undo(swapped)
        for incoming, _ in staged:
            shutil.rmtree(incoming, ignore_errors=True)
        for orphan in _media_files() - media_before:  # images of rolled-back rows
            orphan.unlink(missing_ok=True)
        raise
    for _, aside in swapped:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    if progress:
        progress("done", steps, steps)
    return result
