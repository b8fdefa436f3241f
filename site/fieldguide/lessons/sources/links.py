"""Links between pages, written as authors write them and as GitHub shows them: the relative
path of the other source file, ``[requirements](../../docs/setup/install.md#requirements)``.

At load such a link becomes a Wagtail page link (``<a linktype="page" id="…"
anchor="…">``), which survives moves and renames in the admin; at dump it is written back as
the relative path from the file being written to the target page's file. In text kept as
Markdown (a ``markdown`` block) it becomes ``page:ID`` or ``page:ID#anchor`` in the text itself,
shown as the page's address, and written back the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from fieldguide.lessons.sources import markdown
from fieldguide.lessons.sources.files import STEP_FILE, StreamData

DOCS, TUTORIALS = "docs", "tutorials"
INDEX_FILE, TUTORIAL_FILE = "index.md", "tutorial.md"
# A link as richtext.serialize stores it (attributes in their source order, quoted with ").
STORED_LINK = re.compile(r'<a href="([^"]*)"')
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# A link to a page in text kept as Markdown, as the load stores it: page:12 or page:12#anchor.
PAGE_LINK = re.compile(r"^page:(\d+)(?:#(.*))?$", re.DOTALL)
# Where a link's destination may be in Markdown: after "](" of an inline link, or after the
# label of a reference definition. Candidates only: see rewrite_destinations.
DESTINATION = r"(<[^<>\n]*>|[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*)"
INLINE_DESTINATION = re.compile(r"\]\([ \t]*\n?[ \t>]*" + DESTINATION)
DEFINITION = re.compile(
    r"^[ \t>]*\[(?:\\.|[^\\\[\]])+\]:[ \t]*\n?[ \t>]*" + DESTINATION, re.MULTILINE
)
# What a destination written back may hold bare (else it is percent-encoded).
BARE = "/:#?=%.-_~+@!$',;*"
Change = Callable[[str], str | None]


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


def _map(data: StreamData, text: Callable[[str], str], kept: Callable[[str], str]) -> StreamData:
    """The stream data with ``text`` applied to every rich text in it (text, callouts, hints
    and solutions, a check's hint, table cells) and ``kept`` to every text kept as Markdown;
    nothing else: code is not text."""
    changed = []
    for block in data:
        kind, value = block["type"], block["value"]
        if kind == "text":
            value = text(value)
        elif kind == "markdown":
            value = kept(value)
        elif kind in ("callout", "hint", "solution"):
            body = value["body"]  # a callout's was rich text before migration 0009
            body = text(body) if isinstance(body, str) else _map(body, text, kept)
            value = {**value, "body": body}
        elif kind == "demo" and value.get("check_hint"):
            value = {**value, "check_hint": text(value["check_hint"])}
        elif kind == "table":
            rows = [[text(c) if c else c for c in row or []] for row in value.get("data") or []]
            value = {**value, "data": rows}
        changed.append({**block, "value": value})
    return changed


def map_rich_text(data: StreamData, change: Callable[[str], str]) -> StreamData:
    """The stream data with ``change`` applied to every rich text in it."""
    return _map(data, change, lambda text: text)


def _flat(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """The tokens of ``text``, each inline one followed by its children."""
    tokens = []
    for token in markdown.parse(text, env):
        tokens += [token, *(token.children or [])]
    return tokens


def markdown_hrefs(text: str) -> list[str]:
    """The link addresses of Markdown text (of reference definitions too, used or not), as
    markdown-it reads them."""
    env: dict[str, Any] = {}
    found = [str(t.attrs["href"]) for t in _flat(text, env) if t.type == "link_open"]
    return found + [str(ref["href"]) for ref in env.get("references", {}).values()]


def _href(destination: str) -> str:
    """A destination as written (``<a b.md>``, ``a\\_b.md``) → the address markdown-it reads."""
    if destination.startswith("<"):
        destination = destination[1:-1]
    return markdown.lesson_markdown().normalizeLink(unescapeAll(destination))


def _same_but(before: list[Token], after: list[Token], href: str) -> bool:
    """The two parses are of the same document but for the links to ``href``."""
    if len(before) != len(after):
        return False
    for old, new in zip(before, after, strict=True):
        if (old.type, old.tag, old.info, old.markup) != (new.type, new.tag, new.info, new.markup):
            return False
        if old.type == "link_open":
            if old.attrs.get("title") != new.attrs.get("title"):
                return False
            if old.attrs["href"] != new.attrs["href"] and old.attrs["href"] != href:
                return False
        elif old.type != "inline" and (old.content, old.attrs) != (new.content, new.attrs):
            return False  # text, code, HTML: an inline token's content is its source
    return True


def rewrite_destinations(text: str, change: Change) -> str:
    """``text`` with the destination of each link (inline, or in a reference definition)
    whose address ``change`` maps to another written as that other; nothing else touched.
    A candidate that is no link (in code, escaped) changes how the text parses: it is kept."""
    found = [m.span(1) for pattern in (INLINE_DESTINATION, DEFINITION)
             for m in pattern.finditer(text)]  # fmt: skip
    before: list[Token] | None = None
    for start, end in sorted(found, reverse=True):  # from the end: the spans stay valid
        href = _href(text[start:end])
        new = change(href)
        if new is None:
            continue
        candidate = text[:start] + quote(new, safe=BARE) + text[end:]
        before = _flat(text) if before is None else before
        after = _flat(candidate)
        if _same_but(before, after, href):
            text, before = candidate, after
    return text


def hrefs(data: StreamData) -> Iterator[str]:
    """Every stored link address in the stream's rich text and text kept as Markdown."""
    found: list[str] = []

    def collect(html: str) -> str:
        found.extend(unescape(href) for href in STORED_LINK.findall(html))
        return html

    def collect_kept(text: str) -> str:
        found.extend(markdown_hrefs(text))
        return text

    _map(data, collect, collect_kept)
    return iter(found)


def resolve(data: StreamData, file: Path, page_for: Callable[[Path], Any]) -> StreamData:
    """Links to source files as page links; ``page_for(target file)`` gives the page, or None
    (the link is left as it is)."""

    def target_page(href: str) -> tuple[Any, str] | None:
        target = local_target(href)
        page = page_for((file.parent / target[0]).resolve()) if target else None
        return (page, target[1]) if page is not None and target else None

    def link(match: re.Match[str]) -> str:
        found = target_page(unescape(match[1]))
        if found is None:
            return match[0]
        anchor = f' anchor="{escape(found[1])}"' if found[1] else ""
        return f'<a linktype="page" id="{found[0].pk}"{anchor}'

    def kept_link(href: str) -> str | None:
        found = target_page(href)
        return f"page:{found[0].pk}" + (f"#{found[1]}" if found[1] else "") if found else None

    return _map(
        data,
        lambda html: STORED_LINK.sub(link, html),
        lambda text: rewrite_destinations(text, kept_link),
    )


def page_paths(text: str, page_url: Callable[[str], str]) -> str:
    """Text kept as Markdown with its ``page:ID`` links as ``page_url(ID)`` (+ #anchor)."""

    def path(href: str) -> str | None:
        page = PAGE_LINK.match(href)
        return page_url(page[1]) + (f"#{page[2]}" if page[2] else "") if page else None

    return rewrite_destinations(text, path) if "page:" in text else text
