"""Server-side syntax highlighting: the page works without JavaScript and prints in colour."""

from __future__ import annotations

import re
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

# Language id (stored in blocks and lesson sources) → label shown above the code.
LANGUAGES: dict[str, str] = {
    "python": "Python",
    "console": "Terminal",
    "bash": "Shell",
    "toml": "TOML",
    "yaml": "YAML",
    "json": "JSON",
    "html": "HTML",
    "html+django": "Django template",
    "css": "CSS",
    "javascript": "JavaScript",
    "markdown": "Markdown",
    "ini": "INI",
    "text": "Plain text",
}
STYLE = "default"
PLAIN = "text"
CSS_CLASS = "highlight"


@lru_cache(maxsize=256)
def known_language(language: str) -> str | None:
    """The name Pygments gives ``language`` (``sh`` → Bash), or None if it knows none."""
    try:
        return str(get_lexer_by_name(language).name)
    except ClassNotFound:
        return None


def language_label(language: str) -> str:
    """What the page shows above the code: our label, else Pygments' name, else the id."""
    return LANGUAGES.get(language) or known_language(language) or language


LINES = re.compile(r"^(\d+)(?:-(\d+))?$")


def line_numbers(spec: str) -> list[int]:
    """``"2 3 5-7"`` → [2, 3, 5, 6, 7]; raises ValueError for anything else."""
    numbers: list[int] = []
    for part in spec.split():
        match = LINES.match(part)
        if not match:
            raise ValueError(f"{part!r} is not a line number or a range like 4-6")
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last:
            raise ValueError(f"{part!r} is not a range of lines")
        numbers += range(first, last + 1)
    return numbers


@lru_cache(maxsize=512)
def highlight_code(code: str, language: str, lines: str = "") -> str:
    """Highlighted HTML, ``lines`` (``"2 3 5-7"``) marked; a language Pygments does not know is
    shown as plain text."""
    lexer = get_lexer_by_name(language if known_language(language) else PLAIN)
    try:
        marked = line_numbers(lines)
    except ValueError:
        marked = []  # refused at load; an admin edit may still hold one
    formatter = HtmlFormatter(cssclass=CSS_CLASS, style=STYLE, wrapcode=True, hl_lines=marked)
    return highlight(code, lexer, formatter)


def load_lexers() -> None:
    """Pygments imports a language's lexer the first time it highlights it: do it ahead."""
    for language in LANGUAGES:
        highlight_code("", language)


def stylesheet() -> str:
    """The CSS committed as static/lessons/highlight.css (a test keeps the two in step)."""
    return HtmlFormatter(style=STYLE).get_style_defs(f".{CSS_CLASS}") + "\n"
