"""Full-text search over tutorials and steps, with highlighted excerpts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString
from wagtail.models import Page

from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.lessons.search_excerpts import excerpt_for

RESULTS_PER_PAGE = 10


def _tutorial_of(page: Page) -> Page | None:
    return page.get_parent() if isinstance(page, StepPage) else None


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page_obj = None
    found: list[tuple[Page, SafeString, Page | None]] = []
    if query:
        pages = Page.objects.live().type(TutorialPage, StepPage).specific()
        results = pages.search(query, operator="and")
        if not results:
            # Whole words found nothing: treat the words as prefixes ("migr" → "migrations").
            results = pages.autocomplete(query, operator="and")
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        found = [
            (page, excerpt_for(page, query), _tutorial_of(page)) for page in page_obj.object_list
        ]
    context = {"query": query, "page_obj": page_obj, "results": found}
    return render(request, "lessons/search_results.html", context)
