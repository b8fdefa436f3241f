"""Reading a content folder into validated, database-free lesson sources.

Everything is parsed and checked before the loader writes anything, so a bad file fails
the whole load with its path, line and reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldguide.lessons.sources.format import (
    Source,
    SourceError,
    StreamData,
    parse_body,
    parse_rich_text,
    read_source,
)

STEP_FILE = re.compile(r"^(\d{2,3})-([a-z0-9][a-z0-9-]*)\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DIFFICULTIES = ("beginner", "intermediate", "advanced")
INDEX_FILE = "index.md"
TUTORIAL_FILE = "tutorial.md"
TUTORIAL_KEYS = (
    "title",
    "summary",
    "audience",
    "estimated_minutes",
    "difficulty",
    "cover",
    "prerequisites",
)


@dataclass
class StepSource:
    slug: str
    path: Path
    title: str
    body: StreamData


@dataclass
class TutorialSource:
    slug: str
    path: Path
    fields: dict[str, Any]
    cover: str | None
    steps: list[StepSource] = field(default_factory=list)


@dataclass
class IndexSource:
    title: str
    intro: str


@dataclass
class ContentTree:
    root: Path
    index: IndexSource | None
    tutorials: list[TutorialSource]
    version: str


def content_version(root: Path) -> str:
    """A hash of every source file's path and bytes: changes exactly when the sources do."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _text(source: Source, key: str, required: bool = True) -> str:
    value = source.meta.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise SourceError(source.path, 2, f"front matter {key!r} must be a non-empty string")
    return value.strip()


def _unknown_keys(source: Source, allowed: Collection[str]) -> None:
    unknown = sorted(set(source.meta) - set(allowed))
    if unknown:
        known = ", ".join(allowed)
        raise SourceError(source.path, 2, f"unknown front matter key {unknown[0]!r} ({known})")


def read_index(path: Path) -> IndexSource:
    source = read_source(path)
    _unknown_keys(source, ("title",))
    return IndexSource(_text(source, "title"), parse_rich_text(source))


def read_step(path: Path, demos: Collection[str] | None) -> StepSource:
    match = STEP_FILE.match(path.name)
    if not match:
        raise SourceError(path, 1, "step files are named NN-slug.md, e.g. 01-install.md")
    source = read_source(path)
    _unknown_keys(source, ("title",))
    return StepSource(match[2], path, _text(source, "title"), parse_body(source, demos))


def read_tutorial(folder: Path, demos: Collection[str] | None) -> TutorialSource:
    if not SLUG.match(folder.name):
        raise SourceError(folder, 0, "a tutorial folder's name is its slug: a-z, 0-9 and '-'")
    path = folder / TUTORIAL_FILE
    if not path.is_file():
        raise SourceError(path, 0, "every tutorial folder needs a tutorial.md")
    source = read_source(path)
    _unknown_keys(source, TUTORIAL_KEYS)
    minutes = source.meta.get("estimated_minutes", 30)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1000:
        raise SourceError(path, 2, "front matter 'estimated_minutes' must be a whole number")
    difficulty = source.meta.get("difficulty", "beginner")
    if difficulty not in DIFFICULTIES:
        raise SourceError(path, 2, f"front matter 'difficulty' must be one of {DIFFICULTIES}")
    prerequisites = source.meta.get("prerequisites") or []
    if not isinstance(prerequisites, list) or not all(
        isinstance(p, str) and p.strip() for p in prerequisites
    ):
        raise SourceError(path, 2, "front matter 'prerequisites' must be a list of strings")
    cover = source.meta.get("cover")
    if cover is not None and not isinstance(cover, str):
        raise SourceError(path, 2, "front matter 'cover' must be an image path")
    fields = {
        "title": _text(source, "title"),
        "summary": _text(source, "summary"),
        "audience": _text(source, "audience"),
        "estimated_minutes": minutes,
        "difficulty": difficulty,
        "prerequisites": "\n".join(p.strip() for p in prerequisites),
        "intro": parse_rich_text(source),
    }
    tutorial = TutorialSource(folder.name, folder, fields, cover)
    step_files = sorted(
        (p for p in folder.glob("*.md") if p.name != TUTORIAL_FILE),
        key=lambda p: (int(m[1]) if (m := STEP_FILE.match(p.name)) else -1, p.name),
    )
    seen: dict[str, Path] = {}
    for step_file in step_files:
        step = read_step(step_file, demos)
        if step.slug in seen:
            raise SourceError(
                step_file, 1, f"step slug {step.slug!r} is also used by {seen[step.slug].name}"
            )
        seen[step.slug] = step_file
        tutorial.steps.append(step)
    return tutorial


def read_tree(path: Path, demos: Collection[str] | None = None) -> ContentTree:
    """A tutorials folder (with index.md and one folder per tutorial) or one tutorial folder."""
    if not path.is_dir():
        raise SourceError(path, 0, "no such content folder")
    if (path / TUTORIAL_FILE).is_file():
        return ContentTree(path, None, [read_tutorial(path, demos)], content_version(path))
    index = read_index(path / INDEX_FILE) if (path / INDEX_FILE).is_file() else None
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    tutorials = [read_tutorial(folder, demos) for folder in folders]
    return ContentTree(path, index, tutorials, content_version(path))
