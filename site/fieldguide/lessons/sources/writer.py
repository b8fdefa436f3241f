"""Writing StreamField data back as lesson text, in the canonical form ``format`` reads."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

from fieldguide.lessons.sources.files import StreamData
from fieldguide.lessons.sources.links import page_paths
from fieldguide.lessons.sources.richtext import escape_text, html_to_markdown, inline_markdown

DEFAULT_TITLES = {"hint": "Hint", "solution": "Solution"}
# A TableBlock column's alignment class → the pipe table's delimiter.
DELIMITERS = {"htLeft": ":--", "htCenter": ":-:", "htRight": "--:"}

ImagePath = Callable[[Any], str]
PageUrl = Callable[[str], str]


def render_body(data: StreamData, image_path: ImagePath, page_url: PageUrl) -> str:
    """Write StreamField data as lesson text, in the canonical form ``parse_body`` reads."""
    parts = []
    for block in data:
        kind, value = block["type"], block["value"]
        if kind == "text":
            parts.append(html_to_markdown(value, page_url))
        elif kind == "markdown":
            # As written, the source it was loaded from; its page:ID links as paths again.
            parts.append(page_paths(value, page_url))
        elif kind == "code":
            parts.append(render_code(value))
        elif kind == "callout":
            opener = f":::{value['kind']} {value.get('title') or ''}".rstrip()
            inner = render_body(value["body"], image_path, page_url)
            parts.append(f"{opener}\n{inner}\n:::")
        elif kind in DEFAULT_TITLES:
            title = value.get("title") or DEFAULT_TITLES[kind]
            opener = f":::{kind}" if title == DEFAULT_TITLES[kind] else f":::{kind} {title}"
            inner = render_body(value["body"], image_path, page_url)
            parts.append(f"{opener}\n{inner}\n:::")
        elif kind == "image":
            caption = f" {link_title(value['caption'])}" if value.get("caption") else ""
            alt = escape_text(value["alt_text"])
            parts.append(f"![{alt}]({image_path(value['image'])}{caption})")
        elif kind == "table":
            parts.append(render_table(value, page_url))
        elif kind == "demo":
            pairs = [line for line in (value.get("params") or "").splitlines() if line.strip()]
            spec = shlex.join([value["demo"], *pairs])
            if value.get("check"):
                hint = html_to_markdown(value.get("check_hint") or "", page_url)
                parts.append(f":::check {spec}\n{hint}\n:::" if hint else f":::check {spec}\n:::")
            else:
                parts.append(f"::demo {spec}")
        elif kind == "files":
            parts.append(f"::files {value['workspace']} {value.get('paths') or ''}".rstrip())
    return "\n\n".join(part for part in parts if part)


def render_table(value: dict[str, Any], page_url: PageUrl) -> str:
    """A TableBlock value as a pipe table: its first row as the header, each column aligned
    as its header cell is."""
    rows = [list(row) for row in value.get("data") or [] if row is not None]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    aligned = {
        (meta["row"], meta["col"]): meta.get("className", "") for meta in value.get("cell") or []
    }

    def delimiter(column: int) -> str:
        classes = aligned.get((0, column), "").split()
        return next((DELIMITERS[c] for c in classes if c in DELIMITERS), "---")

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def text(cell: str | None) -> str:
        return inline_markdown(cell or "", page_url).replace("|", "\\|")

    lines = [line([text(row[c] if c < len(row) else None) for c in range(width)]) for row in rows]
    lines.insert(1, line([delimiter(c) for c in range(width)]))
    return "\n".join(lines)


def render_code(value: dict[str, Any]) -> str:
    """A fenced code block; the fence is longer than any run of backticks in the code."""
    fence = "```"
    while fence in value["code"]:
        fence += "`"
    options = "".join(
        f" {name}={_quoted(value[key])}"
        for name, key in (("title", "title"), ("hl_lines", "highlight"))
        if value.get(key)
    )
    return f"{fence}{value['language']}{options}\n{value['code']}\n{fence}"


# In a quoted title, what would end it or be read as an escape or an entity.
_TITLE_ESCAPES = re.compile(r'"|\\(?=[!-/:-@\[-`{-~]|$)|&(?=#?[A-Za-z0-9]+;)')


def link_title(text: str) -> str:
    """A link or image title, quoted so that it reads back as written."""
    return '"' + _TITLE_ESCAPES.sub(lambda match: "\\" + match[0], text) + '"'


def _quoted(text: str) -> str:
    return f'"{text}"' if '"' not in text and "\\" not in text else shlex.quote(text)
