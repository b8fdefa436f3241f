"""Reading the documentation folder (``content/docs/``) into database-free sources.

    docs/index.md                 the documentation's front page (optional): title, intro
    docs/<section>/index.md       a section's own page (optional: else titled from the folder)
    docs/<section>/<page>.md      a page of the section; a folder is a page with subpages
    docs/images/…                 images, named by each page relative to its own file

Every page has ``title`` front matter and may have ``order`` (pages with one come first, by
it; the others follow by name). A file's or folder's name is the page's slug.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from fieldguide.lessons.sources.files import (
    SLUG,
    Problems,
    SourceError,
    StreamData,
    front_matter_text,
    read_source,
    unknown_keys,
)
from fieldguide.lessons.sources.format import parse_body

DOCS = "docs"
INDEX_FILE = "index.md"
IMAGES = "images"
DOC_KEYS = ("title", "order")
DEFAULT_TITLE = "Documentation"


@dataclass
class DocSource:
    slug: str
    path: Path  # its file: <slug>.md, or <slug>/index.md for a page with subpages
    title: str
    body: StreamData
    order: int | None = None
    children: list[DocSource] = field(default_factory=list)

    def walk(self) -> list[DocSource]:
        """This page and every page under it, depth first."""
        return [self, *(page for child in self.children for page in child.walk())]


@dataclass
class DocsSource:
    root: Path
    title: str | None  # None: no index.md, the documentation's front page is left as it is
    intro: StreamData
    pages: list[DocSource]

    def walk(self) -> list[DocSource]:
        return [page for top in self.pages for page in top.walk()]


def _title_of_folder(name: str) -> str:
    return name.replace("-", " ").capitalize()


def _read_page(
    path: Path, slug: str, demos: Collection[str] | None, problems: Problems
) -> DocSource:
    source = read_source(path)
    unknown_keys(source, DOC_KEYS, problems)
    order = source.meta.get("order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
        problems.append(SourceError(path, 2, "front matter 'order' must be a whole number"))
        order = None
    title = front_matter_text(source, "title", problems)
    return DocSource(slug, path, title, parse_body(source, demos, problems), order)


def _read_folder(
    folder: Path, demos: Collection[str] | None, problems: Problems
) -> list[DocSource]:
    """The pages of a folder: its Markdown files (but index.md) and its subfolders."""
    pages: list[DocSource] = []
    entries = sorted(
        p
        for p in folder.iterdir()
        if not p.name.startswith(".")
        and ((p.is_dir() and p.name != IMAGES) or (p.suffix == ".md" and p.name != INDEX_FILE))
    )
    folders = {p.name for p in entries if p.is_dir()}
    for entry in entries:
        slug = entry.name if entry.is_dir() else entry.stem
        if not SLUG.match(slug):
            reason = f"{entry.name}: a page's file or folder name is its slug: a-z, 0-9 and '-'"
            problems.append(SourceError(entry, 0, reason))
            continue
        if entry.is_file() and slug in folders:
            reason = f"{slug}/ is this page too: put this text in {slug}/{INDEX_FILE}"
            problems.append(SourceError(entry, 1, reason))
            continue
        try:
            if entry.is_dir():
                page = _folder_page(entry, demos, problems)
            else:
                page = _read_page(entry, slug, demos, problems)
        except SourceError as exc:
            problems.append(exc)
            continue
        pages.append(page)
    return sorted(pages, key=lambda p: (p.order is None, p.order or 0, p.slug))


def _folder_page(folder: Path, demos: Collection[str] | None, problems: Problems) -> DocSource:
    index = folder / INDEX_FILE
    if index.is_file():
        page = _read_page(index, folder.name, demos, problems)
    else:
        page = DocSource(folder.name, index, _title_of_folder(folder.name), [])
    page.children = _read_folder(folder, demos, problems)
    return page


def read_docs(folder: Path, demos: Collection[str] | None, problems: Problems) -> DocsSource:
    """The documentation under ``folder``, every problem reported to ``problems``."""
    title, intro = None, []
    index = folder / INDEX_FILE
    if index.is_file():
        try:
            source = read_source(index)
            unknown_keys(source, ("title",), problems)
            title = front_matter_text(source, "title", problems)
            intro = parse_body(source, demos, problems)
        except SourceError as exc:
            problems.append(exc)
    return DocsSource(folder, title, intro, _read_folder(folder, demos, problems))
