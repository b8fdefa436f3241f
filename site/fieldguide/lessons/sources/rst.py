"""reStructuredText (as Sphinx projects write it) → lesson Markdown, for ``import_docs``.

docutils parses the text into a doctree (with ``rst_directives`` standing in for Sphinx's
directives and roles); ``rst_markdown`` walks the tree and writes the Markdown. What cannot
be written faithfully is left out and said, with its line, never guessed at; nothing is
printed, and no file or address the text names is read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Parser

from fieldguide.lessons.sources import rst_directives
from fieldguide.lessons.sources.rst_inline import LinkTarget
from fieldguide.lessons.sources.rst_markdown import write

__all__ = ["Converted", "Finding", "LinkTarget", "rst_to_markdown"]

# docutils' messages for what it left out, as the reason a reader is given.
LEFT_OUT = {
    '"raw" directive disabled.': "raw HTML is not allowed",
    '"include" directive disabled.': "files outside the text are not read",
    "File and URL access deactivated": "files outside the text are not read",
}
UNKNOWN_DIRECTIVE = re.compile(r'^Unknown directive type "(.+)"\.$')


@dataclass
class Finding:
    line: int  # 1-based line in the .rst source
    message: str


@dataclass
class Converted:
    title: str | None  # the document title (the top section), not in the body
    markdown: str  # the lesson Markdown body, no front matter
    labels: dict[str, str] = field(default_factory=dict)  # .. _label: → heading anchor ("": top)
    toctree: list[str] = field(default_factory=list)  # .. toctree:: entries, as written
    images: list[str] = field(default_factory=list)  # relative image paths, as written
    converted: list[Finding] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)  # left out of the Markdown
    warnings: list[Finding] = field(default_factory=list)


class _CollectingParser(Parser):
    """The rst parser, keeping every message docutils reports (the tree keeps only some of
    them, and the transforms' ones nowhere), with unknown roles kept as their text."""

    def __init__(self) -> None:
        super().__init__(inliner=rst_directives.fallback_inliner())
        self.messages: list[nodes.system_message] = []

    def parse(self, inputstring: str, document: nodes.document) -> None:
        document.reporter.attach_observer(self.messages.append)
        super().parse(inputstring, document)


def _settings() -> dict[str, Any]:
    return {
        "_disable_config": True,  # no docutils.conf from the working directory or home
        "report_level": 5,  # nothing printed: the messages are collected instead
        "halt_level": 5,
        "warning_stream": io.StringIO(),
        "traceback": True,  # an exception is raised to us, not printed with sys.exit
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "doctitle_xform": False,  # the title is chosen here, sections kept as written
        "syntax_highlight": "none",  # code as plain text, not Pygments tokens
        "smart_quotes": False,
        "trim_footnote_reference_space": True,  # as Sphinx: "text [#]_" is "text¹"
        "language_code": "en",
    }


def _message(message: nodes.system_message) -> tuple[str, int, str] | None:
    """A docutils message as a finding: (which list, line, message), or None."""
    level = message.get("level", 0)
    if level < 2:
        return None  # INFO: docutils talking to itself (e.g. unreferenced targets)
    text = message[0].astext().replace("\n", " ") if message.children else ""
    blocks = [child for child in message.children if isinstance(child, nodes.literal_block)]
    source = blocks[0].astext().strip().split("\n", 1)[0] if blocks else ""
    line = message.get("line") or 1
    if source.startswith(".. contents::"):  # inside .. only::, say; pages have their own
        return "converted", line, "dropped .. contents:: (pages get their own table of contents)"
    if match := UNKNOWN_DIRECTIVE.match(text):
        sphinx = match[1].startswith("auto")
        reason = "needs Sphinx to run the code" if sphinx else "unknown directive"
        return "refused", line, f"refused: {source} ({reason})"
    if reason := next((why for start, why in LEFT_OUT.items() if text.startswith(start)), ""):
        return "refused", line, f"refused: {source} ({reason})"
    if level >= 3:
        detail = f"{source} ({text})" if source else text
        return "refused", line, f"refused: {detail}"
    return "warnings", line, text


def rst_to_markdown(
    text: str, name: str, link_target: LinkTarget = lambda kind, target: None
) -> Converted:
    """Convert one reStructuredText document; ``name`` (its path) is for messages only.

    ``link_target`` gives the Markdown link for a ``:doc:`` path or a ``:ref:`` label, or None
    when that document was not imported (the link is then plain text, with a warning).
    """
    rst_directives.register()
    parser = _CollectingParser()
    result = Converted(title=None, markdown="")
    try:
        document = publish_doctree(text, source_path=name, parser=parser,
                                   settings_overrides=_settings())  # fmt: skip
        written = write(document, link_target)
    except Exception as exc:  # a bad text is a finding, never an exception for the caller
        result.refused.append(Finding(1, f"refused: {name} could not be converted ({exc})"))
        return result
    result.title, result.markdown = written.title, written.markdown
    result.labels, result.toctree, result.images = written.labels, written.toctree, written.images
    findings = written.findings + [found for m in parser.messages if (found := _message(m))]
    for kind, line, message in sorted(dict.fromkeys(findings), key=lambda found: found[1]):
        getattr(result, kind).append(Finding(line, message))
    return result
