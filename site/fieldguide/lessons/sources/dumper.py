"""Write the page tree back to lesson sources, in the format ``loader`` reads."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wagtail.images import get_image_model
from wagtail.models import Page

from fieldguide.lessons.models import StepPage, TutorialIndexPage, TutorialPage
from fieldguide.lessons.sources.files import write_source
from fieldguide.lessons.sources.tree import IMAGES, INDEX_FILE, STEP_FILE, TUTORIAL_FILE
from fieldguide.lessons.sources.writer import render_body


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


def page_url(page_id: str) -> str:
    page = Page.objects.filter(pk=page_id).first() if page_id.isdigit() else None
    return page.specific.url or "/" if page else "/"


class _ImageFolder:
    """The ``images/`` folder beside a lesson's files: what the dump writes there, and the
    removal of what it no longer uses."""

    def __init__(self, folder: Path, report: DumpReport) -> None:
        self.folder, self.report = folder / IMAGES, report
        self.used: set[str] = set()

    def path(self, image_id: Any) -> str:
        image = get_image_model().objects.get(pk=image_id)
        name = Path(image.file.name).name
        with image.open_file() as handle:
            _write(self.folder / name, handle.read(), self.report)
        self.used.add(name)
        return f"{IMAGES}/{name}"

    def remove_unused(self) -> None:
        if self.folder.is_dir():
            for stale in self.folder.iterdir():
                if stale.name not in self.used:
                    stale.unlink() if stale.is_file() else shutil.rmtree(stale)
                    self.report.removed.append(stale)


class _TutorialDumper:
    def __init__(self, tutorial: TutorialPage, folder: Path, report: DumpReport) -> None:
        self.tutorial, self.folder, self.report = tutorial, folder, report
        self.images = _ImageFolder(folder, report)

    def dump(self) -> None:
        page = self.tutorial
        meta: dict[str, Any] = {
            "title": page.title,
            "summary": page.summary,
            "audience": page.audience,
            "estimated_minutes": page.estimated_minutes,
            "difficulty": page.difficulty,
        }
        if page.cover_image_id:
            meta["cover"] = self.images.path(page.cover_image_id)
        if page.prerequisite_list():
            meta["prerequisites"] = page.prerequisite_list()
        intro = render_body(list(page.intro.raw_data), self.images.path, page_url)
        _write(self.folder / TUTORIAL_FILE, write_source(meta, intro).encode(), self.report)

        steps = StepPage.objects.child_of(page).order_by("path")
        wanted = set()
        for number, step in enumerate(steps, start=1):
            name = f"{number:02d}-{step.slug}.md"
            wanted.add(name)
            body = render_body(list(step.body.raw_data), self.images.path, page_url)
            _write(
                self.folder / name, write_source({"title": step.title}, body).encode(), self.report
            )
        for stale in self.folder.glob("*.md"):
            if STEP_FILE.match(stale.name) and stale.name not in wanted:
                stale.unlink()
                self.report.removed.append(stale)
        self.images.remove_unused()


def _dump_index(index: TutorialIndexPage, root: Path, report: DumpReport) -> None:
    """index.md, and its images beside it (as a tutorial's are beside its files)."""
    images = _ImageFolder(root, report)
    intro = render_body(list(index.intro.raw_data), images.path, page_url)
    _write(root / INDEX_FILE, write_source({"title": index.title}, intro).encode(), report)
    images.remove_unused()


def dump_tree(root: Path, slugs: list[str] | None = None) -> DumpReport:
    """Write the index and every tutorial (or only ``slugs``) under ``root``."""
    report = DumpReport()
    index = TutorialIndexPage.objects.first()
    if index is None:
        return report
    if not slugs:
        _dump_index(index, root, report)
    tutorials = TutorialPage.objects.child_of(index).order_by("path")
    if slugs:
        tutorials = tutorials.filter(slug__in=slugs)
    for tutorial in tutorials:
        _TutorialDumper(tutorial, root / tutorial.slug, report).dump()
    return report
