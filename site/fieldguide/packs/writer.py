"""Export tutorials, their images and their demos' workspaces into one ``.fgpack``."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

import fieldguide
from fieldguide.demos.allowlist import configured_demos
from fieldguide.demos.workspaces import WorkspaceError, pristine
from fieldguide.lessons.models import DocPage, DocsIndexPage, StepPage, TutorialPage
from fieldguide.lessons.sources.dumper import dump_tree
from fieldguide.packs.format import (
    CHUNK,
    DOCS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    STORED_SUFFIXES,
    TUTORIALS,
    WORKSPACES,
    PackError,
    Progress,
)  # fmt: skip


def _block_fields(data: Any, block_type: str, field: str) -> set[str]:
    """``field`` of every block of ``block_type`` in a StreamField (or lesson source) body,
    containers included."""
    found: set[str] = set()
    if isinstance(data, list):
        for item in data:
            found |= _block_fields(item, block_type, field)
    elif isinstance(data, dict):
        if data.get("type") == block_type and isinstance(data.get("value"), dict):
            found.add(data["value"].get(field, ""))
        for value in data.values():
            if isinstance(value, list | dict):
                found |= _block_fields(value, block_type, field)
    return found


def demo_ids(data: Any) -> set[str]:
    """Every demo a StreamField (or lesson source) body uses, containers included."""
    return _block_fields(data, "demo", "demo")


def panel_workspaces(data: Any) -> set[str]:
    """Every workspace a body shows in a workspace panel (``::files``)."""
    return _block_fields(data, "files", "workspace") - {""}


def _bodies(tutorials: list[TutorialPage], docs: list[DocPage]) -> Iterator[list[Any]]:
    """The raw StreamField data of every page the pack holds (introductions included)."""
    for tutorial in tutorials:
        yield list(tutorial.intro.raw_data)
        for step in StepPage.objects.child_of(tutorial):
            yield list(step.body.raw_data)
    for section in docs:
        for page in DocPage.objects.descendant_of(section, inclusive=True):
            yield list(page.body.raw_data)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def export_pack(
    slugs: list[str],
    out: Path,
    progress: Progress | None = None,
    sections: list[str] | None = None,
) -> dict[str, Any]:
    """Write the pack of the tutorials ``slugs`` and the documentation ``sections`` to
    ``out`` (atomically: a temporary file renamed at the end)."""
    sections = sections or []
    tutorials = list(TutorialPage.objects.filter(slug__in=slugs).order_by("path"))
    missing = sorted(set(slugs) - {t.slug for t in tutorials})
    if missing:
        raise PackError(f"No tutorial with the slug {', '.join(missing)}.")
    docs_index = DocsIndexPage.objects.first()
    docs = (
        list(DocPage.objects.child_of(docs_index).filter(slug__in=sections).order_by("path"))
        if docs_index and sections
        else []
    )
    missing = sorted(set(sections) - {d.slug for d in docs})
    if missing:
        raise PackError(f"No documentation section with the slug {', '.join(missing)}.")
    if not tutorials and not docs:
        raise PackError("A pack holds at least one tutorial or documentation section.")
    used: set[str] = set()
    shown: set[str] = set()
    for body in _bodies(tutorials, docs):
        used |= demo_ids(body)
        shown |= panel_workspaces(body)
    demos = configured_demos()
    # The workspaces the demos run in and those the panels show, each with its settings and
    # solution overlays (.fieldguide/ in the pristine folder).
    workspaces = sorted({w for d in used if d in demos and (w := demos[d].workspace)} | shown)

    with tempfile.TemporaryDirectory(prefix="fgpack-export-") as scratch:
        root = Path(scratch)
        with transaction.atomic():  # one consistent snapshot of the pages
            dump_tree(root, [t.slug for t in tutorials], [d.slug for d in docs])
        entries: list[tuple[str, Path]] = [
            (path.relative_to(root).as_posix(), path)
            for folder in (TUTORIALS, DOCS)
            for path in _files(root / folder)
        ]
        for name in workspaces:
            try:
                folder = pristine(name)
            except WorkspaceError as exc:
                raise PackError(
                    f"A workspace that the lessons use cannot be exported: {exc}."
                ) from None
            entries += [
                (f"{WORKSPACES}/{name}/{path.relative_to(folder).as_posix()}", path)
                for path in _files(folder)
            ]
        pages = [*tutorials, *docs]
        return _write_zip(out, entries, pages, sorted(used), workspaces, progress)


def _write_zip(
    out: Path,
    entries: list[tuple[str, Path]],
    pages: list[Page],
    used: list[str],
    workspaces: list[str],
    progress: Progress | None,
) -> dict[str, Any]:
    total = sum(path.stat().st_size for _, path in entries)
    done = 0
    files: dict[str, dict[str, Any]] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as pack:
            for name, path in entries:
                digest = hashlib.sha256()
                kind = zipfile.ZIP_STORED if path.suffix.lower() in STORED_SUFFIXES else (
                    zipfile.ZIP_DEFLATED
                )  # fmt: skip
                info = zipfile.ZipInfo.from_file(path, name)
                info.compress_type = kind
                info.external_attr = 0o644 << 16  # plain files only, whatever the source mode
                with path.open("rb") as source, pack.open(info, "w") as target:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        target.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
                files[name] = {"size": path.stat().st_size, "sha256": digest.hexdigest()}
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "app_version": fieldguide.__version__,
                "created_at": timezone.now().isoformat(),
                "tutorials": [
                    {"slug": p.slug, "title": p.title} for p in pages if isinstance(p, TutorialPage)
                ],
                "docs": [
                    {"slug": p.slug, "title": p.title} for p in pages if isinstance(p, DocPage)
                ],
                "demo_ids": used,
                "workspaces": workspaces,
                "files": files,
            }
            pack.writestr(MANIFEST, json.dumps(manifest, indent=1), zipfile.ZIP_DEFLATED)
        os.replace(partial, out)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest
