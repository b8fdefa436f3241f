"""Full-text search over tutorials, steps and documentation, with highlighted excerpts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from wagtail.models import Page

from fieldguide.lessons.models import DocPage, StepPage, TutorialPage
from fieldguide.lessons.search_excerpts import excerpt_for

RESULTS_PER_PAGE = 10


def _context_of(page: Page) -> str:
    """Where a result sits, in a few words: its tutorial, or its documentation section."""
    if isinstance(page, StepPage):
        return f"Step in {page.get_parent().title}"
    if isinstance(page, DocPage):
        sections = [a.title for a in page.get_ancestors().type(DocPage)]
        return " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} ".join(["Documentation", *sections])
    return ""


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page_obj = None
    found: list[tuple[Page, SafeString, str]] = []
    if query:
        pages = Page.objects.live().type(TutorialPage, StepPage, DocPage).specific()
        results = pages.search(query, operator="and")
        if not results:
            # Whole words found nothing: treat the words as prefixes ("migr" → "migrations").
            results = pages.autocomplete(query, operator="and")
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        found = [
            (page, excerpt_for(page, query), _context_of(page)) for page in page_obj.object_list
        ]
    context = {"query": query, "page_obj": page_obj, "results": found}
    return render(request, "lessons/search_results.html", context)
