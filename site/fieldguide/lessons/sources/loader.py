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
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from fieldguide.core.page_cache import one_generation
from fieldguide.demos.allowlist import configured_demos
from fieldguide.lessons import renditions
from fieldguide.lessons.models import (
    ContentImport,
    DocPage,
    DocsIndexPage,
    StepPage,
    TutorialIndexPage,
    TutorialPage,
)
from fieldguide.lessons.sources import links
from fieldguide.lessons.sources.docs import DEFAULT_TITLE, DocSource
from fieldguide.lessons.sources.files import SourceError, StreamData
from fieldguide.lessons.sources.tree import (
    ContentTree,
    IndexSource,
    TutorialSource,
    read_tree,
    source_version,
)

DEFAULT_INDEX = IndexSource("Tutorials", [], Path("index.md"))
STREAMS = ("body", "intro")  # compared as block data, without the block ids


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    version: str = ""
    warnings: list[SourceError] = field(default_factory=list)
    skipped: bool = False  # the same sources onto the tree the last load left: nothing read

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
        self.page_base = "/"  # the url_path of the site's front page, once it is known
        self.placeholders: set[int] = set()  # pages made first, so that links can name them
        self.ids: dict[str, int] = {}  # url_path → page id, of every page under the front page

    def page_for(self, file: Path) -> Page | None:
        key = links.page_key(self.tree.content_root, file)
        page_id = self.ids.get(self.page_base + key) if key is not None else None
        return Page(pk=page_id) if page_id is not None else None

    def linked(self, fields: dict[str, Any], file: Path) -> tuple[dict[str, Any], bool]:
        """The fields with links to source files as page links; False if one names a page
        that does not exist (yet)."""
        fields, complete = dict(fields), True
        for name in STREAMS:
            if name in fields:
                fields[name] = links.resolve(fields[name], file, self.page_for)
                complete &= not any(map(links.local_target, links.hrefs(fields[name])))
        return fields, complete

    def upsert(
        self, parent: Page, model: type[Page], slug: str, fields: dict[str, Any], file: Path
    ) -> Page:
        fields, complete = self.linked(fields, file)
        if not complete:
            stream = fields.get("body", fields.get("intro", []))
            target = next(filter(None, map(links.local_target, links.hrefs(stream))))
            reason = f"the link to {target[0]} names a page that this load does not make"
            raise SourceError(file, 0, reason)
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
            made = page.pk in self.placeholders
            (self.report.created if made else self.report.updated).append(page.url_path)
        else:
            page = model(slug=slug, **fields)
            parent.add_child(instance=page)
            self.report.created.append(page.url_path)
        page.save_revision(clean=False).publish()  # the sources were checked, every field
        self.touched.append(page)
        return page

    @staticmethod
    def same(page: Page, fields: dict[str, Any]) -> bool:
        for name, value in fields.items():
            current = getattr(page, name)
            if name in STREAMS:
                raw = list(current.raw_data)
                if strip_ids(raw) == value:  # as loaded before: no need to look closer
                    continue
                stream = page._meta.get_field(name).stream_block
                current, value = canonical(stream, raw), canonical(stream, value)
            elif name == "cover_image":
                current, value = page.cover_image_id, (value.pk if value else None)
            if current != value:
                return False
        return page.live

    def image(self, folder: Path, relative: str, line: int, boundary: Path | None = None) -> Any:
        path = (folder / relative).resolve()
        if not path.is_relative_to((boundary or folder).resolve()) or not path.is_file():
            raise SourceError(folder / relative, line, "no such image inside the lesson's folder")
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

    def resolve_images(
        self, folder: Path, body: StreamData, boundary: Path | None = None
    ) -> StreamData:
        """The body with each image's path (relative to ``folder``) replaced by its image."""
        resolved = []
        for block in body:
            block = dict(block)
            if block["type"] == "image":
                value = dict(block["value"])
                image = self.image(folder, value["image"], block.pop("line"), boundary)
                value["image"] = image.pk
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
            fields = self.index_fields(source)
            index = self.upsert(root, TutorialIndexPage, "tutorials", fields, source.path)
        elif source is not None:
            fields = self.index_fields(source)
            parent = index.get_parent()
            index = self.upsert(parent, TutorialIndexPage, index.slug, fields, source.path)
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
        file = source.path / "tutorial.md"
        tutorial = self.upsert(index, TutorialPage, source.slug, fields, file)
        wanted = []
        for step in source.steps:
            body = self.resolve_images(source.path, step.body)
            fields = {"title": step.title, "body": body}
            wanted.append(self.upsert(tutorial, StepPage, step.slug, fields, step.path))
        self.keep_only(tutorial, wanted)

    def keep_only(self, parent: Page, wanted: list[Page]) -> None:
        """Delete the children of ``parent`` that are not ``wanted``; order the rest so."""
        wanted_ids = [page.pk for page in wanted]
        for extra in parent.get_children().exclude(pk__in=wanted_ids):
            self.report.deleted.append(extra.url_path)
            extra.delete()
        current = list(parent.get_children().values_list("pk", flat=True))
        if current != wanted_ids:
            for page in wanted:
                Page.objects.get(pk=page.pk).move(parent, pos="last-child")

    def docs(self, index: TutorialIndexPage) -> None:
        """The documentation's front page, then each page; sections the sources do not hold
        are left alone (a pack may carry some sections only), as tutorials are."""
        source = self.tree.docs
        assert source is not None
        docs = DocsIndexPage.objects.child_of(index).first()
        if docs is None or source.title is not None or docs.pk in self.placeholders:
            intro = self.resolve_images(source.root, source.intro)
            fields = {"title": source.title or DEFAULT_TITLE, "intro": intro}
            slug = docs.slug if docs else links.DOCS
            docs = self.upsert(index, DocsIndexPage, slug, fields, source.root / "index.md")
        for page in source.pages:
            self.doc_page(docs, page)

    def doc_page(self, parent: Page, source: DocSource) -> Page:
        assert self.tree.docs is not None
        body = self.resolve_images(source.path.parent, source.body, self.tree.docs.root)
        fields = {"title": source.title, "body": body}
        page = self.upsert(parent, DocPage, source.slug, fields, source.path)
        self.keep_only(page, [self.doc_page(page, child) for child in source.children])
        return page

    def placeholder(self, parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
        """The page at ``slug`` under ``parent``; made (not live, no text yet) if missing."""
        page_id = self.ids.get(f"{parent.url_path}{slug}/")
        if page_id is not None:
            return Page(pk=page_id, url_path=f"{parent.url_path}{slug}/")
        if not parent.path:  # a page this pass found, known by its id only
            parent = Page.objects.get(pk=parent.pk)
        page = parent.add_child(instance=model(slug=slug, live=False, **fields))
        self.placeholders.add(page.pk)
        self.ids[page.url_path] = page.pk
        return page

    def make_missing_pages(self, index: Page) -> None:
        """Every page the sources make exists before any text is written, so that a link
        can name a page that comes later (a step's link to the documentation, the next page)."""
        for tutorial in self.tree.tutorials:
            scalar = {k: v for k, v in tutorial.fields.items() if k not in STREAMS}
            made = self.placeholder(index, TutorialPage, tutorial.slug, **scalar)
            for step in tutorial.steps:
                self.placeholder(made, StepPage, step.slug, title=step.title)
        docs = self.tree.docs
        if docs is not None and docs.pages:
            title = docs.title or DEFAULT_TITLE
            front = DocsIndexPage.objects.child_of(index).first()
            front = front or self.placeholder(index, DocsIndexPage, links.DOCS, title=title)
            pending = [(front, page) for page in docs.pages]
            while pending:
                parent, page = pending.pop(0)
                made = self.placeholder(parent, DocPage, page.slug, title=page.title)
                pending += [(made, child) for child in page.children]

    def run(self) -> None:
        index = self.index_page()
        self.page_base = index.url_path
        pages = Page.objects.filter(url_path__startswith=self.page_base)
        self.ids = dict(pages.values_list("url_path", "pk"))
        self.make_missing_pages(index)
        for source in self.tree.tutorials:
            self.tutorial(index, source)
        if self.tree.docs is not None:
            self.docs(index)
        latest = ContentImport.objects.order_by("-loaded_at").first()
        stamp = tree_stamp()
        if self.report.changed or latest is None or latest.content_version != self.tree.version:
            ContentImport.objects.create(
                source=_source_name(self.tree.root),
                content_version=self.tree.version,
                created=len(self.report.created),
                updated=len(self.report.updated),
                deleted=len(self.report.deleted),
                tree_stamp=stamp,
            )
        elif (latest.source, latest.tree_stamp) != (_source_name(self.tree.root), stamp):
            latest.source, latest.tree_stamp = _source_name(self.tree.root), stamp
            latest.save(update_fields=["source", "tree_stamp"])


def _source_name(root: Path) -> str:
    return str(root)[-500:]


def tree_stamp() -> str:
    """A hash of what a load's result depends on besides the sources: every page's place,
    address, state and latest revision, every image, and the demo allowlist. An edit, a move
    or a deletion in the admin changes it."""
    digest = hashlib.sha256()
    fields = ("pk", "path", "url_path", "slug", "live", "latest_revision_id")
    for row in Page.objects.order_by("pk").values_list(*fields):
        digest.update(repr(row).encode())
    for row in get_image_model().objects.order_by("pk").values_list("pk", "file_hash"):
        digest.update(repr(row).encode())
    for demo_id, demo in sorted(configured_demos().items()):
        digest.update(repr((demo_id, sorted(demo.params.items()))).encode())
    return digest.hexdigest()


def _unchanged_since_last_load(path: Path) -> LoadReport | None:
    """A report of nothing done, if the last load read these very sources and nothing has
    touched the tree since (no parse, no comparison: a reload costs a hash of the files)."""
    latest = ContentImport.objects.order_by("-loaded_at").first()
    if latest is None or latest.source != _source_name(path) or not latest.tree_stamp:
        return None
    version = source_version(path)
    if latest.content_version != version or latest.tree_stamp != tree_stamp():
        return None
    return LoadReport(version=version, skipped=True)


def load_tree(path: Path) -> LoadReport:
    """Validate every source under ``path``, then apply them all or nothing."""
    if (unchanged := _unchanged_since_last_load(path)) is not None:
        return unchanged
    tree = read_tree(path, demos=configured_demos())
    report = LoadReport(version=tree.version, warnings=tree.warnings)
    loader = _Loader(tree, report)
    try:
        # Wagtail would queue a reference-index update for every row each save writes (the
        # page, its revision, its log entries…): one per page, queued below, is what it needs.
        with transaction.atomic(), disable_reference_index_auto_update(), one_generation():
            loader.run()
    except BaseException:
        # The rows are rolled back; the image files they pointed to must go too.
        for file in loader.new_files:
            file.storage.delete(file.name)
        raise
    # Search right away, without waiting for the worker to run Wagtail's index tasks.
    by_model: dict[type, list[Page]] = {}
    for page in loader.touched:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, pages in by_model.items():
            backend.add_bulk(model, pages)
    for page in loader.touched:
        update_reference_index_task.enqueue(
            page._meta.app_label, page._meta.model_name, str(page.pk)
        )
    for use, image_ids in loader.images_by_use.items():
        renditions.prepare(image_ids, use)
    return report
