"""Tables, images and footnotes in lesson Markdown: the part of the doctree walk
(``rst_markdown``) whose Markdown has the least room: a pipe table is one grid of one-line
cells, an image a local file on a line of its own, a footnote a definition at the end."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from docutils import nodes

from fieldguide.lessons.sources.rst_inline import (
    Findings,
    Inline,
    LinkTarget,
    destination,
    indent,
    parts,
    quoted,
)

REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class Media(Inline):
    """The block writer's tables, figures and footnotes; ``blocks`` is the block writer's."""

    def __init__(self, document: nodes.document, link_target: LinkTarget, found: Findings) -> None:
        super().__init__(document, link_target, found)
        self.images: list[str] = []  # as written, each once
        self.footnotes: list[str] = []  # their Markdown, for the end of the document

    def blocks(self, children: Iterable[nodes.Node], separator: str = "\n\n") -> str:
        raise NotImplementedError

    def block_table(self, node: nodes.table) -> str:
        """A GFM pipe table, when every cell is one paragraph (or empty) and spans nothing."""
        groups = [child for child in node.children if isinstance(child, nodes.tgroup)]
        if len(groups) != 1:
            self.refuse(node, "refused: a table of this shape (pipe tables are one grid)")
            return ""
        head = [row for part in parts(groups[0]) if isinstance(part, nodes.thead)
                for row in parts(part)]  # fmt: skip
        rows = [row for part in parts(groups[0]) if isinstance(part, nodes.tbody)
                for row in parts(part)]  # fmt: skip
        if len(head) > 1:
            self.refuse(
                node, f"refused: a table with {len(head)} header rows (pipe tables have one)"
            )
            return ""
        cells = [self.cells(row) for row in head + rows]
        if not cells or any(row is None for row in cells):
            return ""
        if not head:
            self.note(node, "a table without a header row: its first row is the header")
        width = max(len(row) for row in cells if row is not None)
        lines = [
            "| " + " | ".join(row + [""] * (width - len(row))) + " |"
            for row in cells
            if row is not None
        ]
        lines.insert(1, "|" + " --- |" * width)
        title = next((child for child in node.children if isinstance(child, nodes.title)), None)
        if title is not None:
            self.note(node, "a table's title is written as a bold line above it")
            return f"**{self.inline(title.children).strip()}**\n\n" + "\n".join(lines)
        return "\n".join(lines)

    def cells(self, row: nodes.Element) -> list[str] | None:
        found = []
        for entry in parts(row):
            at = entry.children[0] if entry.children else entry  # an entry has no line
            if entry.get("morerows") or entry.get("morecols"):
                self.refuse(at, "refused: a table whose cells span rows or columns")
                return None
            if len(entry.children) > 1 or any(
                not isinstance(child, nodes.paragraph) for child in entry.children
            ):
                self.refuse(at, "refused: a table whose cells hold more than a paragraph")
                return None
            text = self.inline(entry.children[0].children).strip() if entry.children else ""
            found.append(text.replace("|", "\\|"))
        return found

    def block_figure(self, node: nodes.figure) -> str:
        caption = next(node.findall(nodes.caption), None)
        images = list(node.findall(nodes.image))
        if not images:
            return ""
        if isinstance(images[0].parent, nodes.reference):
            self.note(images[0], "dropped an image's :target: (images link nowhere)")
        written = [self.block_image(images[0], caption.astext() if caption else "")]
        for legend in node.findall(nodes.legend):
            at = legend.children[0] if legend.children else legend
            self.note(at, "a figure's legend is written as text after the image")
            written.append(self.blocks(legend.children))
        return "\n\n".join(part for part in written if part)

    def block_reference(self, node: nodes.reference) -> str:
        images = list(node.findall(nodes.image))
        if images:  # an image with a :target:
            self.note(images[0], "dropped an image's :target: (images link nowhere)")
            return self.block_image(images[0])
        return self.inline([node])  # a link: it cannot start another block

    def block_image(self, node: nodes.image, caption: str = "") -> str:
        uri = node["uri"]
        if REMOTE.match(uri):
            self.refuse(node, f"refused: the image {uri} (images are files next to the text)")
            return ""
        if uri not in self.images:
            self.images.append(uri)
        alt = " ".join(node.get("alt", "").split())
        if not alt:
            alt = " ".join(re.split(r"[-_.\s]+", PurePosixPath(uri).stem)).strip() or "image"
            self.note(node, f"the image {uri} has no :alt: text; its file name stands in")
        if alt.count("[") != alt.count("]"):
            alt = alt.replace("[", "\\[").replace("]", "\\]")
        title = f" {quoted(' '.join(caption.split()))}" if caption.strip() else ""
        return f"![{alt}]({destination(uri)}{title})"

    def block_footnote(self, node: nodes.Element) -> str:
        label = self.footnote_labels.get(node["ids"][0], "") if node["ids"] else ""
        body = self.blocks(c for c in node.children if not isinstance(c, nodes.label))
        if label:
            first, _, rest = body.partition("\n")
            self.footnotes.append(f"[^{label}]: {first}" + indent("\n" + rest, "    ") * bool(rest))
        return ""

    block_citation = block_footnote
