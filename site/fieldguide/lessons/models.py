"""The page tree: one tutorial index, tutorials under it, ordered steps under each tutorial."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from fieldguide.core.page_cache import mark_cacheable
from fieldguide.lessons.blocks import StepStreamBlock, unix_newlines


class LessonPage(Page):
    """Lesson pages read the same for every learner, so their rendering is cached."""

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mark_cacheable(request)
        return super().serve(request, *args, **kwargs)

    class Meta:
        abstract = True


class TutorialIndexPage(LessonPage):
    intro = StreamField(StepStreamBlock(), blank=True, help_text="Takes the blocks a step takes.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["lessons.TutorialPage", "lessons.DocsIndexPage"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["tutorials"] = (
            TutorialPage.objects.child_of(self).live().specific().select_related("cover_image")
        )
        return context


class TutorialPage(LessonPage):
    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    # Page is untyped (Wagtail ships no types), so django-stubs cannot infer these fields.
    summary: models.TextField[str, str] = models.TextField(
        help_text="One or two sentences shown in the tutorial list."
    )
    audience: models.CharField[str, str] = models.CharField(
        max_length=200, help_text="Who this tutorial is for."
    )
    estimated_minutes: models.PositiveSmallIntegerField[int, int] = (
        models.PositiveSmallIntegerField(default=30)
    )
    difficulty: models.CharField[str, str] = models.CharField(
        max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    prerequisites: models.TextField[str, str] = models.TextField(
        blank=True, help_text="One prerequisite per line."
    )
    intro = StreamField(StepStreamBlock(), blank=True, help_text="Takes the blocks a step takes.")
    cover_image: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("estimated_minutes"),
                FieldPanel("difficulty"),
                FieldPanel("prerequisites"),
            ],
            heading="Who and how long",
        ),
        FieldPanel("cover_image"),
        FieldPanel("intro"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("intro"),
        index.SearchField("audience"),
        index.AutocompleteField("summary"),
    ]
    parent_page_types = ["lessons.TutorialIndexPage"]
    subpage_types = ["lessons.StepPage"]

    def clean(self) -> None:
        super().clean()
        # The admin's textareas send CRLF; sources and dumps use LF.
        self.summary = unix_newlines(self.summary)
        self.prerequisites = unix_newlines(self.prerequisites)

    def prerequisite_list(self) -> list[str]:
        return [line.strip() for line in self.prerequisites.splitlines() if line.strip()]

    def steps(self) -> models.QuerySet[StepPage]:
        return StepPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = list(self.steps())
        return context


class StepPage(LessonPage):
    body = StreamField(StepStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]
    parent_page_types = ["lessons.TutorialPage"]
    subpage_types: list[str] = []

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        tutorial = self.get_parent().specific
        steps = list(tutorial.steps().only("id", "title", "url_path", "path"))
        position = next((i for i, step in enumerate(steps) if step.pk == self.pk), 0)
        context.update(
            tutorial=tutorial,
            steps=steps,
            position=position + 1,
            previous_step=steps[position - 1] if position > 0 else None,
            next_step=steps[position + 1] if position + 1 < len(steps) else None,
        )
        return context


class DocsIndexPage(LessonPage):
    """The documentation section: reference pages beside the tutorials, any depth of them."""

    intro = StreamField(StepStreamBlock(), blank=True, help_text="Takes the blocks a step takes.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["lessons.TutorialIndexPage"]
    subpage_types = ["lessons.DocPage"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["docs"] = docs_navigation(self, None)
        return context


class DocPage(LessonPage):
    """A documentation page; its child pages are its subsections."""

    body = StreamField(StepStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]
    parent_page_types = ["lessons.DocsIndexPage", "lessons.DocPage"]
    subpage_types = ["lessons.DocPage"]

    def docs_index(self) -> DocsIndexPage | None:
        return DocsIndexPage.objects.ancestor_of(self).first()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        docs = self.docs_index()
        navigation = docs_navigation(docs, self) if docs else DocsNavigation([], [])
        context.update(
            docs=navigation,
            docs_index=docs,
            breadcrumbs=[p for p in navigation.pages if self.path.startswith(p.path)][:-1],
            previous_page=navigation.neighbour(self, -1),
            next_page=navigation.neighbour(self, +1),
            subpages=[
                p
                for p in navigation.pages
                if p.depth == self.depth + 1 and p.path.startswith(self.path)
            ],
        )
        return context


@dataclass
class DocsNode:
    page: Page
    children: list[DocsNode] = field(default_factory=list)
    open: bool = False  # the current page or one of its ancestors
    top: bool = False  # a section: its pages always show in the sidebar

    @property
    def expanded(self) -> bool:
        return self.open or self.top


@dataclass
class DocsNavigation:
    """The documentation tree for the sidebar, and its pages in reading order (depth first)."""

    tree: list[DocsNode]
    pages: list[Page]

    def neighbour(self, page: Page, step: int) -> Page | None:
        ids = [p.pk for p in self.pages]
        if page.pk not in ids:
            return None
        position = ids.index(page.pk) + step
        return self.pages[position] if 0 <= position < len(self.pages) else None


def docs_navigation(docs: DocsIndexPage, current: Page | None) -> DocsNavigation:
    """One query for the whole tree: Wagtail's materialised path orders it depth first."""
    pages = list(
        DocPage.objects.descendant_of(docs)
        .live()
        .order_by("path")
        .only("title", "url_path", "path", "depth")
    )
    nodes: dict[str, DocsNode] = {}
    tree: list[DocsNode] = []
    for page in pages:
        is_open = current is not None and current.path.startswith(page.path)
        node = DocsNode(page, open=is_open, top=page.depth == docs.depth + 1)
        nodes[page.path] = node
        parent = nodes.get(page.path[: -page.steplen])
        (parent.children if parent else tree).append(node)
    return DocsNavigation(tree, pages)


class ContentImport(models.Model):
    """One run of ``load_content``: what was loaded and from which sources (by hash)."""

    loaded_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=500)
    content_version = models.CharField(max_length=64)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    # The page tree as this load left it (see loader.tree_stamp): a reload of the same
    # sources onto the same tree has nothing to do.
    tree_stamp = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.source} @ {self.content_version[:12]}"
