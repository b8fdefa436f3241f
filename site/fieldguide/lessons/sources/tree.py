"""Reading a content folder into validated, database-free lesson sources.

Everything is parsed and checked before the loader writes anything, so a bad tree fails
the whole load, and every problem in it is reported at once, each with its path and line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldguide.lessons.sources.files import Problems, Source, SourceError, StreamData, read_source
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.images import image_problem

STEP_FILE = re.compile(r"^(\d{2,3})-([a-z0-9][a-z0-9-]*)\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DIFFICULTIES = ("beginner", "intermediate", "advanced")
INDEX_FILE = "index.md"
IMAGES = "images"  # beside a lesson's files: a tutorial's, or index.md's in the tutorials folder
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
    intro: StreamData


@dataclass
class ContentTree:
    root: Path
    index: IndexSource | None
    tutorials: list[TutorialSource]
    version: str
    warnings: list[SourceError] = field(default_factory=list)


def content_version(root: Path) -> str:
    """A hash of every source file's path and bytes: changes exactly when the sources do."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _text(source: Source, key: str, problems: Problems) -> str:
    value = source.meta.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(
            SourceError(source.path, 2, f"front matter {key!r} must be a non-empty string")
        )
        return ""
    return value.strip()


def _unknown_keys(source: Source, allowed: Collection[str], problems: Problems) -> None:
    for key in sorted(set(source.meta) - set(allowed)):
        known = ", ".join(allowed)
        problems.append(SourceError(source.path, 2, f"unknown front matter key {key!r} ({known})"))


def read_index(path: Path, demos: Collection[str] | None, problems: Problems) -> IndexSource:
    source = read_source(path)
    _unknown_keys(source, ("title",), problems)
    intro = parse_body(source, demos, problems)
    return IndexSource(_text(source, "title", problems), intro)


def read_step(path: Path, demos: Collection[str] | None, problems: Problems) -> StepSource:
    match = STEP_FILE.match(path.name)
    if not match:
        raise SourceError(path, 1, "step files are named NN-slug.md, e.g. 01-install.md")
    source = read_source(path)
    _unknown_keys(source, ("title",), problems)
    body = parse_body(source, demos, problems)
    return StepSource(match[2], path, _text(source, "title", problems), body)


def _check_images(
    folder: Path, bodies: list[tuple[Path, StreamData]], problems: Problems, cover: str | None
) -> None:
    """Every image the bodies (and the cover) name must be one, inside ``folder``."""
    wanted = [(folder / TUTORIAL_FILE, 2, cover)] if cover else []
    for path, body in bodies:
        wanted += [(path, b["line"], b["value"]["image"]) for b in body if "line" in b]
    for path, line, relative in wanted:
        if problem := image_problem(folder, relative):
            problems.append(SourceError(path, line, problem))


def _tutorial_fields(
    source: Source, demos: Collection[str] | None, problems: Problems
) -> tuple[dict[str, Any], str | None]:
    """The tutorial page's fields from tutorial.md, every problem reported."""

    def problem(reason: str) -> None:
        problems.append(SourceError(source.path, 2, reason))

    _unknown_keys(source, TUTORIAL_KEYS, problems)
    minutes = source.meta.get("estimated_minutes", 30)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 1000:
        problem("front matter 'estimated_minutes' must be a whole number")
    difficulty = source.meta.get("difficulty", "beginner")
    if difficulty not in DIFFICULTIES:
        problem(f"front matter 'difficulty' must be one of {DIFFICULTIES}")
    prerequisites = source.meta.get("prerequisites") or []
    if not isinstance(prerequisites, list) or not all(
        isinstance(p, str) and p.strip() for p in prerequisites
    ):
        problem("front matter 'prerequisites' must be a list of strings")
        prerequisites = []
    cover = source.meta.get("cover")
    if cover is not None and not isinstance(cover, str):
        problem("front matter 'cover' must be an image path")
        cover = None
    fields = {
        "title": _text(source, "title", problems),
        "summary": _text(source, "summary", problems),
        "audience": _text(source, "audience", problems),
        "estimated_minutes": minutes,
        "difficulty": difficulty,
        "prerequisites": "\n".join(p.strip() for p in prerequisites),
        "intro": parse_body(source, demos, problems),
    }
    return fields, cover


def read_tutorial(
    folder: Path, demos: Collection[str] | None, problems: Problems
) -> TutorialSource:
    if not SLUG.match(folder.name):
        raise SourceError(folder, 0, "a tutorial folder's name is its slug: a-z, 0-9 and '-'")
    path = folder / TUTORIAL_FILE
    if not path.is_file():
        raise SourceError(path, 0, "every tutorial folder needs a tutorial.md")
    source = read_source(path)
    fields, cover = _tutorial_fields(source, demos, problems)
    tutorial = TutorialSource(folder.name, folder, fields, cover)
    step_files = sorted(
        (p for p in folder.glob("*.md") if p.name != TUTORIAL_FILE),
        key=lambda p: (int(m[1]) if (m := STEP_FILE.match(p.name)) else -1, p.name),
    )
    seen: dict[str, Path] = {}
    for step_file in step_files:
        try:
            step = read_step(step_file, demos, problems)
        except SourceError as exc:
            problems.append(exc)
            continue
        if step.slug in seen:
            reason = f"step slug {step.slug!r} is also used by {seen[step.slug].name}"
            problems.append(SourceError(step_file, 1, reason))
        seen[step.slug] = step_file
        tutorial.steps.append(step)
    bodies = [(path, tutorial.fields["intro"])] + [(s.path, s.body) for s in tutorial.steps]
    _check_images(folder, bodies, problems, tutorial.cover)
    return tutorial


def read_tree(path: Path, demos: Collection[str] | None = None) -> ContentTree:
    """A tutorials folder (with index.md and one folder per tutorial) or one tutorial folder.

    Raises ``SourceErrors`` with every problem in the tree, after reading all of it.
    """
    if not path.is_dir():
        Problems([SourceError(path, 0, "no such content folder")]).check()
    problems = Problems()
    index = None
    if (path / TUTORIAL_FILE).is_file():
        folders = [path]
    else:
        if (path / INDEX_FILE).is_file():
            try:
                index = read_index(path / INDEX_FILE, demos, problems)
                _check_images(path, [(path / INDEX_FILE, index.intro)], problems, None)
            except SourceError as exc:
                problems.append(exc)
        folders = sorted(
            p
            for p in path.iterdir()
            if p.is_dir() and not p.name.startswith(".") and p.name != IMAGES
        )
    tutorials = []
    for folder in folders:
        try:
            tutorials.append(read_tutorial(folder, demos, problems))
        except SourceError as exc:
            problems.append(exc)
    problems.check()
    return ContentTree(path, index, tutorials, content_version(path), problems.warnings)
