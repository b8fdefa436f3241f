"""Load lesson sources into the page tree: in one transaction, idempotently.

A page is matched by its slug under its parent, so an edited source updates the existing
page (same id, same URL) with a new published revision; an unchanged source writes nothing.
Steps that no longer have a source file are deleted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.search import index as search_index

from fieldguide.demos.allowlist import configured_demos
from fieldguide.lessons import renditions
from fieldguide.lessons.models import ContentImport, StepPage, TutorialIndexPage, TutorialPage
from fieldguide.lessons.sources.files import SourceError, StreamData
from fieldguide.lessons.sources.tree import ContentTree, IndexSource, TutorialSource, read_tree

DEFAULT_INDEX = IndexSource("Tutorials", [])
STREAMS = ("body", "intro")  # compared as block data, without the block ids


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    version: str = ""
    warnings: list[SourceError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def strip_ids(data: Any) -> Any:
    """StreamField data without block ids, which the sources do not carry."""
    if isinstance(data, list):
        return [strip_ids(item) for item in data]
    if isinstance(data, dict):
        return {k: strip_ids(v) for k, v in data.items() if k != "id"}
    return data


def canonical(stream: Any, data: StreamData) -> Any:
    """Block data as the stream field would store it (every field of every block, defaults
    filled in), without ids: a source and a page saved by the admin compare equal when they
    say the same."""
    value = stream.to_python(data)
    list(value)  # binds every block: a lazy stream would give its raw data back unchanged
    return strip_ids(stream.get_prep_value(value))


class _Loader:
    def __init__(self, tree: ContentTree, report: LoadReport) -> None:
        self.tree = tree
        self.report = report
        self.new_files: list[Any] = []
        self.touched: list[Page] = []
        self.images_by_use: dict[str, set[int]] = {use: set() for use in renditions.USES}

    def upsert(self, parent: Page, model: type[Page], slug: str, fields: dict[str, Any]) -> Page:
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            page = existing.specific
            if not isinstance(page, model):
                raise SourceError(
                    self.tree.root,
                    0,
                    f"{page.url_path} is a {type(page).__name__}, not a {model.__name__}",
                )
            if self.same(page, fields):
                self.report.unchanged += 1
                return page
            for name, value in fields.items():
                setattr(page, name, value)
            self.report.updated.append(page.url_path)
        else:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            self.report.created.append(page.url_path)
        page.save_revision().publish()
        self.touched.append(page)
        return page

    @staticmethod
    def same(page: Page, fields: dict[str, Any]) -> bool:
        for name, value in fields.items():
            current = getattr(page, name)
            if name in STREAMS:
                stream = page._meta.get_field(name).stream_block
                current, value = canonical(stream, list(current.raw_data)), canonical(stream, value)
            elif name == "cover_image":
                current, value = page.cover_image_id, (value.pk if value else None)
            if current != value:
                return False
        return page.live

    def image(self, folder: Path, relative: str, line: int) -> Any:
        path = (folder / relative).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            raise SourceError(folder / relative, line, "no such image inside the tutorial folder")
        # Wagtail's own content hash (SHA-1) finds an image loaded before, under any name.
        file_hash = hashlib.sha1(path.read_bytes()).hexdigest()  # noqa: S324
        model = get_image_model()
        existing = model.objects.filter(file_hash=file_hash).first()
        if existing:
            return existing
        with path.open("rb") as handle:
            image = model(title=path.name, file=ImageFile(handle, name=path.name))
            image.file_hash = file_hash
            image.save()
        self.new_files.append(image.file)
        return image

    def resolve_images(self, folder: Path, body: StreamData) -> StreamData:
        """The body with each image's path (relative to ``folder``) replaced by its image."""
        resolved = []
        for block in body:
            block = dict(block)
            if block["type"] == "image":
                value = dict(block["value"])
                value["image"] = self.image(folder, value["image"], block.pop("line")).pk
                self.images_by_use["step"].add(value["image"])
                block["value"] = value
            resolved.append(block)
        return resolved

    def index_fields(self, source: IndexSource) -> dict[str, Any]:
        # The index's images live beside index.md, in the tutorials folder.
        return {"title": source.title, "intro": self.resolve_images(self.tree.root, source.intro)}

    def index_page(self) -> TutorialIndexPage:
        index = TutorialIndexPage.objects.first()
        source = self.tree.index
        if index is None:
            root = Page.get_first_root_node()
            # Wagtail's initial migration leaves a "Welcome" page as the site's root.
            welcome = root.get_children().filter(slug="home", depth=2).first()
            if welcome and type(welcome.specific) is Page and not welcome.get_children().exists():
                welcome.delete()
            source = source or DEFAULT_INDEX
            index = self.upsert(root, TutorialIndexPage, "tutorials", self.index_fields(source))
        elif source is not None:
            fields = self.index_fields(source)
            index = self.upsert(index.get_parent(), TutorialIndexPage, index.slug, fields)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=index,
                is_default_site=True,
                site_name="Fieldguide",
            )
        elif site.root_page_id != index.pk:
            site.root_page = index
            site.site_name = site.site_name or "Fieldguide"
            site.save()
        return index

    def tutorial(self, index: TutorialIndexPage, source: TutorialSource) -> None:
        fields = dict(source.fields)
        fields["intro"] = self.resolve_images(source.path, fields["intro"])
        fields["cover_image"] = self.image(source.path, source.cover, 2) if source.cover else None
        if fields["cover_image"]:
            self.images_by_use["cover"].add(fields["cover_image"].pk)
        tutorial = self.upsert(index, TutorialPage, source.slug, fields)
        wanted = []
        for step in source.steps:
            body = self.resolve_images(source.path, step.body)
            wanted.append(
                self.upsert(tutorial, StepPage, step.slug, {"title": step.title, "body": body})
            )
        wanted_ids = [page.pk for page in wanted]
        for extra in tutorial.get_children().exclude(pk__in=wanted_ids):
            self.report.deleted.append(extra.url_path)
            extra.delete()
        current = list(tutorial.get_children().values_list("pk", flat=True))
        if current != wanted_ids:
            for page in wanted:
                Page.objects.get(pk=page.pk).move(tutorial, pos="last-child")

    def run(self) -> None:
        index = self.index_page()
        for source in self.tree.tutorials:
            self.tutorial(index, source)
        latest = ContentImport.objects.order_by("-loaded_at").first()
        if self.report.changed or latest is None or latest.content_version != self.tree.version:
            ContentImport.objects.create(
                source=str(self.tree.root)[-500:],
                content_version=self.tree.version,
                created=len(self.report.created),
                updated=len(self.report.updated),
                deleted=len(self.report.deleted),
            )


def load_tree(path: Path) -> LoadReport:
    """Validate every source under ``path``, then apply them all or nothing."""
    tree = read_tree(path, demos=configured_demos())
    report = LoadReport(version=tree.version, warnings=tree.warnings)
    loader = _Loader(tree, report)
    try:
        with transaction.atomic():
            loader.run()
    except BaseException:
        # The rows are rolled back; the image files they pointed to must go too.
        for file in loader.new_files:
            file.storage.delete(file.name)
        raise
    # Search right away, without waiting for the worker to run Wagtail's index tasks.
    for page in loader.touched:
        search_index.insert_or_update_object(page)
    for use, image_ids in loader.images_by_use.items():
        renditions.prepare(image_ids, use)
    return report
