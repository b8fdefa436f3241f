"""Prose kept as Markdown. The admin's rich-text editor cannot hold footnotes, definition
lists, task lists, keys (``<kbd>``) or HTML comments; a run of prose that uses one is stored as
its own source lines instead (a ``markdown`` block), with the definitions of the footnotes and
reference links it uses taken along, so that the block reads the same on its own.

Functions over markdown-it tokens and source lines, and the part of ``format``'s body parser
that uses them (``MarkdownRuns``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from fieldguide.lessons.sources import markdown
from fieldguide.lessons.sources.links import local_target
from fieldguide.lessons.sources.richtext import ALLOWED_TAGS, RichTextError, rich_text_from_html

MARKDOWN_TAGS = ALLOWED_TAGS | {"kbd", "dl", "dt", "dd"}  # besides what markdown-it writes
KBD = re.compile(r"</?kbd[\s/>]", re.IGNORECASE)
# The boxes markdown-it's task-list rule puts first in an item (as raw HTML, which an author's
# own <input> would be too: only these two are the rule's).
TASK_BOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'
TASK_BOXES = {TASK_BOX.format(""), TASK_BOX.format('checked="checked" ')}
LABEL = re.compile(r"\[((?:\\.|[^\\\[\]])+)\]")
DEFINITION_START = re.compile(r" {0,3}\[")  # a definition on a line of its own, not in a quote


def line_holding(lines: list[str], needles: tuple[str, ...]) -> int:
    """The index of the first line that holds one of ``needles`` (0 when none does)."""
    for index, line in enumerate(lines):
        if any(needle.lower() in line.lower() for needle in needles):
            return index
    return 0


def kept_construct(tokens: Iterable[Token]) -> str | None:
    """What in ``tokens`` only Markdown keeps ("footnotes", …), or None."""
    for token in tokens:
        if token.type == "dl_open":
            return "definition lists"
        if token.type == "list_item_open" and "task-list-item" in str(token.attrs.get("class")):
            return "task lists"
        for inner in [token, *(token.children or [])]:
            if inner.type == "footnote_ref":
                return "footnotes"
            if inner.type in ("html_block", "html_inline"):
                if markdown.COMMENT.search(inner.content):
                    return "HTML comments"
                if KBD.search(inner.content):
                    return "keys (<kbd>)"
    return None


def as_rich_text(element: Sequence[Token]) -> list[Token]:
    """Copies of ``element``'s tokens without what only Markdown keeps (footnote references,
    task boxes and their classes, comments, link titles), for the checks rich text has."""
    copies = []
    for token in element:
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
        """The checks rich text has, on the element without what only Markdown keeps; and no
        link to another source file, which only rich text turns into a page link."""
        start, end = element[0].map or (0, 1)
        tokens = as_rich_text(element)
        for child in (child for token in tokens for child in token.children or []):
            href = str(child.attrs.get("href", ""))
            if child.type == "link_open" and local_target(href):
                self.report(start + line_holding(self.lines[start:end], (href,)),
                            f"a link to {href} is not kept in text with footnotes, definition "
                            "lists, task lists, keys or comments: link to the page's address "
                            "(/docs/…/) instead")  # fmt: skip
                return False
        try:
            rich_text_from_html(markdown.render(tokens), MARKDOWN_TAGS)
        except RichTextError as exc:
            self.report(start + line_holding(self.lines[start:end], exc.needles), str(exc))
            return False
        return True

    def unreferenced_footnotes(self) -> None:
        notes = self.env.get("footnotes", {}).get("list", {}).values()
        shown = {note.get("label") for note in notes}
        for label, (start, _), _ in self.env.get(markdown.FOOTNOTE_LINES, []):
            if label not in shown:
                self.warn(start, f"the footnote [^{label}] is never referenced: it is not shown, "
                                 "and a dump leaves it out")  # fmt: skip
