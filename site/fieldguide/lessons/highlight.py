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


@lru_cache(maxsize=512)
def highlight_code(code: str, language: str) -> str:
    """Highlighted HTML; a language Pygments does not know is shown as plain text."""
    lexer = get_lexer_by_name(language if known_language(language) else PLAIN)
    return highlight(code, lexer, HtmlFormatter(cssclass=CSS_CLASS, style=STYLE, wrapcode=True))


def load_lexers() -> None:
    """Pygments imports a language's lexer the first time it highlights it: do it ahead."""
    for language in LANGUAGES:
        highlight_code("", language)


def stylesheet() -> str:
    """The CSS committed as static/lessons/highlight.css (a test keeps the two in step)."""
    return HtmlFormatter(style=STYLE).get_style_defs(f".{CSS_CLASS}") + "\n"
