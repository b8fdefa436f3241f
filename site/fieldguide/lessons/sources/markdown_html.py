"""The page HTML of text kept as Markdown (a ``markdown`` block): markdown-it's rendering,
with code highlighted as a code block's is and links to pages (``page:ID``) as their
addresses, then an allowlist of elements and attributes. Loading and the admin refuse anything
else already; whatever gets past them anyway is shown as text, never run. HTML comments are
left out, as a browser leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape
from html.parser import HTMLParser

from markdown_it.token import Token
from pygments.token import STANDARD_TYPES

from fieldguide.lessons.highlight import highlight_code
from fieldguide.lessons.sources import markdown
from fieldguide.lessons.sources.links import PAGE_LINK
from fieldguide.lessons.sources.markdown_runs import split_info
from fieldguide.lessons.sources.richtext import SAFE_LINK

FOOTNOTE_ID = re.compile(r"fn(?:ref)?(?:-\w+-)?\d+(?::\d+)?")
NUMBER = re.compile(r"\d{1,9}")
ANY = re.compile(r".*", re.DOTALL)
PLAIN = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote", "b", "strong", "i", "em", "s", "sub",
         "br", "kbd", "dl", "dt", "dd", "pre")  # fmt: skip
# Pygments' classes (its short names, or one of a token type it does not name: "nb-Foo").
TOKEN_CLASS = re.compile(
    "(?:" + "|".join(sorted(filter(None, set(STANDARD_TYPES.values())))) + r")(?:-\w+)*"
)
# A page's address, or None if there is no such page: page id → address, for many at once.
PageUrls = Callable[[Iterable[str]], dict[str, str]]
# Element → attribute → the values it may have. The attributes besides href, start and title
# are those markdown-it's footnote and task-list rules write.
ALLOWED: dict[str, dict[str, re.Pattern[str]]] = {
    **{tag: {} for tag in PLAIN},
    "ul": {"class": re.compile("contains-task-list")},
    "ol": {"start": NUMBER, "class": re.compile("footnotes-list")},
    "li": {"class": re.compile("task-list-item|footnote-item"), "id": FOOTNOTE_ID},
    "sup": {"class": re.compile("footnote-ref")},
    "code": {"class": re.compile(r"language-\S+")},  # a fence's language, as markdown-it says
    "div": {"class": re.compile("highlight")},  # code as Pygments writes it
    "span": {"class": TOKEN_CLASS},
    "a": {"href": ANY, "title": ANY, "id": FOOTNOTE_ID, "class": re.compile("footnote-backref")},
    "input": {
        "class": re.compile("task-list-item-checkbox"),
        "type": re.compile("checkbox"),
        "checked": ANY,
        "disabled": ANY,
    },
    "section": {"class": re.compile("footnotes")},
    "hr": {"class": re.compile("footnotes-sep")},
}
VOID = {"br", "hr", "input"}


def _allowed(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    rules = ALLOWED.get(tag)
    if rules is None:
        return False
    for name, value in attrs:
        pattern = rules.get(name)
        if pattern is None or not pattern.fullmatch(value or ""):
            return False
        if name == "href" and not SAFE_LINK.match((value or "").strip()):
            return False
    return True


class _Allowlist(HTMLParser):
    """Writes allowed elements again, from their parsed attributes; everything else as text.
    An allowed element left open is closed at the end, so nothing carries into the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not _allowed(tag, attrs):
            self.handle_data(self.get_starttag_text() or "")
            return
        if tag == "input":  # a task list's box shows, it does not take clicks
            attrs = [(name, value) for name, value in attrs if name != "disabled"]
            attrs.append(("disabled", "disabled"))
        written = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{written}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_data(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            self.handle_data(f"</{tag}>")
            return
        while (inner := self.open.pop()) != tag:
            self.out.append(f"</{inner}>")
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        pass  # not shown by a browser either

    def handle_decl(self, decl: str) -> None:
        self.handle_data(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.handle_data(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.handle_data(f"<?{data}>")

    def html(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def allowlisted(html: str) -> str:
    """``html`` with only the elements and attributes of ``ALLOWED``; the rest as text."""
    writer = _Allowlist()
    writer.feed(html)
    return writer.html()


def _without_comments(tokens: list[Token]) -> list[Token]:
    kept = []
    for token in tokens:
        if markdown.is_comment(token):
            continue
        if token.type == "html_block":  # what follows a comment on its last line is kept
            token.content = markdown.COMMENT.sub("", token.content)
        if token.children:
            token.children = _without_comments(token.children)
        kept.append(token)
    return kept


def plain_text(text: str) -> str:
    """The words of ``text`` (and of its footnotes, and its code, as a code block's are
    searched), for search: no markup, no comments."""
    breaks = {"softbreak", "hardbreak"}
    lines = [
        token.content
        if token.type in ("fence", "code_block")
        else "".join(
            " " if child.type in breaks else child.content
            for child in token.children or []
            if child.type in {"text", "code_inline", *breaks}
        )
        for token in markdown.parse(text)
        if token.type in ("inline", "fence", "code_block")
    ]
    return " ".join(" ".join(lines).split())


def _code(token: Token) -> str:
    """A fence or an indented code block as a code block shows it: highlighted by Pygments
    (which drops the blank lines at the ends of the code: they are put back, as written)."""
    language = split_info(token.info)[0] if token.type == "fence" else ""
    label = f' class="language-{escape(language)}"' if language else ""
    content = token.content
    body = content.strip("\n")
    if not body:
        return f'<div class="highlight"><pre><span></span><code{label}>{content}</code></pre></div>'
    html = highlight_code(body, language or "text", "")  # …body\n</code></pre></div>
    before = len(content) - len(content.lstrip("\n"))
    after = len(content) - len(content.rstrip("\n"))
    html = html.replace("<code>", f"<code{label}>" + "\n" * before, 1)
    return html.replace("\n</code>", "\n" * after + "</code>", 1)


def _highlighted(tokens: list[Token]) -> list[Token]:
    for token in tokens:
        if token.type in ("fence", "code_block"):
            token.type, token.content = "html_block", _code(token)
    return tokens


def page_urls(ids: Iterable[str]) -> dict[str, str]:
    """The addresses of pages, as their page links in rich text show them."""
    from wagtail.rich_text import features  # the app registry is ready by the first page

    handler = features.get_link_types()["page"]
    ids = list(ids)
    pages = handler.get_many([{"id": page_id} for page_id in ids])
    urls = {
        page_id: page.localized.url if page else None
        for page_id, page in zip(ids, pages, strict=True)
    }
    return {page_id: url for page_id, url in urls.items() if url}


def _page_link(token: Token) -> re.Match[str] | None:
    return PAGE_LINK.match(str(token.attrs.get("href", ""))) if token.type == "link_open" else None


def _page_links(tokens: list[Token], urls: PageUrls) -> None:
    """``page:ID#anchor`` links as the page's address and #anchor; a link to a page that is
    gone as its text alone, never a dead link. (Links do not nest: a link's close is the
    next one.)"""
    inlines = [token for token in tokens if token.children]
    wanted = {
        match[1] for token in inlines for c in token.children or [] if (match := _page_link(c))
    }
    found = urls(sorted(wanted)) if wanted else {}
    for token in inlines:
        kept, dropped = [], False
        for child in token.children or []:
            if match := _page_link(child):
                if match[1] not in found:
                    dropped = True
                    continue
                child.attrs["href"] = found[match[1]] + (f"#{match[2]}" if match[2] else "")
            elif dropped and child.type == "link_close":
                dropped = False
                continue
            kept.append(child)
        token.children = kept


def render_markdown(text: str, doc_id: str = "", urls: PageUrls = page_urls) -> str:
    """The page HTML of ``text``; ``doc_id`` makes its footnotes' ids its own on the page
    (``fn-<doc_id>-1``), so that two blocks' footnotes 1 link each to their own."""
    md = markdown.lesson_markdown()
    env = {"docId": doc_id} if doc_id else {}
    tokens = _highlighted(_without_comments(md.parse(text, env)))
    _page_links(tokens, urls)
    return allowlisted(md.renderer.render(tokens, md.options, env))
