"""Markdown ⇄ Wagtail rich text, for the subset the editor's toolbar offers.

Markdown → HTML is the lesson Markdown's renderer (``markdown``); the HTML is then stored in
Wagtail's form (``b``/``i`` for ``strong``/``em``, nothing between blocks, one spelling of
every entity), after refusing what the editor cannot hold. HTML → Markdown is written here
so that its output is canonical: dumping what was loaded gives the source back, byte for
byte, when the source is written in that canonical form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markdown_it.common.html_re import HTML_TAG_RE

from fieldguide.lessons.sources import markdown

BLOCK_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote"}
INLINE_TAGS = {"b", "i", "s", "sub", "sup", "code", "a", "br"}
ALLOWED_TAGS = BLOCK_TAGS | INLINE_TAGS | {"li"}
# The attributes the editor holds: a link's address (or the page it goes to, with a heading of
# it: see wagtail_hooks) and where a numbered list starts. Any other is lost on the first save.
ALLOWED_ATTRIBUTES = {"a": {"href", "linktype", "id", "anchor"}, "ol": {"start"}}
RENAMES = {"strong": "b", "em": "i"}
# A page link in Wagtail's stored form is turned into a URL path by the caller.
PageUrl = Callable[[str], str]


class RichTextError(ValueError):
    """Markdown that the rich-text editor cannot hold (the message says what to use).

    ``needles`` are texts the offending source line holds, when there are any (``<div``,
    ``</div``, a link's address), so that the error can name that line.
    """

    def __init__(self, message: str, *needles: str) -> None:
        super().__init__(message)
        self.needles = needles


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    source: str = field(default="", compare=False, repr=False)  # the start tag, as written


class _TreeBuilder(HTMLParser):
    VOID = {"br"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.orphans: list[str] = []  # closing tags that close nothing open
        self.unclosed: list[Node] = []  # elements closed only by an outer one's end, or never

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(RENAMES.get(tag, tag), {k: v or "" for k, v in attrs})
        node.source = self.get_starttag_text() or ""
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(RENAMES.get(tag, tag), {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        tag = RENAMES.get(tag, tag)
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                self.unclosed += self.stack[depth + 1 :]
                del self.stack[depth:]
                return
        self.orphans.append(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    return _build(html).root


def _build(html: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    builder.unclosed += builder.stack[1:]
    return builder


def _hrefs(node: Node) -> list[str]:
    found = [node.attrs["href"]] if node.tag == "a" and "href" in node.attrs else []
    for child in node.children:
        if isinstance(child, Node):
            found += _hrefs(child)
    return found


# A link goes to a page (a path or an in-page #anchor), a web address or an e-mail address;
# javascript:, data:, file: and the like are refused.
SAFE_LINK = re.compile(r"^(?:https?:|mailto:|[/#?.]|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


def _elements(node: Node) -> list[Node]:
    found = []
    for child in node.children:
        if isinstance(child, Node):
            found += [child, *_elements(child)]
    return found


def _tags(node: Node) -> set[str]:
    return {element.tag for element in _elements(node)}


def _check_attributes(root: Node) -> None:
    for node in _elements(root):
        for name in node.attrs:
            if name not in ALLOWED_ATTRIBUTES.get(node.tag, ()):
                raise RichTextError(
                    f"the attribute {name} is not allowed on <{node.tag}>",
                    node.source.split("\n", 1)[0] or f"<{node.tag}",
                )


HINTS = {
    "h1": "a step's title is its page title; start headings at ##",
    "h5": "write ##### and ###### headings in Markdown, not in HTML",
    "h6": "write ##### and ###### headings in Markdown, not in HTML",
    "pre": "write code as a fenced ``` code block, not in HTML",
    "blockquote": "a quote goes in the step's text, not here",
    "img": "put an image on a line of its own: ![alt](images/file.png)",
    "hr": "split the text into steps instead",
    "table": "write a table as a pipe table, on lines of its own (not in a list or a quote)",
    "kbd": "keys are kept in a step's text, not here",
    "dl": "definition lists are kept in a step's text, not here",
    "dt": "definition lists are kept in a step's text, not here",
    "dd": "definition lists are kept in a step's text, not here",
}


def serialize(node: Node) -> str:
    """Wagtail's stored form of a tree: entities for ``& < >`` only (and ``"`` in attributes),
    ``<br/>``; so the same text is stored the same whichever renderer made the HTML."""
    out = []
    for child in node.children:
        if isinstance(child, str):
            out.append(escape(child, quote=False))
            continue
        attributes = "".join(f' {name}="{escape(value)}"' for name, value in child.attrs.items())
        if child.tag in _TreeBuilder.VOID:
            out.append(f"<{child.tag}{attributes}/>")
        else:
            out.append(f"<{child.tag}{attributes}>{serialize(child)}</{child.tag}>")
    return "".join(out)


def _quotes_as_the_editor_holds_them(root: Node) -> None:
    """The editor holds a quote as one block of text per paragraph, with no <p> inside: a
    quote of two paragraphs becomes two quotes. Anything else inside a quote is refused."""
    children: list[Node | str] = []
    for node in root.children:
        if not (isinstance(node, Node) and node.tag == "blockquote"):
            children.append(node)
            continue
        if not any(isinstance(inner, Node) or inner.strip() for inner in node.children):
            # A reference definition (> [x]: /url) or a bare '>' draws an empty box.
            raise RichTextError("this quote is empty: remove its '>' lines")
        for inner in node.children:
            if isinstance(inner, str):
                if inner.strip():
                    children.append(Node("blockquote", {}, [inner.strip()]))
            elif inner.tag == "p":
                children.append(Node("blockquote", {}, inner.children))
            else:
                raise RichTextError(
                    f"a quote holds paragraphs of text, not <{inner.tag}>", f"<{inner.tag}"
                )
    root.children = children


def _check_raw_markup(html: str) -> None:
    """Refuse raw HTML that would not be stored as written. The renderer escapes every ``<``
    of text, so each ``<`` left starts a tag: a comment, ``<!…>``, ``<?…?>`` or CDATA (which
    the store drops, or this parser and a browser read differently), or no whole tag at all
    (``<div class`` running to the end of its block), which the store would keep as text."""
    position = html.find("<")
    while position >= 0:
        markup = HTML_TAG_RE.match(html, position)
        start = html[position:].split("\n", 1)[0][:40]
        if markup is None:
            raise RichTextError(
                f"{start!r} is not a whole HTML tag: finish it, or write \\< for a literal '<'",
                start,
            )
        if markup[0].startswith("<!--"):
            raise RichTextError("an HTML comment is kept in a step's text only: remove it", start)
        if markup[0].startswith(("<!", "<?")):
            raise RichTextError(f"{start!r} cannot be kept in the text: remove it", start)
        position = html.find("<", markup.end())


def markdown_to_html(text: str, allowed: set[str] = ALLOWED_TAGS) -> str:
    """Convert Markdown to Wagtail's stored rich-text HTML, refusing what it cannot hold."""
    return rich_text_from_html(markdown.render(markdown.parse(text)), allowed)


def rich_text_from_html(
    html: str, allowed: set[str] = ALLOWED_TAGS, split_quotes: bool = True
) -> str:
    """Rendered Markdown as Wagtail's stored rich text, refusing what it cannot hold.
    (``split_quotes=False`` checks text kept as Markdown, whose quotes hold any block.)"""
    # The renderer separates blocks with newlines; the editor stores none.
    html = re.sub(r">\n+<", "><", html).strip()
    built = _build(html)
    if split_quotes:
        _quotes_as_the_editor_holds_them(built.root)
    unsupported = (_tags(built.root) | set(built.orphans)) - allowed
    if unsupported:
        tag = sorted(unsupported)[0]
        raise RichTextError(
            f"<{tag}> is not allowed here: {HINTS.get(tag, 'remove it')}", f"<{tag}", f"</{tag}"
        )
    if built.orphans:
        tag = built.orphans[0]
        raise RichTextError(f"</{tag}> closes no open <{tag}>", f"</{tag}")
    _check_attributes(built.root)
    _check_raw_markup(html)
    if built.unclosed:
        # A browser would carry an unclosed <b> or <a> into the blocks that follow; the
        # store would close it where its block ends.
        node = built.unclosed[0]
        raise RichTextError(
            f"<{node.tag}> is never closed: add </{node.tag}>", node.source.split("\n", 1)[0]
        )
    for href in _hrefs(built.root):
        if not href.strip():
            raise RichTextError("a link needs an address: [text](address)")
        if not SAFE_LINK.match(href.strip()):
            scheme = href.split(":", 1)[0]
            raise RichTextError(
                f"a link to {scheme}: is refused: links go to pages, #anchors, web or "
                "e-mail addresses",
                href.strip(),
            )
    return serialize(built.root)


# Characters that would start Markdown syntax if written back unescaped.
_ESCAPE_INLINE = re.compile(r"([\\`*\[\]])")
_ESCAPE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_ESCAPE_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_ESCAPE_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # "&amp;" as text, not as an entity
_ESCAPE_TILDES = re.compile(r"~(?=~)")  # ~~ would strike through; a lone ~ is just a tilde
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)(?=\s|$)", re.MULTILINE)


def escape_text(text: str) -> str:
    text = _ESCAPE_INLINE.sub(r"\\\1", text)
    text = _ESCAPE_UNDERSCORE.sub(r"\\_", text)
    text = _ESCAPE_ENTITY.sub(r"\\&", text)
    text = _ESCAPE_TAG.sub("&lt;", text)
    text = _ESCAPE_TILDES.sub(r"\~", text)
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], text)


def _code_span(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _inline(nodes: list[Node | str], page_url: PageUrl) -> str:
    out = []
    after_break = False
    for node in nodes:
        if isinstance(node, str):
            # What follows a hard break starts the next line: the renderer puts a newline
            # there, the admin's editor a space; neither is part of the text.
            out.append(escape_text(node.lstrip(" \n") if after_break else node))
        elif node.tag == "b":
            out.append(f"**{_inline(node.children, page_url)}**")
        elif node.tag == "i":
            out.append(f"*{_inline(node.children, page_url)}*")
        elif node.tag == "s":
            out.append(f"~~{_inline(node.children, page_url)}~~")
        elif node.tag in {"sub", "sup"}:  # no Markdown for them: HTML, as the source had
            out.append(f"<{node.tag}>{_inline(node.children, page_url)}</{node.tag}>")
        elif node.tag == "code":
            out.append(_code_span(_plain(node)))
        elif node.tag == "br":
            out.append("  \n")
        elif node.tag == "a":
            if node.attrs.get("linktype") == "page":
                href = page_url(node.attrs.get("id", ""))
                if node.attrs.get("anchor"):  # a heading of that page (see wagtail_hooks)
                    href += "#" + node.attrs["anchor"]
            else:
                href = node.attrs.get("href", "")
            out.append(f"[{_inline(node.children, page_url)}]({href})")
        else:
            out.append(_inline(node.children, page_url))
        after_break = isinstance(node, Node) and node.tag == "br"
    return "".join(out)


def _plain(node: Node) -> str:
    return "".join(c if isinstance(c, str) else _plain(c) for c in node.children)


def _list(node: Node, page_url: PageUrl, indent: str = "") -> str:
    lines = []
    start = node.attrs.get("start", "1")
    number = int(start) - 1 if start.isdigit() else 0
    for item in node.children:
        if not isinstance(item, Node) or item.tag != "li":
            continue
        number += 1
        marker = f"{number}. " if node.tag == "ol" else "- "
        inline = [c for c in item.children if not (isinstance(c, Node) and c.tag in {"ul", "ol"})]
        lines.append(indent + marker + _inline(inline, page_url).strip())
        for sub in item.children:
            if isinstance(sub, Node) and sub.tag in {"ul", "ol"}:
                lines.append(_list(sub, page_url, indent + "    "))
    return "\n".join(lines)


def inline_markdown(html: str, page_url: PageUrl) -> str:
    """An inline fragment (a table cell) as canonical Markdown."""
    return _inline(parse_html(html).children, page_url).strip()


def html_to_markdown(html: str, page_url: PageUrl = lambda page_id: f"/?page={page_id}") -> str:
    """Write stored rich text as canonical Markdown: one blank line between blocks."""
    blocks = []
    for node in parse_html(html).children:
        if isinstance(node, str):
            if node.strip():
                blocks.append(escape_text(node.strip()))
        elif node.tag in {"h2", "h3", "h4"}:
            level = int(node.tag[1])
            blocks.append("#" * level + " " + _inline(node.children, page_url).strip())
        elif node.tag in {"ul", "ol"}:
            blocks.append(_list(node, page_url))
        elif node.tag == "blockquote":
            text = _inline(node.children, page_url).strip()
            blocks.append("\n".join(f"> {line}".rstrip() for line in text.split("\n")))
        else:
            text = _inline(node.children, page_url).strip()
            if text:
                blocks.append(text)
    return "\n\n".join(blocks)
