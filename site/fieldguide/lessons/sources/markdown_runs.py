"""Prose kept as Markdown. The admin's rich-text editor (Draftail) cannot hold footnotes,
definition lists, task lists, keys (``<kbd>``), HTML comments, headings ``#####`` and ``######``,
code in a list or a quote, a quote of more than paragraphs, or a list other than tight items of
one line of text from 1 (it flattens or renumbers the rest on the first save:
tests/test_admin_round_trip.py shows each); a run of prose that uses one is stored as its own
source lines instead (a ``markdown`` block), with the definitions of the footnotes and
reference links it uses taken along, so that the block reads the same on its own.

Functions over markdown-it tokens and source lines, and the part of ``format``'s body parser
that uses them (``MarkdownRuns``).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it.common.utils import MD_TRIM_RE, mdTrim, normalizeReference, unescapeAll
from markdown_it.token import Token

from fieldguide.lessons.highlight import known_language
from fieldguide.lessons.sources import markdown
from fieldguide.lessons.sources.links import PAGE_LINK, local_target
from fieldguide.lessons.sources.richtext import ALLOWED_TAGS, RichTextError, rich_text_from_html

# Code is text: as_rich_text leaves it out of the checks, and the page highlights it.
MARKDOWN_TAGS = ALLOWED_TAGS | {"kbd", "dl", "dt", "dd", "h5", "h6"}
KBD = re.compile(r"</?kbd[\s/>]", re.IGNORECASE)
# The boxes markdown-it's task-list rule puts first in an item (as raw HTML, which an author's
# own <input> would be too: only these two are the rule's).
TASK_BOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'
TASK_BOXES = {TASK_BOX.format(""), TASK_BOX.format('checked="checked" ')}
LABEL = re.compile(r"\[((?:\\.|[^\\\[\]])+)\]")
DEFINITION_START = re.compile(r" {0,3}\[")  # a definition on a line of its own, not in a quote
# Where on its lines a construct of a line of text is (the others are on their token's first).
KEPT_NEEDLES = {"footnotes": ("[^",), "keys (<kbd>)": ("<kbd",), "HTML comments": ("<!--",),
                "task lists": ("[ ]", "[x]")}  # fmt: skip
LISTS = {"bullet_list_open", "ordered_list_open"}
DEEP = {"h5", "h6"}  # headings the editor has no button for
PageExists = Callable[[int], bool]


def line_holding(lines: list[str], needles: tuple[str, ...]) -> int:
    """The index of the first line that holds one of ``needles`` (0 when none does)."""
    for index, line in enumerate(lines):
        if any(needle.lower() in line.lower() for needle in needles):
            return index
    return 0


def _inline_kept(token: Token) -> str | None:
    for inner in [token, *(token.children or [])]:
        if inner.type == "footnote_ref":
            return "footnotes"
        if inner.type in ("html_block", "html_inline"):
            if markdown.COMMENT.search(inner.content):
                return "HTML comments"
            if KBD.search(inner.content):
                return "keys (<kbd>)"
    return None


def _children(tokens: Sequence[Token], opener: int) -> list[int]:
    """The indexes of the blocks directly inside ``tokens[opener]``."""
    found, depth = [], 0
    for index in range(opener + 1, markdown.closing_index(tokens, opener)):
        if depth == 0 and tokens[index].nesting >= 0:
            found.append(index)
        depth += tokens[index].nesting
    return found


def _list_kept(tokens: Sequence[Token], opener: int) -> tuple[str, Token] | None:
    """What of the list at ``opener`` the editor cannot hold: it holds items of one line of
    text, each followed by at most one list."""
    lists = tokens[opener]
    if lists.type == "ordered_list_open" and "start" in lists.attrs:  # markdown-it: not 1
        return "ordered lists that start at another number than 1", lists
    for item in _children(tokens, opener):
        inside = [tokens[i] for i in _children(tokens, item)]
        if any(t.type == "paragraph_open" and not t.hidden for t in inside):
            return "lists with blank lines between items or paragraphs", tokens[item]
        sublists = [t for t in inside if t.type in LISTS]
        if inside and inside[0].type != "paragraph_open":
            return "list items that do not start with text", inside[0]
        beyond = [t for t in inside[1:] if t.type not in LISTS] + sublists[1:]
        if beyond:
            return "list items that hold more than text and one list", beyond[0]
    return None


def _split_list(tokens: Sequence[Token]) -> Token | None:
    """The first item at which the editor would start a new list: one that follows an item
    of the other kind, further in (its export closes the list there: the items after a
    bullet list in a numbered one are numbered from 1 again)."""
    kinds: list[str] = []  # the lists the tokens are in, outermost first
    last: tuple[int, str] | None = None
    for token in tokens:
        if token.type in LISTS:
            kinds.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            kinds.pop()
        elif token.type == "list_item_open":
            if last and len(kinds) < last[0] and kinds[-1] != last[1]:
                return token
            last = (len(kinds), kinds[-1])
    return None


def kept_construct(
    tokens: Sequence[Token], holds: Collection[str] = ALLOWED_TAGS
) -> tuple[str, Token] | None:
    """What in ``tokens`` (a prose element: a paragraph, a list, a quote…) only Markdown keeps
    ("footnotes", …), and the token that holds it; None if the editor holds it all. ``holds``
    is the tags of the editor's text there: a hint's and a callout's take no headings or
    quotes."""
    for token in tokens:
        if found := _inline_kept(token):
            return found, token
        if token.type == "dl_open":
            return "definition lists", token
        if token.type == "list_item_open" and "task-list-item" in str(token.attrs.get("class")):
            return "task lists", token
        if token.type in ("fence", "code_block"):  # a prose element's is in a list or quote
            return "code blocks in lists and quotes", token
        if token.type == "heading_open" and token.tag != "h1" and token.tag not in holds:
            return ("headings ##### and ######" if token.tag in DEEP else "headings"), token
    for index, token in enumerate(tokens):
        if token.type == "blockquote_open":
            if "blockquote" not in holds:
                return "quotes", token
            inside = [tokens[i] for i in _children(tokens, index)]
            if others := [t for t in inside if t.type != "paragraph_open"]:
                return "lists, code and quotes inside a quote", others[0]
        if token.type in LISTS and (shape := _list_kept(tokens, index)):
            return shape
    if split := _split_list(tokens):
        return "lists in a list of the other kind, with items after them", split
    return None


def as_rich_text(element: Sequence[Token]) -> list[Token]:
    """Copies of ``element``'s tokens without what only Markdown keeps (footnote references,
    task boxes and their classes, comments, link titles), for the checks rich text has."""
    copies = []
    for token in element:
        if token.type in ("fence", "code_block"):
            continue  # code: text, shown as it is
        changes: dict[str, Any] = {"attrs": {k: v for k, v in token.attrs.items() if k != "class"}}
        if token.type == "html_block":
            changes["content"] = markdown.COMMENT.sub("", token.content)
            if not changes["content"].strip():
                continue
        if token.children is not None:
            changes["children"] = [
                child.copy(attrs={k: v for k, v in child.attrs.items() if k != "title"})
                for child in token.children
                if child.type != "footnote_ref"
                and not markdown.is_comment(child)
                and child.content not in TASK_BOXES
            ]
        copies.append(token.copy(**changes))
    return copies


def split_info(info: str) -> tuple[str, str]:
    """A fence's language and the rest of its info string, split as the renderer splits it:
    the language with its escapes and entities resolved (``` f&ouml;o\\+ is "föo+"), the
    rest raw, for shlex to read its quotes."""
    language, *options = MD_TRIM_RE.split(mdTrim(info), maxsplit=1)
    return unescapeAll(language), "".join(options)


def footnote_labels(elements: Iterable[Sequence[Token]]) -> set[str]:
    """The labels of the footnotes the elements reference."""
    return {
        child.meta["label"]
        for element in elements
        for token in element
        for child in token.children or []
        if child.type == "footnote_ref" and child.meta.get("label") is not None
    }


def reference_labels(text: str, defined: Iterable[str]) -> set[str]:
    """The link reference definitions (normalised labels) that ``text`` may use: a bracketed
    text that names one. One named but not used costs nothing: a definition shows nothing."""
    named = {normalizeReference(match[1]) for match in LABEL.finditer(text)}
    return named & set(defined)


@dataclass
class Lines:
    """Source lines, with those of an admonition's body (indented four spaces) read dedented."""

    lines: list[str]
    dedent: tuple[int, int] = (0, 0)  # the range of lines indented by the admonition

    def __getitem__(self, index: int) -> str:
        line = self.lines[index]
        if self.dedent[0] <= index < self.dedent[1]:
            return _dedent(line, 4)
        return line

    def span(self, start: int, end: int) -> list[str]:
        """Lines ``start`` to ``end``, without the blank lines at the end."""
        found = [self[i] for i in range(start, min(end, len(self.lines)))]
        while found and not found[-1].strip():
            found.pop()
        return found


def _dedent(line: str, width: int) -> str:
    column = index = 0
    while index < len(line) and column < width and line[index] in " \t":
        column = column + 1 if line[index] == " " else column + 4 - column % 4
        index += 1
    return " " * (column - width if column > width else 0) + line[index:]


def run_text(lines: Lines, start: int, end: int, removed: set[int]) -> list[str]:
    """Lines ``start`` to ``end`` as written, but for the ``removed`` ones (footnote
    definitions between the run's elements, which go at the end): where some were, one blank
    line stands, so that the text either side stays apart."""
    parts: list[list[str]] = [[]]
    for index in range(start, end):
        if index not in removed:
            parts[-1].append(lines[index])
        elif parts[-1]:
            parts.append([])
    found: list[str] = []
    for part in parts:
        while part and not part[0].strip():
            part.pop(0)
        while part and not part[-1].strip():
            part.pop()
        if part:
            found += ([""] if found else []) + part
    return found


def appended(lines: Lines, spans: list[tuple[int, int]]) -> list[str]:
    """Definitions (their line spans), in source order, after a blank line; one that follows
    the one before on the next line does so here too."""
    found: list[str] = []
    last_end = -1
    for start, end in sorted(spans):
        text = lines.span(start, end)
        if not (found and last_end == start):
            found.append("")
        found += text
        last_end = start + len(text)
    return found


class MarkdownRuns:
    """What ``format``'s body parser does with a run of prose that only Markdown keeps."""

    lines: list[str]
    view: Lines
    env: dict[str, Any]  # the parse's: link references, footnotes, markdown.FOOTNOTE_LINES
    page_exists: PageExists | None  # None at load, where links name source files

    def report(self, index: int, reason: str) -> None:
        raise NotImplementedError

    def warn(self, index: int, reason: str) -> None:
        raise NotImplementedError

    def markdown(self, elements: list[list[Token]]) -> dict[str, Any] | None:
        """A run of prose that uses what only Markdown keeps, as its source lines, and those of
        the definitions it uses (see the module's docstring); None (reported) if refused."""
        checked = [self.check_markdown(element) for element in elements]
        footnotes = self.definitions(elements)
        if not all(checked) or footnotes is None:
            return None
        start, end = (elements[0][0].map or (0, 0))[0], (elements[-1][0].map or (0, 0))[1]
        holding = [element[0].map or (0, 0) for element in elements]
        removed = {  # definitions between the run's elements, not inside one
            index
            for _, (first, last), _ in self.env.get(markdown.FOOTNOTE_LINES, [])
            if not any(a <= first < b for a, b in holding)
            for index in range(first, last)
        }
        text = run_text(self.view, start, end, removed)
        text += appended(self.view, footnotes)
        spans = self.references(text, start)
        if spans is None:
            return None
        return {"type": "markdown", "value": "\n".join(text + appended(self.view, spans))}

    def references(self, text: list[str], start: int) -> list[tuple[int, int]] | None:
        """The line spans of the link reference definitions ``text`` uses and does not hold;
        None (reported) if it holds one that says otherwise than the one the page uses."""
        held: dict[str, Any] = {}
        markdown.parse("\n".join(text) + "\n", held)
        mine, page = held.get("references", {}), self.env.get("references", {})
        spans = []
        for label in sorted(reference_labels("\n".join(text), page)):
            if label not in mine:
                spans.append((page[label]["map"][0], page[label]["map"][1]))
            elif [mine[label][key] for key in ("href", "title")] != [
                page[label][key] for key in ("href", "title")
            ]:
                self.report(start, f"the link [{label.lower()}] is defined twice, differently: "
                                   "keep one definition")  # fmt: skip
                return None
        return spans

    def definitions(self, elements: list[list[Token]]) -> list[tuple[int, int]] | None:
        """The line spans of the footnote definitions the elements reference that they do not
        hold; None (reported) if one is where it cannot be taken from."""
        holding = [element[0].map or (0, 0) for element in elements]
        # The last definition of a label is the one markdown-it shows.
        found = {label: span for label, span, _ in self.env.get(markdown.FOOTNOTE_LINES, [])}
        spans = []
        for label in sorted(footnote_labels(elements)):
            start, end = found[label]
            if any(first <= start < last for first, last in holding):
                continue
            if not DEFINITION_START.match(self.view[start]):
                self.report(start, f"define the footnote [^{label}] on a line of its own, "
                                   "not inside a quote")  # fmt: skip
                return None
            spans.append((start, end))
        return spans

    def check_markdown(self, element: list[Token]) -> bool:
        """The checks rich text has, on the element without what only Markdown keeps, and
        those of its code and its links to pages."""
        start, end = element[0].map or (0, 1)
        fine = all([self.check_fence(token) for token in element if token.type == "fence"])
        tokens = as_rich_text(element)
        for child in (child for token in tokens for child in token.children or []):
            href = str(child.attrs.get("href", ""))
            if child.type == "link_open" and (problem := self.link_problem(href)):
                self.report(start + line_holding(self.lines[start:end], (href,)), problem)
                return False
            if child.type == "link_open" and PAGE_LINK.match(href):
                child.attrs["href"] = "/"  # a page's address, as the page shows it
        try:
            rich_text_from_html(markdown.render(tokens), MARKDOWN_TAGS, split_quotes=False)
        except RichTextError as exc:
            self.report(start + line_holding(self.lines[start:end], exc.needles), str(exc))
            return False
        return fine

    def link_problem(self, href: str) -> str | None:
        """Why a link of kept Markdown is refused. A lesson source links to another page by
        its file (the load stores it as ``page:ID``); text typed in the admin by ``page:ID``,
        of a page that exists."""
        page = PAGE_LINK.match(href)
        if self.page_exists is None:
            return (
                f"a link to {href} names no source file: link to the page's file (…/x.md)"
                if page
                else None
            )
        if page and not self.page_exists(int(page[1])):
            return f"the link to {href} names no page"
        if local_target(href):
            return (f"a link to {href} works in a lesson source only: here, link to the page "
                    "as page:ID (its id), or to its address (/docs/…/)")  # fmt: skip
        return None

    def check_fence(self, token: Token) -> bool:
        """Code in a list or a quote takes a language (shown as a code block shows it), not a
        title or marked lines, which only a code block of its own shows."""
        language, options = split_info(token.info)
        line = (token.map or (0, 0))[0]
        if language and known_language(language) is None:
            self.warn(line, f"unknown code language {language!r}: shown as plain text")
        if not options.strip():
            return True
        try:
            names = [word.partition("=")[0] for word in shlex.split(options)]
        except ValueError as exc:
            self.report(line, f"code block options: {exc}")
            return False
        self.report(line, f"{' and '.join(names)}: code inside a list or a quote takes a "
                          "language only; a code block of its own takes a title and marked "
                          "lines")  # fmt: skip
        return False

    def kept_line(self, kept: tuple[str, Token]) -> int:
        """The line of a construct only Markdown keeps (the first of its token's lines that
        holds it)."""
        what, token = kept
        start, end = token.map or (0, 1)
        return start + line_holding(self.lines[start:end], KEPT_NEEDLES.get(what, ()))

    def unreferenced_footnotes(self) -> None:
        notes = self.env.get("footnotes", {}).get("list", {}).values()
        shown = {note.get("label") for note in notes}
        for label, (start, _), _ in self.env.get(markdown.FOOTNOTE_LINES, []):
            if label not in shown:
                self.warn(start, f"the footnote [^{label}] is never referenced: it is not shown, "
                                 "and a dump leaves it out")  # fmt: skip
