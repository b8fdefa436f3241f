"""A docutils doctree written as lesson Markdown (see ``format`` for the dialect): the walk
behind ``rst.rst_to_markdown``.

Block nodes become Markdown blocks (strings joined by blank lines), inline nodes Markdown
text. Sections become ``##`` to ``####`` headings under the title, with the anchors the page will
give them (``headings.add_heading_ids`` over the rendered heading), so that labels and
``:ref:`` links point where the page's ids will be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field

from docutils import nodes

from fieldguide.lessons.headings import add_heading_ids
from fieldguide.lessons.sources import markdown, rst_directives
from fieldguide.lessons.sources.richtext import RichTextError, rich_text_from_html
from fieldguide.lessons.sources.rst_inline import (
    LinkTarget,
    ancestors,
    code_span,
    escape,
    indent,
    parts,
    quoted,
)
from fieldguide.lessons.sources.rst_media import Media

# docutils' admonitions → Fieldguide's callouts (as ``format`` reads MkDocs' admonitions).
CALLOUTS = {
    **dict.fromkeys(("tip", "hint", "important"), "tip"),
    **dict.fromkeys(("warning", "caution", "danger", "attention", "error"), "warning"),
}
COLLAPSIBLE = {"dropdown", "toggle"}  # sphinx-togglebutton's classes: a collapsible hint
LANGUAGES = {"none": "text", "default": "python", "python3": "python", "py3": "python"}
# What would start a block if it opened a paragraph: a heading, quote, list item, definition,
# callout (::: / ::demo), admonition (!!! / ???).
BLOCK_START = re.compile(r"^(?:[#>+\-:~]|\d+[.)])(?=\s|$)|^(?:::|!!!|\?\?\?)")
LISTS = (nodes.bullet_list, nodes.enumerated_list)
INVISIBLE = (nodes.target, nodes.comment, nodes.substitution_definition, nodes.system_message,
             nodes.meta, nodes.decoration, nodes.pending)  # fmt: skip


@dataclass
class Written:
    """What ``rst.Converted`` holds, findings still as (which list, line, message)."""

    title: str | None = None
    markdown: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    toctree: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    findings: list[tuple[str, int, str]] = field(default_factory=list)  # (list, line, message)


def _hang(marker: str, text: str) -> str:
    """``text`` after a list or definition marker, its other lines indented to match."""
    if not text:
        return marker.rstrip()
    return marker + indent(text, " " * len(marker))[len(marker) :]


def _start(text: str) -> str:
    return "\\" + text if BLOCK_START.match(text) else text


def _fence(code: str, info: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{code}\n{fence}"


def _anchor(heading: str, taken: set[str]) -> str:
    """The id the page gives this heading: its Markdown rendered and stored as the loader
    does, then ``add_heading_ids``."""
    html = markdown.render(markdown.parse(heading + "\n"))
    with suppress(RichTextError):  # refused at load anyway; the rendered text's slug will do
        html = rich_text_from_html(html)
    found = re.search(r'id="([^"]*)"', add_heading_ids(html, taken))
    return found[1] if found else ""


class _Writer(Media):
    def __init__(self, document: nodes.document, link_target: LinkTarget) -> None:
        super().__init__(document, link_target, [])
        self.language = "python"  # Sphinx's default for :: blocks until a .. highlight::
        self.callouts = 0  # how deep in callouts the walk is (they do not nest)
        self.title_section = next(
            (child for child in document.children if isinstance(child, nodes.section)), None
        )

    # The outline: heading levels and anchors, then the labels that point at them.

    def plan(self) -> None:
        taken: set[str] = set()
        self.quiet = True  # the headings are written again, with their findings, in the walk
        if self.title_section is not None:
            self.title_section["anchor"] = ""
        for section in self.document.findall(nodes.section):
            if section is self.title_section:
                continue
            outer = list(ancestors(section, nodes.section))
            top = outer[-1] if outer else section
            section["level"] = len(outer) + (1 if top is self.title_section else 2)
            section["anchor"] = _anchor(self.heading(section), taken)
        self.quiet = False
        for name, explicit in self.document.nametypes.items():
            node = self.document.ids.get(self.document.nameids.get(name) or "")
            if not explicit or node is None or isinstance(node, (nodes.footnote, nodes.citation)):
                continue
            if isinstance(node, nodes.target) and (node.get("refuri") or node.get("refname")):
                continue  # a web address, not a place in this document
            self.labels[name] = self.anchor_of(node)
            if not isinstance(node, nodes.section):
                targets = self.document.findall(nodes.target)
                at = next((t for t in targets if t.get("refid") in node["ids"]), node)
                self.note(at, f"label {name!r} is on no heading: it links to its section")
            else:
                self.section_titles[name] = node[0].astext()

    def heading(self, section: nodes.section) -> str:
        text = self.inline(section[0].children).strip() or "Section"
        text = re.sub(r"(^|\s)(#+)$", r"\1\\\2", text)  # else a closing sequence, dropped
        return "#" * min(section["level"], 4) + " " + text

    # Blocks.

    def blocks(self, children: Iterable[nodes.Node], separator: str = "\n\n") -> str:
        written: list[str] = []
        previous: nodes.Element | None = None
        for child in children:
            if isinstance(child, LISTS) and previous is not None and type(child) is type(previous):
                # Markdown would run two lists of a kind into one: the next marker differs.
                child["alternate"] = not previous.get("alternate", False)
            if (part := self.block(child)) and isinstance(child, nodes.Element):
                written.append(part)
                previous = child
        return separator.join(written)

    def block(self, node: nodes.Node) -> str:
        if isinstance(node, (*INVISIBLE, rst_directives.toctree)):
            return ""
        if not isinstance(node, nodes.Element):
            return _start(self.span(node).strip())  # text directly in a block: as a paragraph
        if isinstance(node, nodes.Admonition):
            return self.admonition(node)
        method = getattr(self, f"block_{node.tagname}", None)
        if method is None:
            self.refuse(node, f"refused: {node.tagname} (not supported in lessons)")
            return ""
        return str(method(node))

    def block_section(self, node: nodes.section) -> str:
        body = self.blocks(node.children[1:])
        if node is self.title_section:
            return body
        at = max(1, (node.line or 2) - 1)  # docutils gives the underline's line; the title's
        if node["level"] > 4:
            self.note(at, f"a section {node['level'] - 1} levels below the title: ####")
        elif node.parent is self.document:
            self.note(at, "a second top-level section is written as ##")
        return "\n\n".join(part for part in (self.heading(node), body) if part)

    def block_paragraph(self, node: nodes.paragraph) -> str:
        if len(node.children) == 1 and isinstance(node[0], nodes.image):
            return self.block_image(node[0])  # an image substitution on its own
        return _start(self.inline(node.children).strip())

    def block_rubric(self, node: nodes.rubric) -> str:
        self.note(node, f"converted .. {node.get('directive', 'rubric')}:: to a bold paragraph")
        return f"**{self.inline(node.children).strip()}**"

    def admonition(self, node: nodes.Element) -> str:
        name = node.get("directive") or node.tagname
        titled = bool(node.children) and isinstance(node[0], nodes.title)
        title = self.inline(node[0].children).strip() if titled else ""
        body = node.children[1:] if titled else node.children
        if COLLAPSIBLE & set(node.get("classes", [])) and not self.callouts:
            self.note(node, f"converted .. {name}:: (a dropdown) to a :::hint")
            return f":::hint {title}".rstrip() + f"\n{self.blocks(body)}\n:::"
        kind = CALLOUTS.get(node.tagname, "note")
        self.note(node, f"converted .. {name}:: to a :::{kind} callout")
        return self.callout(node, kind, title, body)

    def callout(self, node: nodes.Node, kind: str, title: str, body: list[nodes.Node]) -> str:
        self.callouts += 1
        try:
            inner = self.blocks(body)
        finally:
            self.callouts -= 1
        text = "\n\n".join(part for part in (f"**{title}**" if title else "", inner) if part)
        if self.callouts:
            self.note(node, "a callout inside a callout is written as its text")
            return text
        return f":::{kind}\n{text}\n:::"

    def block_topic(self, node: nodes.topic) -> str:
        if "contents" in node.get("classes", []):
            self.note(node, "dropped .. contents:: (pages get their own table of contents)")
            return ""
        self.note(node, f"converted .. {node.tagname}:: to a :::note callout")
        titled = bool(node.children) and isinstance(node[0], nodes.title)
        title = self.inline(node[0].children).strip() if titled else ""
        rest = [child for child in node.children[int(titled) :]
                if not isinstance(child, nodes.subtitle)]  # fmt: skip
        return self.callout(node, "note", title, rest)

    block_sidebar = block_topic

    def block_container(self, node: nodes.container) -> str:
        directive = node.get("directive")
        if directive == "only":
            self.note(node, f"kept the content of .. only:: {node['condition']}".rstrip())
        elif directive == "glossary":
            self.note(node, "converted .. glossary:: to a definition list")
        return self.blocks(node.children)

    block_compound = block_container

    def block_highlight(self, node: rst_directives.highlight) -> str:
        self.language = node["language"]
        return ""

    def block_notice(self, node: rst_directives.notice) -> str:
        self.note(node, node["message"])
        return ""

    def block_attribution(self, node: nodes.attribution) -> str:
        return "\u2014 " + self.inline(node.children).strip()

    def block_transition(self, node: nodes.transition) -> str:
        self.note(node, "dropped a transition (----)")
        return ""

    def block_docinfo(self, node: nodes.docinfo) -> str:
        self.note(node, "dropped the document's metadata fields")
        return ""

    def block_math_block(self, node: nodes.math_block) -> str:
        self.refuse(node, "refused: .. math:: (no math renderer)")
        return ""

    def block_raw(self, node: nodes.raw) -> str:
        self.refuse(node, f"refused: raw {node.get('format', '')} (raw HTML is not allowed)")
        return ""

    # Lists.

    def block_bullet_list(self, node: nodes.bullet_list) -> str:
        marker = "* " if node.get("alternate") else "- "
        return self.items(node, [marker] * len(node.children))

    def block_enumerated_list(self, node: nodes.enumerated_list) -> str:
        if node.get("enumtype", "arabic") != "arabic":
            self.note(node, f"a {node['enumtype']} list is numbered 1, 2, 3")
        start, delimiter = int(node.get("start", 1)), ")" if node.get("alternate") else "."
        return self.items(node, [f"{start + i}{delimiter} " for i in range(len(node.children))])

    def items(self, node: nodes.Element, markers: list[str]) -> str:
        """List items: tight (one line each) when every item is a paragraph and sublists."""
        tight = all(
            sum(isinstance(child, nodes.paragraph) for child in item.children) <= 1
            and all(isinstance(child, (nodes.paragraph, nodes.bullet_list,
                                       nodes.enumerated_list)) for child in item.children)
            for item in node.children
        )  # fmt: skip
        separator = "\n" if tight else "\n\n"
        return separator.join(
            _hang(marker, self.blocks(item.children, separator))
            for marker, item in zip(markers, node.children, strict=True)
        )

    def block_definition_list(self, node: nodes.definition_list) -> str:
        entries = []
        for item in parts(node):
            term, *classifiers, definition = parts(item)
            text = self.inline(term.children).strip()
            for classifier in classifiers:
                text += f" (*{self.inline(classifier.children).strip()}*)"
            body = (
                self.blocks(definition.children) if isinstance(definition, nodes.definition) else ""
            )
            entries.append(_start(text) + ("\n" + _hang(": ", body) if body else ""))
        return "\n\n".join(entries)

    def block_field_list(self, node: nodes.field_list) -> str:
        self.note(node, "converted a field list to a definition list")
        entries = []
        for field_node in parts(node):
            name, field_body = parts(field_node)
            body = self.blocks(field_body.children)
            term = _start(escape(name.astext()))
            entries.append(term + ("\n" + _hang(": ", body) if body else ""))
        return "\n\n".join(entries)

    def block_option_list(self, node: nodes.option_list) -> str:
        self.note(node, "converted an option list to a definition list")
        entries = []
        for item in parts(node):
            group, *description = parts(item)
            options = ", ".join(option.astext() for option in group.children)
            body = self.blocks(description[0].children) if description else ""
            entries.append(code_span(options) + ("\n" + _hang(": ", body) if body else ""))
        return "\n\n".join(entries)

    # Code, quotes, lines.

    def block_literal_block(self, node: nodes.literal_block) -> str:
        code = node.astext()
        if any(not isinstance(child, nodes.Text) for child in node.children):
            self.note(node, "the markup of a parsed-literal block is dropped")
        classes: list[str] = node.get("classes", [])
        if "language" in node:  # .. code-block::
            language = node["language"] or self.language
            self.note(node, "converted .. code-block:: to a fenced code block")
        elif "code" in classes:  # docutils' .. code::
            language = classes[1] if len(classes) > 1 else self.language
        else:
            language = self.language
        language = LANGUAGES.get(language.lower(), language.lower())
        if language == "python" and code.lstrip().startswith(">>>"):
            language = "pycon"  # as Sphinx highlights a console session in a python block
        info = language
        if node.get("caption"):
            info += f" title={quoted(node['caption'])}"
        if lines := _hl_lines(node.get("emphasize", ""), code.count("\n") + 1):
            info += f' hl_lines="{lines}"'
        return _fence(code, info)

    def block_doctest_block(self, node: nodes.doctest_block) -> str:
        return _fence(node.astext(), "pycon")

    def block_block_quote(self, node: nodes.block_quote) -> str:
        """A quote of paragraphs; indented lists, code or notes (which a quote in a lesson
        cannot hold, and which rst makes of any indented block) are written unindented."""
        inner = [c for c in node.children if not isinstance(c, nodes.attribution)]
        if not all(isinstance(child, nodes.paragraph) for child in inner):
            self.note(node, "an indented block holding more than text is written unindented")
            return self.blocks(node.children)
        quote = [self.blocks(inner)]
        for attribution in [c for c in node.children if isinstance(c, nodes.attribution)]:
            quote.append(self.block_attribution(attribution))
        return "\n".join(f"> {line}".rstrip() for line in "\n\n".join(quote).split("\n"))

    def block_line_block(self, node: nodes.line_block) -> str:
        """Lines with hard breaks; an empty line ends a paragraph."""
        if any(isinstance(child, nodes.line_block) for child in node.children):
            self.note(node, "the indentation of a line block is dropped")
        paragraphs: list[list[str]] = [[]]
        for line in node.findall(nodes.line):
            text = _start(self.inline(line.children).strip())
            if text:
                paragraphs[-1].append(text)
            elif paragraphs[-1]:
                paragraphs.append([])
        return "\n\n".join("  \n".join(lines) for lines in paragraphs if lines)


def _hl_lines(spec: str, lines: int) -> str:
    """Sphinx's ``1,3-5`` (and ``7-`` to the end) as ``1 3-5``."""
    ranges = []
    for part in re.split(r"[,\s]+", spec.strip()):
        if part.endswith("-"):
            part += str(lines)
        if re.fullmatch(r"\d+(-\d+)?", part):
            ranges.append(part)
    return " ".join(ranges)


def write(document: nodes.document, link_target: LinkTarget) -> Written:
    """The document as lesson Markdown, with what the walk found on the way."""
    writer = _Writer(document, link_target)
    writer.plan()
    body = writer.blocks(document.children)
    title = writer.title_section
    trees = document.findall(rst_directives.toctree)
    return Written(
        title=title.children[0].astext().strip() if title is not None else None,
        markdown="\n\n".join(part for part in (body, *writer.footnotes) if part).rstrip(),
        labels=writer.labels,
        toctree=[entry for tree in trees for entry in tree["entries"]],
        images=writer.images,
        findings=writer.findings,
    )
