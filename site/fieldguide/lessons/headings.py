"""Stable ids on a page's headings, so that in-page ``#anchor`` links work: the id is the
heading's text, slugified (``## Before you start`` → ``before-you-start``); a heading whose
id is already taken on the page gets ``-2``, ``-3``, …"""

from __future__ import annotations

import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.text import slugify

HEADING = re.compile(r"<(h[2-6])((?:\s[^>]*)?)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)


def add_heading_ids(html: str, taken: set[str]) -> str:
    """``html`` with an ``id`` on every h2 to h6 that has none; ``taken`` holds the ids already
    used on the page, and gets the new ones."""

    def with_id(match: re.Match[str]) -> str:
        tag, attributes, inner = match.groups()
        if re.search(r"\sid\s*=", attributes):
            return match.group(0)
        base = slugify(unescape(strip_tags(inner))) or "section"  # "Q&amp;A" → "qa"
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        taken.add(anchor)
        return f'<{tag}{attributes} id="{anchor}">{inner}</{tag}>'

    return HEADING.sub(with_id, html)
