"""Server-side syntax highlighting: the page works without JavaScript and prints in colour."""

from __future__ import annotations

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
CSS_CLASS = "highlight"


@lru_cache(maxsize=512)
def highlight_code(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    return highlight(code, lexer, HtmlFormatter(cssclass=CSS_CLASS, style=STYLE, wrapcode=True))


def load_lexers() -> None:
    """Pygments imports a language's lexer the first time it highlights it: do it ahead."""
    for language in LANGUAGES:
        highlight_code("", language)


def stylesheet() -> str:
    """The CSS committed as static/lessons/highlight.css (a test keeps the two in step)."""
    return HtmlFormatter(style=STYLE).get_style_defs(f".{CSS_CLASS}") + "\n"
