"""The Markdown of lesson sources: CommonMark (markdown-it-py, the parser MyST and Jupyter
use), GFM tables and strikethrough, and Fieldguide's own blocks as parser rules, not as
regular expressions around it:

    :::tip / :::note / :::warning … :::      callouts
    :::hint [Title] / :::solution [Title] … ::: collapsible hints and solutions
    :::check demo-id [name=value …] … :::    a demo as the step's check (the body is the hint)
    ::demo demo-id [name=value …]             a demo from the allowlist
    !!! note "Title" / ??? tip "Title"         MkDocs admonitions, read as callouts and hints

``parse`` gives markdown-it's token stream (``token.map`` holds source lines); ``render``
gives the HTML of a run of tokens. What the tokens become is ``format``'s business.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

CONTAINERS = ("tip", "note", "warning", "hint", "solution", "check")
DEMO_TOKEN = "fieldguide_demo"
DEMO_OPENER = "::demo"


def _demo_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """``::demo id …`` on a line of its own (it may interrupt a paragraph)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False  # an indented code block
    line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if line != DEMO_OPENER and not line.startswith(DEMO_OPENER + " "):
        return False
    if silent:
        return True
    token = state.push(DEMO_TOKEN, "", 0)
    token.content = line[len(DEMO_OPENER) :].strip()
    token.map = [start, start + 1]
    token.markup = DEMO_OPENER
    state.line = start + 1
    return True


def _container(md: MarkdownIt, name: str) -> None:
    def validate(params: str, *args: Any) -> bool:
        return params.strip().split(" ", 1)[0] == name

    container_plugin(md, name, validate=validate)


class _LessonMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        """markdown-it leaves a javascript: or data: link as plain text, silently; Fieldguide
        refuses it at load with its line (richtext's link check), so let it through here."""
        return True


@cache
def lesson_markdown() -> MarkdownIt:
    md = _LessonMarkdown("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Parsed so that they are recognised (and refused with their line until the page can show
    # them), never printed as literal [^1] or [ ] text.
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin)
    # MkDocs / Python-Markdown admonitions (!!! note "Title", ??? tip), as documentation
    # written elsewhere uses them: read as callouts and hints.
    md.use(admon_plugin)
    # A line break inside a paragraph is a space, as the admin's editor stores it: a wrapped
    # paragraph loads as the editor would save it, and survives an edit there unchanged.
    md.add_render_rule("softbreak", lambda *args: " ")
    for name in CONTAINERS:
        _container(md, name)
    md.block.ruler.before(
        "paragraph", DEMO_TOKEN, _demo_rule, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    return md


def parse(text: str) -> list[Token]:
    return lesson_markdown().parse(text)


def render(tokens: Sequence[Token]) -> str:
    md = lesson_markdown()
    return md.renderer.render(list(tokens), md.options, {})


def closing_index(tokens: Sequence[Token], opener: int) -> int:
    """The index of the token that closes ``tokens[opener]``."""
    depth = 0
    for index in range(opener, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1
