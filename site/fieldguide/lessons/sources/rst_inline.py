"""Inline docutils nodes (emphasis, links, roles, footnote references…) as lesson Markdown,
and the escaping that keeps a text's characters from reading as Markdown syntax."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath

from docutils import nodes

from fieldguide.lessons.sources import rst_directives

LinkTarget = Callable[[str, str], str | None]
Findings = list[tuple[str, int, str]]  # (which list, line, message)

_SPECIAL = re.compile(r"([\\`*\[\]])")
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # only where it could open or close
_ENTITY = re.compile(r"&(?=#?\w+;)")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_TILDES = re.compile(r"~(?=~)")  # ~~ would strike through; a lone ~ is just a tilde
FOOTNOTE_LABEL = re.compile(r"[\w.-]+")
NOTES = (nodes.footnote, nodes.citation)


def escape(text: str) -> str:
    """Text as Markdown that reads back as the same text (a block's first characters are
    the block writer's business)."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _ENTITY.sub("&amp;", text)
    text = _TAG.sub("&lt;", text)
    return _TILDES.sub(r"\~", text)


def code_span(text: str) -> str:
    text = text.replace("\n", " ")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def destination(url: str) -> str:
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def parts(node: nodes.Element) -> list[nodes.Element]:
    """A node's element children (list items, a term and its definition, a row's cells)."""
    return [child for child in node.children if isinstance(child, nodes.Element)]


def indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


def quoted(text: str) -> str:
    """A fence's title or an image's caption, in double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def line_of(node: nodes.Node | None) -> int:
    while node is not None:
        if node.line:
            return int(node.line)
        node = node.parent
    return 1


def ancestors(node: nodes.Node, kind: type[nodes.Element]) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kind):
            yield parent
        parent = parent.parent


def _footnote_labels(document: nodes.document) -> dict[str, str]:
    """Each footnote's and citation's id → its Markdown label: its name (``[#name]``), the
    number docutils gave it, or the citation's label."""
    labels = {}
    notes = [n for n in document.findall(nodes.Element) if isinstance(n, NOTES)]
    for index, note in enumerate(notes, 1):
        label = note.children[0].astext() if note.children else ""
        if isinstance(note, nodes.footnote) and note["names"]:
            label = note["names"][0]
        if not FOOTNOTE_LABEL.fullmatch(label):  # an auto-symbol (*, †…)
            label = f"note-{index}"
        labels.update(dict.fromkeys(note["ids"], label))
    return labels


class Inline:
    """Writes inline nodes; findings go to ``findings`` unless ``quiet``."""

    def __init__(
        self, document: nodes.document, link_target: LinkTarget, findings: Findings
    ) -> None:
        self.document = document
        self.link_target = link_target
        self.findings = findings
        self.quiet = False
        self.labels: dict[str, str] = {}  # label → anchor, filled by the block writer's plan
        self.section_titles: dict[str, str] = {}  # label → the title of its section
        self.footnote_labels = _footnote_labels(document)

    def report(self, kind: str, where: nodes.Node | int, message: str) -> None:
        """A finding at a node's line (or a line) for ``kind``'s list, unless ``quiet``."""
        if not self.quiet:
            line = where if isinstance(where, int) else line_of(where)
            self.findings.append((kind, line, message))

    def note(self, where: nodes.Node | int, message: str) -> None:
        self.report("converted", where, message)

    def refuse(self, where: nodes.Node | int, message: str) -> None:
        self.report("refused", where, message)

    def warn(self, where: nodes.Node | int, message: str) -> None:
        self.report("warnings", where, message)

    def anchor_of(self, node: nodes.Node | None) -> str:
        """The anchor of the heading a node is under ("" for the title or none)."""
        if node is None:
            return ""
        section = node if isinstance(node, nodes.section) else next(
            ancestors(node, nodes.section), None
        )  # fmt: skip
        return str(section.get("anchor", "")) if section is not None else ""

    def inline(self, children: Iterable[nodes.Node]) -> str:
        return "".join(self.span(child) for child in children)

    def span(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(node.astext().replace("\n", " "))
        if not isinstance(node, nodes.Element):
            return ""
        method = getattr(self, f"span_{node.tagname}", None)
        return str(method(node)) if method else self.inline(node.children)

    def wrapped(self, node: nodes.Element, mark: str) -> str:
        inner = self.inline(node.children)
        return f"{mark}{inner}{mark}" if inner.strip() else inner

    def span_emphasis(self, node: nodes.emphasis) -> str:
        return self.wrapped(node, "*")

    span_title_reference = span_emphasis  # `text` with no role: Sphinx shows it in italics

    def span_strong(self, node: nodes.strong) -> str:
        return self.wrapped(node, "**")

    def span_literal(self, node: nodes.literal) -> str:
        return code_span(node.astext())

    def span_subscript(self, node: nodes.subscript) -> str:
        return f"<sub>{self.inline(node.children)}</sub>"

    def span_superscript(self, node: nodes.superscript) -> str:
        return f"<sup>{self.inline(node.children)}</sup>"

    def span_kbd(self, node: rst_directives.kbd) -> str:
        return f"<kbd>{escape(node.astext())}</kbd>"

    def span_math(self, node: nodes.math) -> str:
        self.note(node, "converted :math: to a code span (no math renderer)")
        return code_span(node.astext())

    def span_problematic(self, node: nodes.problematic) -> str:
        return escape(node.astext())  # docutils' message says what went wrong

    def span_system_message(self, node: nodes.system_message) -> str:
        return ""  # collected from the reporter, not written

    def span_generated(self, node: nodes.generated) -> str:
        return ""  # section numbers: pages number nothing

    def span_image(self, node: nodes.image) -> str:
        at = node.parent or node  # a substitution's image has the definition's line
        self.refuse(at, f"refused: the image {node['uri']} inside text (images stand alone)")
        return ""

    def span_raw(self, node: nodes.raw) -> str:
        self.refuse(node, "refused: raw inline markup (raw HTML is not allowed)")
        return ""

    def span_unknown_role(self, node: rst_directives.unknown_role) -> str:
        self.warn(node, f"unknown role :{node['role']}: (its text is kept as plain text)")
        return escape(node.astext())

    def span_footnote_reference(self, node: nodes.Element) -> str:
        label = self.footnote_labels.get(node.get("refid", ""))
        return f"[^{label}]" if label else escape(node.astext())

    span_citation_reference = span_footnote_reference

    def span_reference(self, node: nodes.reference) -> str:
        if any(isinstance(child, nodes.image) for child in node.children):
            return self.inline(node.children)  # an image inside text: refused there
        text = self.inline(node.children).strip()
        if node.get("refuri"):
            href = node["refuri"]
        elif node.get("refid"):
            href = "#" + self.anchor_of(self.document.ids.get(node["refid"]))
        else:
            return text  # unresolved: docutils reports it
        if node.astext() == href and re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>]*$", href, re.I):
            return f"<{href}>"  # a standalone address
        return f"[{text or escape(href)}]({destination(href)})"

    def span_xref(self, node: rst_directives.xref) -> str:
        """:ref: and :doc: through ``link_target``; a label of this page, failing that, links
        to its heading here; anything else is plain text, with a warning."""
        kind, target, text = node["kind"], node["target"], node.astext()
        label = nodes.fully_normalize_name(target)
        href = self.link_target(kind, target)
        if href is None and kind == "ref" and label in self.labels:
            href = "#" + self.labels[label]
        if not text and kind == "ref":
            text = self.section_titles.get(label, "")
            if not text:
                text = target
                if href is not None:
                    self.note(node, f"the text of :ref:`{target}` is its label")
        elif not text:
            text = PurePosixPath(target).name
            if href is not None:
                self.note(node, f"the text of :doc:`{target}` is its file name")
        if href is None:
            what = "label" if kind == "ref" else "document"
            self.warn(node, f":{kind}:`{target}`: the {what} was not imported (plain text)")
            return escape(text)
        return f"[{escape(text)}]({destination(href)})"
