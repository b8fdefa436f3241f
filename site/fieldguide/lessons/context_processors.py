"""What every page's header needs from the lessons: the documentation's address, if any."""

from __future__ import annotations

from django.http import HttpRequest


def _docs_url() -> str | None:
    from fieldguide.lessons.models import DocsIndexPage

    docs = DocsIndexPage.objects.live().first()
    return docs.url if docs else None


def lessons(request: HttpRequest) -> dict[str, object]:
    # A callable: the template calls it (one query) only where the header is rendered.
    return {"docs_url": _docs_url}
