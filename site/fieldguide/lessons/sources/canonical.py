"""The canonical form of a lesson file, as ``dump_content`` writes it: mdformat (the formatter
the Markdown tooling standardised on) with its GFM, front-matter, footnote and definition-list
plugins, and one of Fieldguide's own for its blocks (``:::tip`` … ``:::``, ``::demo``,
``::files``), which
mdformat would otherwise escape as text.

mdformat's output reads back as the same document and formatting it again changes nothing,
so a dump, loaded and dumped again, is the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import SimpleNamespace

import mdformat
import mdformat.plugins
from markdown_it import MarkdownIt
from mdformat.renderer import RenderContext, RenderTreeNode
from mdformat.renderer.typing import Render

from fieldguide.lessons.sources import markdown

EXTENSIONS = ("frontmatter", "gfm", "footnote", "deflist", "fieldguide")
OPTIONS = {"wrap": "keep", "number": True, "end_of_line": "lf"}


def _update_mdit(mdit: MarkdownIt) -> None:
    markdown.add_fieldguide_blocks(mdit)


def _container(node: RenderTreeNode, context: RenderContext) -> str:
    """``:::kind title``, its blocks, ``:::`` (the blocks as mdformat writes any)."""
    body = "\n\n".join(child.render(context) for child in node.children)
    opener = f"{node.markup}{node.info.strip()}"
    return f"{opener}\n{body}\n{node.markup}" if body else f"{opener}\n{node.markup}"


def _line(node: RenderTreeNode, context: RenderContext) -> str:
    """``::demo …`` or ``::files …``, as written."""
    return f"{node.markup} {node.content}".rstrip()


RENDERERS: Mapping[str, Render] = {
    **{f"container_{name}": _container for name in markdown.CONTAINERS},
    **dict.fromkeys(markdown.LINE_BLOCKS, _line),
}
PLUGIN = SimpleNamespace(update_mdit=_update_mdit, RENDERERS=RENDERERS, POSTPROCESSORS={})


@cache
def _register() -> None:
    # mdformat finds plugins by entry point; Fieldguide is not installed as a distribution.
    extensions = mdformat.plugins.PARSER_EXTENSIONS
    assert isinstance(extensions, dict)
    extensions["fieldguide"] = PLUGIN


def canonical_text(text: str) -> str:
    """A lesson file (front matter and Markdown) in its canonical form."""
    _register()
    return mdformat.text(text, options=OPTIONS, extensions=EXTENSIONS)
