"""``{% lesson_text value %}``: rich text with ids on its headings, unique on the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import RichText, expand_db_html

from fieldguide.lessons.headings import add_heading_ids

register = template.Library()
TAKEN = "_fieldguide_heading_ids"


@register.simple_tag(takes_context=True)
def lesson_text(context: template.Context, value: Any) -> SafeString:
    """Every block of a page renders in its own context; the ids are kept on the request."""
    html = value.__html__() if isinstance(value, RichText) else expand_db_html(str(value))
    request = context.get("request")
    taken: set[str] = getattr(request, TAKEN, set())
    if request is not None:
        setattr(request, TAKEN, taken)
    return mark_safe(add_heading_ids(html, taken))  # noqa: S308 - rich text, ids are slugs
