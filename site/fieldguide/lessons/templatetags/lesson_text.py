"""``{% lesson_text value %}``: rich text with ids on its headings, unique on the page;
``{% markdown_text value %}`` likewise for text kept as Markdown, its footnotes' ids its own;
and a page's blocks rendered once with a table of contents of their headings."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText, expand_db_html

from fieldguide.lessons.headings import add_heading_ids
from fieldguide.lessons.sources.markdown_html import render_markdown

register = template.Library()
TAKEN = "_fieldguide_heading_ids"


def _taken(context: template.Context) -> set[str]:
    """The ids used on the page so far. Every block of a page renders in its own context;
    the ids are kept on the request."""
    request = context.get("request")
    taken: set[str] = getattr(request, TAKEN, set())
    if request is not None:
        setattr(request, TAKEN, taken)
    return taken


@register.simple_tag(takes_context=True)
def lesson_text(context: template.Context, value: Any) -> SafeString:
    html = value.__html__() if isinstance(value, RichText) else expand_db_html(str(value))
    return mark_safe(add_heading_ids(html, _taken(context)))  # noqa: S308 - rich text, ids are slugs


@register.simple_tag(takes_context=True)
def markdown_text(context: template.Context, value: str) -> SafeString:
    """Each block's footnotes get ids of their own (fn-m2-1 in the page's second such block)."""
    taken = _taken(context)
    number = 1
    while f"fn-m{number}" in taken:
        number += 1
    taken.add(f"fn-m{number}")
    html = render_markdown(str(value), f"m{number}")
    return mark_safe(add_heading_ids(html, taken))  # noqa: S308 - allowlisted, ids are slugs


@register.simple_tag(takes_context=True)
def render_blocks(context: template.Context, stream: Any) -> SafeString:
    """A stream's blocks rendered once, so that the page can show its contents beside them."""
    flat = context.flatten()
    return mark_safe("".join(block.render_as_block(context=flat) for block in stream))  # noqa: S308


TOC_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)


@register.simple_tag
def table_of_contents(html: str) -> list[tuple[int, str, str]]:
    """``(level, id, text)`` of the ## and ### headings of rendered blocks."""
    return [
        (int(level), anchor, strip_tags(inner).strip())
        for level, anchor, inner in TOC_HEADING.findall(str(html))
    ]
