"""Highlighted excerpts for search results, built from the same text the index holds."""

from __future__ import annotations

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

WINDOW = 90


def page_text(page: Page) -> str:
    parts: list[str] = []
    summary = getattr(page, "summary", "")
    if summary:
        parts.append(strip_tags(summary))
    for name in ("intro", "body"):
        stream = getattr(page, name, None)
        if stream is not None:
            parts.extend(stream.stream_block.get_searchable_content(stream))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def terms_of(query: str) -> list[str]:
    return [t for t in re.findall(r"\w+", query.lower()) if len(t) > 1]


def highlight(text: str, terms: list[str]) -> SafeString:
    """Escape ``text`` and wrap every word starting with a query term in ``<mark>``."""
    if not terms:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, terms)) + r")\w*", re.IGNORECASE)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def excerpt_for(page: Page, query: str) -> SafeString:
    """About two lines of the page's text around the first match of any query term."""
    text = page_text(page)
    terms = terms_of(query)
    lowered = text.lower()
    hits = [i for i in (lowered.find(term) for term in terms) if i >= 0]
    start = max(0, min(hits) - WINDOW // 2) if hits else 0
    end = min(len(text), start + 2 * WINDOW)
    excerpt = text[start:end]
    if start > 0:
        excerpt = "…" + excerpt.split(" ", 1)[-1]
    if end < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + "…"
    return highlight(excerpt, terms)
