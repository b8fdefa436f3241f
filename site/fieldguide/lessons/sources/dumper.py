"""Write the page tree back to lesson sources, in the format ``loader`` reads:
``tutorials/`` and ``docs/`` under a content folder."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from wagtail.images import get_image_model
from wagtail.models import Page

from fieldguide.lessons.models import (
    DocPage,
    DocsIndexPage,
    StepPage,
    TutorialIndexPage,
    TutorialPage,
)
from fieldguide.lessons.sources import links
from fieldguide.lessons.sources.canonical import canonical_text
from fieldguide.lessons.sources.files import STEP_FILE, write_source
from fieldguide.lessons.sources.richtext import PageUrl
from fieldguide.lessons.sources.tree import IMAGES, INDEX_FILE, TUTORIAL_FILE
from fieldguide.lessons.sources.writer import render_body

SAFE_NAME = re.compile(r"^[\w][\w.-]*$")


@dataclass
class DumpReport:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def _write(path: Path, data: bytes, report: DumpReport) -> None:
    """Write only what differs (keeps mtimes and diffs quiet), atomically."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)
    report.written.append(path)


def _remove(path: Path, report: DumpReport) -> None:
    path.unlink() if path.is_file() else shutil.rmtree(path)
    report.removed.append(path)


def page_url(page_id: str) -> str:
    """A page's address on the site (for a page the dump does not write)."""
    page = Page.objects.filter(pk=page_id).first() if page_id.isdigit() else None
    return page.specific.url or "/" if page else "/"


def _is_file_name(title: str) -> bool:
    suffix = Path(title).suffix.lower().lstrip(".")
    return bool(SAFE_NAME.match(title)) and suffix in settings.WAGTAILIMAGES_EXTENSIONS


class _ImageFolder:
    """An ``images/`` folder: what the dump writes there, and the removal of what it no longer
    uses. Pages name an image relative to their own file."""

    def __init__(self, folder: Path, report: DumpReport) -> None:
        self.folder, self.report = folder / IMAGES, report
        self.used: dict[str, int] = {}  # file name → image id

    def path(self, image_id: Any, page_file: Path) -> str:
        image = get_image_model().objects.get(pk=image_id)
        # The name it was loaded under (its title), not the stored file's, which storage may
        # have suffixed (images/cover.png of two tutorials are two files in the media folder).
        name = image.title if _is_file_name(image.title) else Path(image.file.name).name
        if self.used.get(name, image.pk) != image.pk:
            name = Path(image.file.name).name  # another image of this folder has that name
        with image.open_file() as handle:
            _write(self.folder / name, handle.read(), self.report)
        self.used[name] = image.pk
        return posixpath.relpath((self.folder / name).as_posix(), page_file.parent.as_posix())

    def remove_unused(self) -> None:
        if self.folder.is_dir():
            for stale in self.folder.iterdir():
                if stale.name not in self.used:
                    _remove(stale, self.report)


class _Dump:
    """One dump: the file of every page it writes is known first, so that a link between two
    of them is written as the relative path from one file to the other."""

    def __init__(self, root: Path, report: DumpReport) -> None:
        self.root, self.report = root, report
        self.files: dict[int, Path] = {}

    def page_url(self, page_file: Path) -> PageUrl:
        def url(page_id: str) -> str:
            target = self.files.get(int(page_id)) if page_id.isdigit() else None
            if target is None:
                return page_url(page_id)
            return posixpath.relpath(target.as_posix(), page_file.parent.as_posix())

        return url

    def write(self, file: Path, meta: dict[str, Any], stream: Any, images: _ImageFolder) -> None:
        body = render_body(
            list(stream.raw_data), lambda image: images.path(image, file), self.page_url(file)
        )
        _write(file, canonical_text(write_source(meta, body)).encode(), self.report)

    # Tutorials --------------------------------------------------------------------------

    def plan_tutorial(self, tutorial: TutorialPage) -> list[tuple[StepPage, Path]]:
        folder = self.root / links.TUTORIALS / tutorial.slug
        self.files[tutorial.pk] = folder / TUTORIAL_FILE
        steps = StepPage.objects.child_of(tutorial).order_by("path")
        planned = [
            (step, folder / f"{number:02d}-{step.slug}.md")
            for number, step in enumerate(steps, start=1)
        ]
        self.files.update((step.pk, path) for step, path in planned)
        return planned

    def tutorial(self, page: TutorialPage, steps: list[tuple[StepPage, Path]]) -> None:
        folder = self.root / links.TUTORIALS / page.slug
        images = _ImageFolder(folder, self.report)
        meta: dict[str, Any] = {
            "title": page.title,
            "summary": page.summary,
            "audience": page.audience,
            "estimated_minutes": page.estimated_minutes,
            "difficulty": page.difficulty,
        }
        if page.cover_image_id:
            meta["cover"] = images.path(page.cover_image_id, folder / TUTORIAL_FILE)
        if page.prerequisite_list():
            meta["prerequisites"] = page.prerequisite_list()
        self.write(folder / TUTORIAL_FILE, meta, page.intro, images)
        for step, path in steps:
            self.write(path, {"title": step.title}, step.body, images)
        wanted = {path.name for _, path in steps}
        for stale in folder.glob("*.md"):
            if STEP_FILE.match(stale.name) and stale.name not in wanted:
                _remove(stale, self.report)
        images.remove_unused()

    # Documentation ----------------------------------------------------------------------

    def plan_docs(self, docs: DocsIndexPage, sections: Iterable[str] | None) -> list[DocPage]:
        """The doc pages to write (every one, or those of ``sections``), their files known."""
        folder = self.root / links.DOCS
        self.files[docs.pk] = folder / INDEX_FILE
        pages = list(DocPage.objects.descendant_of(docs).order_by("path"))
        parents = {page.path[: -page.steplen] for page in pages}
        by_path = {page.path: page for page in pages}
        chosen = []
        for page in pages:
            ends = range(len(docs.path) + page.steplen, len(page.path) + 1, page.steplen)
            ancestors = [by_path[page.path[:end]] for end in ends]  # from its section down
            if sections is not None and ancestors[0].slug not in sections:
                continue
            relative = Path(*(a.slug for a in ancestors))
            file = relative / INDEX_FILE if page.path in parents else relative.with_suffix(".md")
            self.files[page.pk] = folder / file
            chosen.append(page)
        return chosen

    def docs(self, docs: DocsIndexPage, pages: list[DocPage], whole: bool) -> None:
        folder = self.root / links.DOCS
        images = _ImageFolder(folder, self.report)
        if whole:
            self.write(folder / INDEX_FILE, {"title": docs.title}, docs.intro, images)
        siblings: dict[str, list[DocPage]] = {}
        for page in pages:
            siblings.setdefault(page.path[: -page.steplen], []).append(page)
        for page in pages:
            meta: dict[str, Any] = {"title": page.title}
            group = siblings[page.path[: -page.steplen]]
            if [p.slug for p in group] != sorted(p.slug for p in group):
                meta["order"] = group.index(page) + 1  # the tree's order, where names differ
            self.write(self.files[page.pk], meta, page.body, images)
        if whole:
            self.remove_stale_docs(folder)
            images.remove_unused()

    def remove_stale_docs(self, folder: Path) -> None:
        """Markdown files (and emptied folders) of pages that no longer exist."""
        wanted = set(self.files.values())
        for stale in sorted(folder.rglob("*.md"), reverse=True):
            if stale not in wanted and IMAGES not in stale.relative_to(folder).parts:
                _remove(stale, self.report)
        for empty in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(empty.iterdir()):
                empty.rmdir()


def dump_tree(
    root: Path, slugs: list[str] | None = None, sections: list[str] | None = None
) -> DumpReport:
    """Write the content under the content folder ``root``: the tutorials' front page, every
    tutorial and the documentation; or only the tutorials ``slugs`` and the documentation
    sections ``sections`` (either may be given, or both)."""
    report = DumpReport()
    index = TutorialIndexPage.objects.first()
    if index is None:
        return report
    whole = slugs is None and sections is None
    dump = _Dump(root, report)
    tutorials = TutorialPage.objects.child_of(index).order_by("path")
    if not whole:
        tutorials = tutorials.filter(slug__in=slugs or [])
    planned = [(tutorial, dump.plan_tutorial(tutorial)) for tutorial in tutorials]
    docs = DocsIndexPage.objects.child_of(index).first()
    doc_pages = dump.plan_docs(docs, None if whole else sections or []) if docs else []
    if whole:
        dump.files[index.pk] = root / links.TUTORIALS / INDEX_FILE
        images = _ImageFolder(root / links.TUTORIALS, report)
        dump.write(root / links.TUTORIALS / INDEX_FILE, {"title": index.title}, index.intro, images)
        images.remove_unused()
    for tutorial, steps in planned:
        dump.tutorial(tutorial, steps)
    if docs and (whole or doc_pages):
        dump.docs(docs, doc_pages, whole)
    return report
