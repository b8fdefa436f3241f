"""The Markdown of lesson sources: CommonMark (markdown-it-py, the parser MyST and Jupyter
use), GFM tables and strikethrough, and Fieldguide's own blocks as parser rules, not as
regular expressions around it:

    :::tip / :::note / :::warning … :::      callouts
    :::hint [Title] / :::solution [Title] … ::: collapsible hints and solutions
    :::check demo-id [name=value …] … :::    a demo as the step's check (the body is the hint)
    ::demo demo-id [name=value …]             a demo from the allowlist
    ::files workspace [path …]                a workspace's files, in an editor
    !!! note "Title" / ??? tip "Title"         MkDocs admonitions, read as callouts and hints

``parse`` gives markdown-it's token stream (``token.map`` holds source lines); ``render``
gives the HTML of a run of tokens. What the tokens become is ``format``'s business.

Footnote definitions leave the stream (the footnote plugin gathers them at its end, without
their lines): ``parse`` records where each was in ``env[FOOTNOTE_LINES]``, so that text kept
as Markdown can carry the definitions it references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

CONTAINERS = ("tip", "note", "warning", "hint", "solution", "check")
DEMO_TOKEN, FILES_TOKEN = "fieldguide_demo", "fieldguide_files"
DEMO_OPENER = "::demo"
# A line of its own that is a block: its token → its opening word.
LINE_BLOCKS = {DEMO_TOKEN: DEMO_OPENER, FILES_TOKEN: "::files"}
FOOTNOTE_LINES = "fieldguide_footnote_lines"
# An HTML comment as CommonMark 0.31 reads one, as a browser does: <!-->, <!---> or <!-- … -->.
COMMENT = re.compile(r"<!--(?:-?>|.*?-->)", re.DOTALL)


def _line_rule(token_type: str) -> Any:
    """A rule for ``::demo id …`` or ``::files name …`` on a line of its own (it may
    interrupt a paragraph)."""
    opener = LINE_BLOCKS[token_type]

    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False  # an indented code block
        line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
        if line != opener and not line.startswith(opener + " "):
            return False
        if silent:
            return True
        token = state.push(token_type, "", 0)
        token.content = line[len(opener) :].strip()
        token.map = [start, start + 1]
        token.markup = opener
        state.line = start + 1
        return True

    return rule


def _footnote_lines(state: StateCore) -> None:
    """``(label, [first line, end line], level)`` of each footnote definition, in order."""
    found = state.env.setdefault(FOOTNOTE_LINES, [])
    for token in state.tokens:
        if token.type == "footnote_reference_open" and token.map:
            found.append((token.meta["label"], token.map, token.level))


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
    # What the admin's rich-text editor cannot hold: text that uses them is kept as Markdown.
    # Footnotes as GitHub reads them: [^label] only, not Pandoc's ^[inline] ones.
    md.use(footnote_plugin, inline=False).use(deflist_plugin).use(tasklists_plugin)
    md.core.ruler.before("footnote_tail", "fieldguide_footnote_lines", _footnote_lines)
    # MkDocs / Python-Markdown admonitions (!!! note "Title", ??? tip), as documentation
    # written elsewhere uses them: read as callouts and hints.
    md.use(admon_plugin)
    # A line break inside a paragraph is a space, as the admin's editor stores it: a wrapped
    # paragraph loads as the editor would save it, and survives an edit there unchanged.
    md.add_render_rule("softbreak", lambda *args: " ")
    add_fieldguide_blocks(md)
    return md


def add_fieldguide_blocks(md: MarkdownIt) -> None:
    """Fieldguide's own blocks, for this parser and for the one mdformat writes with."""
    for name in CONTAINERS:
        _container(md, name)
    for token_type in LINE_BLOCKS:
        md.block.ruler.before(
            "paragraph",
            token_type,
            _line_rule(token_type),
            {"alt": ["paragraph", "reference", "blockquote"]},
        )


def parse(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """The token stream of ``text``; ``env``, if given, gets what the parse found besides
    (link reference definitions, footnotes, ``FOOTNOTE_LINES``)."""
    return lesson_markdown().parse(text, {} if env is None else env)


def is_comment(token: Token) -> bool:
    """An inline HTML comment, or a block of HTML that holds nothing else."""
    if token.type == "html_inline":
        return COMMENT.fullmatch(token.content) is not None
    return token.type == "html_block" and not COMMENT.sub("", token.content).strip()


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
