"""Reading a content folder into validated, database-free lesson sources.

Everything is parsed and checked before the loader writes anything, so a bad tree fails
the whole load, and every problem in it is reported at once, each with its path and line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldguide.lessons.sources import links
from fieldguide.lessons.sources.docs import DocsSource, read_docs
from fieldguide.lessons.sources.files import (
    SLUG,
    STEP_FILE,
    Problems,
    Source,
    SourceError,
    StreamData,
    front_matter_text,
    read_lines,
    read_source,
    unknown_keys,
)
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.images import image_problem

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
    path: Path


@dataclass
class ContentTree:
    root: Path  # the folder read: a content folder, a tutorials folder or one tutorial's
    content_root: Path  # the folder that holds tutorials/ and docs/: links are relative to it
    index: IndexSource | None
    tutorials: list[TutorialSource]
    version: str
    docs: DocsSource | None = None
    warnings: list[SourceError] = field(default_factory=list)

    def bodies(self) -> list[tuple[Path, StreamData]]:
        """Every page's source file and its stream (intros and bodies)."""
        found = [(self.index.path, self.index.intro)] if self.index else []
        for tutorial in self.tutorials:
            found.append((tutorial.path / TUTORIAL_FILE, tutorial.fields["intro"]))
            found += [(step.path, step.body) for step in tutorial.steps]
        if self.docs:
            found += [(self.docs.root / INDEX_FILE, self.docs.intro)]
            found += [(page.path, page.body) for page in self.docs.walk()]
        return found


def content_version(*folders: Path) -> str:
    """A hash of every source file's path and bytes: changes exactly when the sources do."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_index(path: Path, demos: Collection[str] | None, problems: Problems) -> IndexSource:
    source = read_source(path)
    unknown_keys(source, ("title",), problems)
    intro = parse_body(source, demos, problems)
    return IndexSource(front_matter_text(source, "title", problems), intro, path)


def read_step(path: Path, demos: Collection[str] | None, problems: Problems) -> StepSource:
    match = STEP_FILE.match(path.name)
    if not match:
        raise SourceError(path, 1, "step files are named NN-slug.md, e.g. 01-install.md")
    source = read_source(path)
    unknown_keys(source, ("title",), problems)
    body = parse_body(source, demos, problems)
    return StepSource(match[2], path, front_matter_text(source, "title", problems), body)


def _check_images(
    folder: Path,
    bodies: list[tuple[Path, StreamData]],
    problems: Problems,
    cover: str | None = None,
    relative_to_file: bool = False,
) -> None:
    """Every image the bodies (and the cover) name must be one, inside ``folder``; its path
    is relative to ``folder`` (a tutorial's) or to its page's file (documentation's)."""
    wanted = [(folder / TUTORIAL_FILE, 2, cover)] if cover else []
    for path, body in bodies:
        wanted += [(path, b["line"], b["value"]["image"]) for b in body if "line" in b]
    for path, line, relative in wanted:
        base = path.parent if relative_to_file else folder
        if problem := image_problem(base, relative, boundary=folder):
            problems.append(SourceError(path, line, problem))


def _check_links(tree: ContentTree, problems: Problems) -> None:
    """Every link to another source file must name one that makes a page."""
    for path, body in tree.bodies():
        for href in links.hrefs(body):
            if (target := links.local_target(href)) is None:
                continue
            file = (path.parent / target[0]).resolve()
            if not file.is_file():
                reason = f"the link to {target[0]} names no file"
            elif links.page_key(tree.content_root, file) is None:
                reason = f"the link to {target[0]} names no lesson or documentation page"
            else:
                continue
            problems.append(SourceError(path, _line_holding(path, target[0]), reason))


def _line_holding(path: Path, needle: str) -> int:
    """The number of the first line of ``path`` that holds ``needle`` (else 1)."""
    lines = read_lines(path) if path.is_file() else []
    return next((n for n, line in enumerate(lines, start=1) if needle in line), 1)


def _tutorial_fields(
    source: Source, demos: Collection[str] | None, problems: Problems
) -> tuple[dict[str, Any], str | None]:
    """The tutorial page's fields from tutorial.md, every problem reported."""

    def problem(reason: str) -> None:
        problems.append(SourceError(source.path, 2, reason))

    unknown_keys(source, TUTORIAL_KEYS, problems)
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
        "title": front_matter_text(source, "title", problems),
        "summary": front_matter_text(source, "summary", problems),
        "audience": front_matter_text(source, "audience", problems),
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
    if folder.name == links.DOCS:
        raise SourceError(folder, 0, "'docs' is the documentation's address: rename the tutorial")
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


def _folders(path: Path) -> tuple[Path, Path | None, Path | None]:
    """``(content root, tutorials folder, docs folder)`` for the folder given to a load: a
    content folder (holding tutorials/ and docs/), a tutorials folder or one tutorial's."""
    if (path / links.TUTORIALS).is_dir() or (path / links.DOCS).is_dir():
        tutorials, docs = path / links.TUTORIALS, path / links.DOCS
        return path, tutorials if tutorials.is_dir() else None, docs if docs.is_dir() else None
    if (path / TUTORIAL_FILE).is_file():
        return path.parent.parent, path, None
    return path.parent, path, None


def _read_tutorials(
    path: Path, demos: Collection[str] | None, problems: Problems
) -> tuple[IndexSource | None, list[TutorialSource]]:
    index = None
    if (path / TUTORIAL_FILE).is_file():
        folders = [path]
    else:
        if (path / INDEX_FILE).is_file():
            try:
                index = read_index(path / INDEX_FILE, demos, problems)
                _check_images(path, [(path / INDEX_FILE, index.intro)], problems)
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
    return index, tutorials


def source_version(path: Path) -> str:
    """The content version of the sources a load of ``path`` reads."""
    _, tutorials, docs = _folders(path)
    return content_version(*(folder for folder in (tutorials, docs) if folder))


def read_tree(path: Path, demos: Collection[str] | None = None) -> ContentTree:
    """A content folder (tutorials/ and docs/), a tutorials folder (with index.md and one
    folder per tutorial) or one tutorial folder.

    Raises ``SourceErrors`` with every problem in the tree, after reading all of it.
    """
    if not path.is_dir():
        Problems([SourceError(path, 0, "no such content folder")]).check()
    problems = Problems()
    content_root, tutorials_folder, docs_folder = _folders(path)
    version = source_version(path)
    index, tutorials = (
        _read_tutorials(tutorials_folder, demos, problems) if tutorials_folder else (None, [])
    )
    docs = None
    if docs_folder:
        docs = read_docs(docs_folder, demos, problems)
        pages = [(docs_folder / INDEX_FILE, docs.intro)] + [(p.path, p.body) for p in docs.walk()]
        _check_images(docs_folder, pages, problems, relative_to_file=True)
    tree = ContentTree(path, content_root, index, tutorials, version, docs)
    _check_links(tree, problems)
    problems.check()
    tree.warnings = problems.warnings
    return tree
