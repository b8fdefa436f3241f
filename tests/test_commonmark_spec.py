"""The CommonMark spec's examples through the lesson pipeline: each one, as a step's body, is
shown to the learner as markdown-it-py's reference HTML shows it, or refused at a line of its
own; none silently differs. The counts are pinned, so that a change either way is noticed.

The examples are ``data/commonmark/commonmark.json``: CommonMark spec 0.31.2, copied unchanged
from markdown-it-py 4.3.0's sdist (``tests/test_cmark_spec/commonmark.json``; the wheel lacks
it). The reference is ``MarkdownIt("commonmark").render(example)``, which that data matches.

What the learner is shown: a text block as ``StepStreamBlock``'s text block renders it (its
template, Wagtail's link expansion), text kept as Markdown (a run with an HTML comment, code
in a list or a quote, a list the editor would renumber…) as its markdown block renders it; a code block as ``<pre><code class="language-x">`` of its
stored language and code (the page highlights that text); an image block as ``<p><img>`` of its
stored path, alternative text and caption (rendering one needs an Image row, so a database).

Both sides are then read into one canonical form, in which these are the same:

- ``<strong>``/``<em>`` and ``<b>``/``<i>``: the store writes ``b`` and ``i``.
- Entity spellings (text and attribute values are compared decoded), attribute order, and
  ``<br/>``/``<br />``.
- A line break outside ``<pre>`` and a space: the store keeps a soft break as a space, as the
  admin's editor does. Whitespace at a block's edge, which a browser does not show either: the
  store keeps none between blocks.
- A heading with and without its ``id``: ids are added at render time, from the text.
- A top-level quote of paragraphs and one quote per paragraph, with no ``<p>`` inside: the
  editor holds a quote as a block of text. The text and its order are kept; a quote of two
  paragraphs is shown as two quotes, which is counted as identical.
- A fence without a language and one in ``text`` (the stored default), and code with and
  without its last line break (the store drops it).
- Code as ``<pre><code>`` and as Pygments highlights it, in text kept as Markdown (code in a
  list or a quote): ``<div class="highlight"><pre><span></span><code>`` and a ``<span>`` per
  token; its text, its language and where its lines break are compared.
- An HTML comment and its absence: a browser shows neither. (The lesson keeps the comment in
  its source, and leaves it off the page.) A comment is what CommonMark 0.31 calls one, which
  is what a browser reads as one.
- A link's title and its absence, when the load warned that it leaves the title out (the
  admin's editor cannot keep one).

and in which these stay apart, since a browser reads them its own way: an element left open
(a browser carries an open ``<a>`` or ``<b>`` into the blocks after it) and a closed one;
markup that is no element (``<!…>``, ``<?…?>``) or no whole tag (``<div class`` to the end of
its block) and its absence, or the same characters as text.

A refused example has problems, each at a line of the example; what it would have shown does
not matter, since the lesson does not load.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from functools import cache
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fieldguide.lessons.blocks import StepStreamBlock
from fieldguide.lessons.sources.files import Problems, Source, StreamData
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.markdown import COMMENT
from markdown_it import MarkdownIt

SPEC = Path(__file__).parent / "data" / "commonmark" / "commonmark.json"
EXAMPLES: list[dict[str, Any]] = json.loads(SPEC.read_text(encoding="utf-8"))
IDENTICAL = 485
REFUSED = 167

RENAMES = {"b": "strong", "i": "em"}
VOID = {"br", "hr", "img", "input"}
BLOCKS = {"root", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
          "pre", "hr", "div", "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []
        self.closed = tag in VOID


class _Reader(HTMLParser):
    """HTML as a tree. An element left open is written without its end tag; markup that is
    no element, or no whole tag, becomes marked text (``[comment …]``), so that losing it, or
    keeping it as text, shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # to tell a raw '<' from an &lt;
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(RENAMES.get(tag, tag), {k: v or "" for k, v in sorted(attrs)})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop().closed = True

    def handle_endtag(self, tag: str) -> None:
        tag = RENAMES.get(tag, tag)
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                self.stack[depth].closed = True
                del self.stack[depth:]
                return
        self.stack[-1].children.append(f"[stray </{tag}>]")

    def handle_data(self, data: str) -> None:
        if "<" in data:  # a tag this parser could not read, and a browser reads its own way
            data = f"[unread markup {data!r}]"
        self.text(data)

    def handle_entityref(self, name: str) -> None:
        self.text(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text(unescape(f"&#{name};"))

    def text(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)

    def handle_comment(self, data: str) -> None:
        self.text(f"[comment {data!r}]")

    def handle_decl(self, decl: str) -> None:
        self.text(f"[declaration {decl!r}]")

    def unknown_decl(self, data: str) -> None:
        self.text(f"[declaration {data!r}]")

    def handle_pi(self, data: str) -> None:
        self.text(f"[processing instruction {data!r}]")


def _is_block(node: _Element | str) -> bool:
    return isinstance(node, _Element) and node.tag in BLOCKS


def _text(text: str, before: _Element | str, after: _Element | str) -> str:
    """Text outside <pre>; ``before`` and ``after`` are its neighbours, or its parent at an
    edge of the parent."""
    text = text.replace("\n", " ")
    if _is_block(before):
        text = text.lstrip()
    if _is_block(after):
        text = text.rstrip()
    return escape(text, quote=False)


def _write(element: _Element, in_pre: bool = False) -> str:
    out = []
    children = element.children
    for index, child in enumerate(children):
        if isinstance(child, str):
            if in_pre:
                out.append(escape(child, quote=False))
            else:
                before = children[index - 1] if index else element
                after = children[index + 1] if index + 1 < len(children) else element
                out.append(_text(child, before, after))
            continue
        attrs = dict(child.attrs)
        if child.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            attrs.pop("id", None)
        if child.tag == "code" and attrs.get("class") == "language-text":
            del attrs["class"]
        written = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
        inner = "" if child.tag in VOID else _write(child, in_pre or child.tag == "pre")
        closing = f"</{child.tag}>" if child.closed and child.tag not in VOID else ""
        # One block a line, for a readable diff; text holds no line breaks outside <pre>.
        line = "\n" if child.tag in BLOCKS and not in_pre else ""
        out.append(f"{line}<{child.tag}{written}>{inner}{closing}{line}")
    return "".join(out)


def _quotes_split(root: _Element) -> None:
    """A top-level quote that holds only paragraphs, as one quote per paragraph."""
    children: list[_Element | str] = []
    for node in root.children:
        inner: list[_Element | str] = []
        if isinstance(node, _Element) and node.tag == "blockquote":
            inner = [c for c in node.children if not (isinstance(c, str) and not c.strip())]
        paragraphs = [c for c in inner if isinstance(c, _Element) and c.tag == "p"]
        if not inner or len(paragraphs) < len(inner):
            children.append(node)
            continue
        for paragraph in paragraphs:
            quote = _Element("blockquote", {})
            quote.children, quote.closed = paragraph.children, paragraph.closed
            children.append(quote)
    root.children = children


def _without_highlighting(element: _Element) -> None:
    """Pygments' ``div.highlight > pre > (span, code > span…)`` as ``pre > code > text``."""
    for index, child in enumerate(element.children):
        if not isinstance(child, _Element):
            continue
        if child.tag == "div" and child.attrs == {"class": "highlight"}:
            [pre] = [c for c in child.children if isinstance(c, _Element)]
            [code] = [c for c in pre.children if isinstance(c, _Element) and c.tag == "code"]
            code.children = [_text_of(code)]
            pre.children = [code]
            element.children[index] = child = pre
        _without_highlighting(child)


def _text_of(element: _Element) -> str:
    return "".join(c if isinstance(c, str) else _text_of(c) for c in element.children)


def _without_link_titles(element: _Element) -> None:
    for child in element.children:
        if isinstance(child, _Element):
            if child.tag == "a":
                child.attrs.pop("title", None)
            _without_link_titles(child)


def canonical(html: str, link_titles: bool = True) -> str:
    reader = _Reader()
    # Raw HTML only: the renderer writes a '<' of text as &lt;.
    reader.feed(COMMENT.sub("", html))
    reader.close()
    _without_highlighting(reader.root)
    _quotes_split(reader.root)
    if not link_titles:
        _without_link_titles(reader.root)
    return "\n".join(line for line in _write(reader.root).split("\n") if line)


@cache
def _block(kind: str) -> Any:
    return StepStreamBlock().child_blocks[kind]


def shown(data: StreamData) -> str:
    """The HTML the learner is shown for a step's stream (see the module's docstring)."""
    parts = []
    for block in data:
        kind, value = block["type"], block["value"]
        if kind in ("text", "markdown"):
            block = _block(kind)
            parts.append(str(block.render(block.to_python(value))))
        elif kind == "code":
            language = "" if value["language"] == "text" else value["language"]
            attrs = f' class="language-{escape(language)}"' if language else ""
            code = value["code"] + "\n" if value["code"] else ""
            parts.append(f"<pre><code{attrs}>{escape(code, quote=False)}</code></pre>")
        elif kind == "image":
            title = f' title="{escape(value["caption"])}"' if value["caption"] else ""
            src, alt = escape(value["image"]), escape(value["alt_text"])
            parts.append(f'<p><img src="{src}" alt="{alt}"{title}></p>')
        else:  # nothing in the spec makes another block: if one appears, it differs
            parts.append(f"<p>[{kind} block: {escape(json.dumps(value))}]</p>")
    return "".join(parts)


def outcome(example: dict[str, Any]) -> tuple[str, str]:
    """``identical``, ``refused`` or ``differs``, and what differs."""
    lines = example["markdown"].removesuffix("\n").split("\n")
    problems = Problems()
    data = parse_body(Source(Path("spec.md"), {}, lines, 1), demos=None, problems=problems)
    if problems:
        astray = [str(p) for p in problems if not 1 <= p.line <= len(lines)]
        if astray:
            return "differs", "refused at a line outside the example: " + "; ".join(astray)
        return "refused", "\n".join(str(p) for p in problems)
    titles = not any("link title" in warning.reason for warning in problems.warnings)
    expected = canonical(MarkdownIt("commonmark").render(example["markdown"]), titles)
    got = canonical(shown(data), titles)
    if got == expected:
        return "identical", ""
    diff = difflib.unified_diff(
        expected.split("\n"), got.split("\n"), "reference", "lesson", lineterm=""
    )
    return "differs", "\n".join(diff)


@cache
def outcomes() -> dict[int, tuple[str, str]]:
    return {example["example"]: outcome(example) for example in EXAMPLES}


def test_the_examples_are_the_whole_spec():
    assert [example["example"] for example in EXAMPLES] == list(range(1, 653))


def test_no_example_silently_differs():
    report = []
    for example in EXAMPLES:
        kind, detail = outcomes()[example["example"]]
        if kind == "differs":
            report.append(
                f"example {example['example']} ({example['section']}): "
                f"{example['markdown']!r}\n{detail}"
            )
    assert not report, f"{len(report)} examples differ:\n\n" + "\n\n".join(report)


def test_each_example_is_identical_or_refused_in_the_pinned_numbers():
    counts = Counter(kind for kind, _ in outcomes().values())
    assert counts == {"identical": IDENTICAL, "refused": REFUSED}


@pytest.mark.parametrize(
    ("number", "line", "reason"),
    [
        (180, 1, "'<?php' cannot be kept"),  # the store would keep half of it, as text
        (187, 2, "<a> is never closed"),  # a browser would make the rest a link
        (218, 3, "this quote is empty"),  # it holds a link reference definition only
        (494, 3, "<b> is never closed"),  # at the raw <b>, not at the <b of line 1
        (616, 1, "the attribute foo is not allowed on <a>"),  # the editor would drop it
    ],
)
def test_a_refusal_names_the_line_that_holds_the_cause(number, line, reason):
    kind, detail = outcomes()[number]
    assert kind == "refused"
    assert detail.startswith(f"spec.md:{line}: ")
    assert reason in detail


@pytest.mark.parametrize("number", [177, 179, 308, 625, 626])
def test_an_html_comment_is_kept_in_the_source_and_left_off_the_page(number):
    example = EXAMPLES[number - 1]
    data = parse_body(Source(Path("spec.md"), {}, example["markdown"].split("\n")[:-1], 1))
    assert any(block["type"] == "markdown" for block in data)
    assert outcomes()[number] == ("identical", "")
