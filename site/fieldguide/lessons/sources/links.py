"""Links between pages, written as authors write them and as GitHub shows them: the relative
path of the other source file, ``[requirements](../../docs/setup/install.md#requirements)``.

At load such a link becomes a Wagtail page link (``<a linktype="page" id="…"
anchor="…">``), which survives moves and renames in the admin; at dump it is written back as
the relative path from the file being written to the target page's file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from fieldguide.lessons.sources.files import STEP_FILE, StreamData

DOCS, TUTORIALS = "docs", "tutorials"
INDEX_FILE, TUTORIAL_FILE = "index.md", "tutorial.md"
# A link as richtext.serialize stores it (attributes in their source order, quoted with ").
STORED_LINK = re.compile(r'<a href="([^"]*)"')
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def local_target(href: str) -> tuple[str, str] | None:
    """``(relative path, fragment)`` of a link to another source file, or None."""
    if SCHEME.match(href) or href.startswith(("/", "#", "?")):
        return None
    path, _, fragment = href.partition("#")
    path = path.split("?", 1)[0]
    return (unquote(path), fragment) if path.endswith(".md") else None


def page_key(content_root: Path, file: Path) -> str | None:
    """Where a source file's page lives, as a URL path below the site's front page
    (``first-django-project/install/``, ``docs/setup/install/``), or None if it makes none."""
    try:
        parts = file.resolve().relative_to(content_root.resolve()).parts
    except ValueError:
        return None
    if parts[:1] == (TUTORIALS,):
        if parts[1:] == (INDEX_FILE,):
            return ""
        if len(parts) == 3 and parts[2] == TUTORIAL_FILE:
            return f"{parts[1]}/"
        if len(parts) == 3 and (match := STEP_FILE.match(parts[2])):
            return f"{parts[1]}/{match[2]}/"
        return None
    if parts[:1] == (DOCS,) and parts[-1].endswith(".md"):
        *folders, name = parts[1:]
        slugs = [*folders, *([] if name == INDEX_FILE else [name[:-3]])]
        return DOCS + "/" + "".join(f"{slug}/" for slug in slugs)
    return None


def map_rich_text(data: StreamData, change: Callable[[str], str]) -> StreamData:
    """The stream data with ``change`` applied to every rich text in it (text, callouts,
    hints and solutions, a check's hint, table cells), and nothing else: code is not text."""
    changed = []
    for block in data:
        kind, value = block["type"], block["value"]
        if kind == "text":
            value = change(value)
        elif kind == "callout":
            value = {**value, "body": change(value["body"])}
        elif kind in ("hint", "solution"):
            value = {**value, "body": map_rich_text(value["body"], change)}
        elif kind == "demo" and value.get("check_hint"):
            value = {**value, "check_hint": change(value["check_hint"])}
        elif kind == "table":
            rows = [[change(c) if c else c for c in row or []] for row in value.get("data") or []]
            value = {**value, "data": rows}
        changed.append({**block, "value": value})
    return changed


def hrefs(data: StreamData) -> Iterator[str]:
    """Every stored link address in the stream's rich text."""
    found: list[str] = []

    def collect(html: str) -> str:
        found.extend(unescape(href) for href in STORED_LINK.findall(html))
        return html

    map_rich_text(data, collect)
    return iter(found)


def resolve(data: StreamData, file: Path, page_for: Callable[[Path], Any]) -> StreamData:
    """Links to source files as page links; ``page_for(target file)`` gives the page, or None
    (the link is left as it is)."""

    def link(match: re.Match[str]) -> str:
        target = local_target(unescape(match[1]))
        page = page_for((file.parent / target[0]).resolve()) if target else None
        if page is None:
            return match[0]
        anchor = f' anchor="{escape(target[1])}"' if target and target[1] else ""
        return f'<a linktype="page" id="{page.pk}"{anchor}'

    return map_rich_text(data, lambda html: STORED_LINK.sub(link, html))
