"""The lesson file format: YAML front matter, then Markdown (CommonMark, read by markdown-it-py:
see ``markdown``) with a few block directives.

    ```python            a code block (``` or ~~~; any language Pygments knows)
    :::tip [Title] … ::: a callout (tip, note or warning), title optional, text and code inside
    :::hint Title … :::  a collapsible hint or solution (title optional), text and code inside
    ![alt](images/x.png "Caption")   an image on a line of its own
    ::demo startapp name=blog        a demo from the allowlist (parameters optional)
    :::check lesson-check … :::      a demo as the step's check; the body is the hint
    ::files django-starter polls/models.py   a workspace's files, in an editor

Everything else is text: rich text, as the admin's editor holds it, or, for a run of prose
that uses what the editor cannot hold (footnotes, definition lists, task lists, keys,
comments, code in a list, ##### headings…: ``markdown_runs``), the run's own Markdown. What
the page cannot show is refused at its line, never printed literally. ``parse_body`` turns a
body into StreamField data (with image paths still unresolved; ``writer.render_body`` writes
it back in the canonical form that ``parse_body`` reads). Errors carry the file and line, and
a parse goes on after each one it can step past, so that one run reports every problem
(``files.Problems``).
"""

from __future__ import annotations

import shlex
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from fieldguide.demos.argv import ParamError, check_fixed, parse_fixed
from fieldguide.demos.workspaces import pristine_or_none
from fieldguide.lessons.highlight import known_language, line_numbers
from fieldguide.lessons.sources import markdown, markdown_runs
from fieldguide.lessons.sources.files import Problems, Source, SourceError, StreamData
from fieldguide.lessons.sources.markdown_runs import PageExists, line_holding, split_info
from fieldguide.lessons.sources.richtext import (
    ALLOWED_TAGS,
    INLINE_TAGS,
    RichTextError,
    rich_text_from_html,
)
from fieldguide.lessons.sources.writer import DEFAULT_TITLES

CALLOUTS = {"tip", "note", "warning"}
FENCE_OPTIONS = {"title": "title", "hl_lines": "highlight"}  # in a fence's info → CodeBlock
# A pipe table's column alignment → the class Wagtail's TableBlock gives the column's cells.
ALIGNMENTS = {"text-align:left": "htLeft", "text-align:center": "htCenter",
              "text-align:right": "htRight"}  # fmt: skip
# MkDocs (Material) admonition types → Fieldguide's callouts; other types read as notes.
ADMONITIONS = {
    **dict.fromkeys(("tip", "hint", "important", "success", "check", "done"), "tip"),
    **dict.fromkeys(("warning", "caution", "attention", "danger", "error", "failure", "fail",
                     "missing", "bug"), "warning"),
}  # fmt: skip
# The tags of the text of a callout, a hint, a solution and a check's hint (the blocks'
# INLINE_FEATURES): what else their prose uses is kept as Markdown, or refused in a check's hint.
CALLOUT_TAGS = (INLINE_TAGS | {"p", "ul", "ol", "li"}) & ALLOWED_TAGS
# What a block that stands on its own is called, when it is written inside Markdown text.
BLOCK_NAMES = {"code": "a code block", "container": "a ::: block", "demo": "a demo",
               "admonition": "an admonition", "table": "a table", "marker": "a ::: line",
               "image": "an image on a line of its own", "files": "a ::files panel"}  # fmt: skip


def _bad_lines(spec: str, lines: int) -> str | None:
    """Why ``spec`` does not name lines of a code block of ``lines`` lines, or None."""
    try:
        numbers = line_numbers(spec)
    except ValueError as exc:
        return str(exc)
    beyond = [n for n in numbers if n > lines]
    return f"the code has {lines} lines, not {beyond[0]}" if beyond else None


def _elements(tokens: list[Token]) -> Iterator[list[Token]]:
    """The top-level elements of a token stream: an opening token with everything up to its
    closing one, or a token on its own (a fence, a ::demo line)."""
    i = 0
    while i < len(tokens):
        end = markdown.closing_index(tokens, i) if tokens[i].nesting == 1 else i
        yield tokens[i : end + 1]
        i = end + 1


def _kind(element: list[Token]) -> str:
    """What an element becomes: a block of its own, or ``prose`` (part of a text block)."""
    first = element[0]
    if first.type in ("fence", "code_block"):
        return "code"
    if first.type.startswith("container_"):
        return "container"
    if first.type == markdown.DEMO_TOKEN:
        return "demo"
    if first.type == markdown.FILES_TOKEN:
        return "files"
    if first.type == "admonition_open":
        return "admonition"
    if first.type == "table_open":
        return "table"
    if first.type == "footnote_block_open":
        return "footnotes"
    if first.type == "paragraph_open" and _lone_image(element[1]):
        return "image"
    if first.type == "paragraph_open" and element[1].content.startswith(":::"):
        return "marker"
    return "prose"


def _inner_block(element: list[Token]) -> tuple[str, Token] | None:
    """A block that stands on its own, inside a prose element (a list item, a quote)."""
    for token in element[1:]:
        if token.type.startswith(("container_", "admonition_", "table_")) or token.type in (
            markdown.LINE_BLOCKS
        ):
            return _kind([token]), token
    return None


def _lone_image(inline: Token) -> Token | None:
    """The image of a paragraph that holds nothing else."""
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content)]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


class _BodyParser(markdown_runs.MarkdownRuns):
    """Turns lesson Markdown into StreamField data, token by token. Raises ``SourceError`` for
    nothing: every problem goes to ``problems``, with the line of the construct, and the
    parse goes on."""

    def __init__(
        self,
        source: Source,
        demos: Collection[str] | None,
        problems: Problems,
        page_exists: PageExists | None = None,
    ) -> None:
        self.source = source
        self.demos = demos
        self.problems = problems
        self.page_exists = page_exists
        self.lines = source.body
        self.view = markdown_runs.Lines(source.body)
        self.env: dict[str, Any] = {}  # what the parse found besides tokens (definitions)

    def error(self, index: int, reason: str) -> SourceError:
        return SourceError(self.source.path, self.source.body_line + index, reason)

    def report(self, index: int, reason: str) -> None:
        self.problems.append(self.error(index, reason))

    def warn(self, index: int, reason: str) -> None:
        self.problems.warnings.append(self.error(index, reason))

    def tokens(self) -> list[Token]:
        return markdown.parse("\n".join(self.lines) + "\n", self.env)

    def rich_text(
        self, elements: list[list[Token]], allowed: set[str] = ALLOWED_TAGS, where: str = ""
    ) -> str:
        """Prose elements (paragraphs, lists, headings…) as stored rich text; each element is
        checked on its own, so that a problem is reported at the line that holds it. (Prose
        of a step's text that only Markdown keeps never comes here: see ``markdown``.)"""
        html = []
        for element in elements:
            start, end = element[0].map or (0, 1)
            if kept := markdown_runs.kept_construct(element, allowed):
                reason = f"{kept[0]} are not kept inside {where}: put them in the text"
                self.report(self.kept_line(kept), reason)
                continue
            self.drop_link_titles(element)
            try:
                html.append(rich_text_from_html(markdown.render(element), allowed))
            except RichTextError as exc:
                self.report(start + line_holding(self.lines[start:end], exc.needles), str(exc))
        return "".join(html)

    def drop_link_titles(self, tokens: list[Token]) -> None:
        """The editor keeps a link's address, not its title (``[a](url "title")``)."""
        for token in tokens:
            for child in token.children or []:
                if child.type == "link_open" and "title" in child.attrs:
                    title = str(child.attrs.pop("title"))
                    start, end = token.map or (0, 1)
                    line = start + line_holding(self.lines[start:end], (title,))
                    self.warn(line, f"the link title {title!r} is left out: the admin's editor "
                                    "keeps a link's address only")  # fmt: skip

    def check_footnotes(self, element: list[Token]) -> None:
        """The footnotes' definitions, which text kept as Markdown takes along."""
        skipped = {"footnote_open", "footnote_close", "footnote_anchor"}
        for part in _elements([token for token in element[1:-1] if token.type not in skipped]):
            if _kind(part) == "prose":
                self.check_markdown(part)
            else:
                self.report((part[0].map or (0, 0))[0], "a footnote holds text only")

    def parse(self, tokens: list[Token], nested: bool = False) -> StreamData:
        """The blocks of a body, or of a callout's, a hint's or a solution's (``nested``)."""
        blocks: StreamData = []
        prose: list[list[Token]] = []
        holds = CALLOUT_TAGS if nested else ALLOWED_TAGS  # the tags of its text blocks

        def flush() -> None:
            if any(markdown_runs.kept_construct(element, holds) for element in prose):
                if block := self.markdown(prose):
                    blocks.append(block)
            elif prose and (text := self.rich_text(prose, holds)):
                blocks.append({"type": "text", "value": text})
            prose.clear()

        for element in _elements(tokens):
            token, kind = element[0], _kind(element)
            line = (token.map or (0, 0))[0]
            if kind == "prose" and not self.inner_block(element):
                prose.append(element)
                continue
            if kind == "prose":
                continue
            flush()
            if kind == "footnotes":
                self.check_footnotes(element)  # their text goes with the text that uses them
            elif kind == "marker":
                self.stray_marker(element[1].content, line)
            elif kind == "code":
                if code := self.code(token):
                    blocks.append(code)
            elif kind == "container" and not self.closed(token):
                self.report(line, "this block is never closed with ':::'")
            elif nested:
                self.report(line, "callouts, hints and solutions hold text and code only")
            elif kind == "container":
                name, _, title = token.info.strip().partition(" ")
                if block := self.container(name, title.strip(), token, element[1:-1]):
                    blocks.append(block)
            elif kind == "demo" and (value := self.demo(token.content, line)):
                blocks.append({"type": "demo", "value": value})
            elif kind == "files" and (value := self.files(token.content, line)):
                blocks.append({"type": "files", "value": value})
            elif kind == "admonition" and (block := self.admonition(token, element[1:-1])):
                blocks.append(block)
            elif kind == "table":
                blocks.append(self.table(element))
            elif kind == "image" and (image := _lone_image(element[1])):
                blocks.append(self.image(image, line))
        flush()
        return blocks

    def inner_block(self, element: list[Token]) -> bool:
        """Reports a block that stands on its own inside a list or a quote."""
        if found := _inner_block(element):
            line = (found[1].map or (0, 0))[0]
            self.report(line, f"{BLOCK_NAMES[found[0]]} stands on its own: not inside a list "
                              "or a quote")  # fmt: skip
        return found is not None

    def closed(self, opener: Token) -> bool:
        """markdown-it closes a container or fence at the end of the text if nothing did.
        (A fence's map ends after its closing line; a container's, on it.)"""
        start, end = opener.map or (0, 0)
        closing = end - 1 if opener.type == "fence" else end
        last = self.lines[closing].strip() if start < closing < len(self.lines) else ""
        marker = opener.markup
        return last.startswith(marker) and not last.strip(marker[0])

    def stray_marker(self, text: str, line: int) -> None:
        first = text.split("\n", 1)[0].strip()
        if first == ":::":
            self.report(line, "':::' closes no open block")
        else:
            known = ", ".join(markdown.CONTAINERS)
            self.report(line, f"unknown block {first.split()[0]!r} (known: {known})")

    def code(self, token: Token) -> dict[str, Any] | None:
        line = (token.map or (0, 0))[0]
        if token.type == "code_block":
            self.report(line, "use a fenced ``` code block, not an indented one")
            return None
        if not self.closed(token):
            self.report(line, f"this code block is never closed with {token.markup}")
            return None
        language, options = split_info(token.info)
        language = language or "text"
        if known_language(language) is None:
            self.warn(line, f"unknown code language {language!r}: shown as plain text")
        code = token.content[:-1] if token.content.endswith("\n") else token.content
        value = {"language": language, "code": code}
        value.update(self.fence_options(options, line, code.count("\n") + 1))
        return {"type": "code", "value": value}

    def fence_options(self, options: str, line: int, lines: int) -> dict[str, str]:
        """``title="app.py" hl_lines="2 3"`` (as MkDocs writes them) after a fence's language."""
        try:
            pairs = [word.partition("=") for word in shlex.split(options)]
        except ValueError as exc:
            self.report(line, f"code block options: {exc}")
            return {}
        found = {}
        for name, sep, value in pairs:
            if name not in FENCE_OPTIONS or not sep:
                known = ", ".join(f"{option}=…" for option in FENCE_OPTIONS)
                self.report(line, f"unknown code block option {name!r} (known: {known})")
            elif FENCE_OPTIONS[name] == "highlight" and (problem := _bad_lines(value, lines)):
                self.report(line, f"hl_lines: {problem}")
            elif value:
                found[FENCE_OPTIONS[name]] = " ".join(value.split())
        return found

    def admonition(self, opener: Token, inner: list[Token]) -> dict[str, Any] | None:
        """``!!! type "Title"`` is a callout, and ``???`` (collapsible) a hint, with that title
        (a callout's is left out when it only names its type: the callout shows that)."""
        kind = str(opener.meta.get("tag", "note")).lower()
        title = ""
        if inner and inner[0].type == "admonition_title_open":
            title, inner = inner[1].content.strip(), inner[3:]
        # Its body is indented four spaces; text kept as Markdown is kept without them.
        outer, (first, last) = self.view.dedent, opener.map or (0, 0)
        self.view.dedent = (first, last)
        reported = len(self.problems)
        body = self.parse(inner, nested=True)
        self.view.dedent = outer
        what = "hint" if opener.markup.startswith("???") else "callout"
        if not body:
            if len(self.problems) == reported:
                self.report(first, f"this {what} is empty")
            return None
        if what == "hint":
            return {"type": "hint", "value": {"title": title or "Hint", "body": body}}
        title = "" if title == kind.capitalize() else title
        value = {"kind": ADMONITIONS.get(kind, "note"), "title": title, "body": body}
        return {"type": "callout", "value": value}

    def table(self, tokens: list[Token]) -> dict[str, Any]:
        """A pipe table as Wagtail's TableBlock value: the first row is the header, each cell
        inline rich text (None when empty), alignment as each cell's className."""
        rows: list[list[str | None]] = []
        cells: list[dict[str, Any]] = []
        for index, token in enumerate(tokens):
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                inline = tokens[index + 1]
                line = (inline.map or (0, 0))[0]
                if kept := markdown_runs.kept_construct([inline]):
                    self.report(line, f"in a table cell: {kept[0]} are not kept in a table: put "
                                      "them in the text")  # fmt: skip
                    rows[-1].append(None)
                    continue
                self.drop_link_titles([inline])
                try:
                    html = rich_text_from_html(markdown.render([inline]), INLINE_TAGS)
                except RichTextError as exc:
                    self.report(line, f"in a table cell: {exc}")
                    html = ""
                rows[-1].append(html or None)
                alignment = ALIGNMENTS.get(str(token.attrs.get("style", "")))
                if alignment:
                    cells.append({"row": len(rows) - 1, "col": len(rows[-1]) - 1,
                                  "className": alignment})  # fmt: skip
        value = {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False,
                 "table_caption": "", "cell": cells, "mergedCells": []}  # fmt: skip
        return {"type": "table", "value": value}

    def image(self, image: Token, line: int) -> dict[str, Any]:
        # The alternative text as the renderer writes it: ![*a* b] is "a b", not "*a* b".
        md = markdown.lesson_markdown()
        renderer = cast(RendererHTML, md.renderer)  # the preset's; typed as a protocol
        alt = renderer.renderInlineAsText(image.children, md.options, {})
        if not alt.strip():
            self.report(line, "an image needs alternative text: ![what it shows](…)")
        value = {
            "image": image.attrs["src"],
            "alt_text": alt,
            "caption": image.attrs.get("title", ""),
        }
        return {"type": "image", "value": value, "line": self.source.body_line + line}

    def demo(
        self, spec: str, index: int, check: bool = False, hint: str = ""
    ) -> dict[str, Any] | None:
        """``id [name=value …]``: an allowlisted demo and the parameters the lesson fixes;
        None (reported) when it is not one."""
        try:
            demo_id, *pairs = shlex.split(spec)
            fixed = parse_fixed("\n".join(pairs))
        except (ValueError, ParamError) as exc:
            self.report(index, f"demo line: {exc}")
            return None
        if self.demos is not None:
            if demo_id not in self.demos:
                self.report(index, f"unknown demo {demo_id!r}: it is not in the allowlist")
                return None
            if isinstance(self.demos, Mapping):
                try:
                    check_fixed(self.demos[demo_id], fixed)
                except ParamError as exc:
                    self.report(index, str(exc))
                    return None
        params = "\n".join(f"{name}={value}" for name, value in fixed.items())
        return {"demo": demo_id, "params": params, "check": check, "check_hint": hint}

    def text_only(self, inner: list[Token], what: str) -> list[list[Token]]:
        """The prose elements of ``inner``; anything else is reported as not allowed here."""
        elements = []
        for element in _elements(inner):
            if _kind(element) == "prose":
                elements.append(element)
            else:
                self.report((element[0].map or (0, 0))[0], f"{what} holds text only")
        return elements

    def container(
        self, kind: str, title: str, opener: Token, inner: list[Token]
    ) -> dict[str, Any] | None:
        line = (opener.map or (0, 0))[0]
        if kind == "check":
            if not title:
                self.report(line, "a :::check names its demo: ':::check demo-id'")
                return None
            hint = self.rich_text(
                self.text_only(inner, "a check's hint"), CALLOUT_TAGS, "a check's hint"
            )
            value = self.demo(title, line, check=True, hint=hint)
            return {"type": "demo", "value": value} if value else None
        reported = len(self.problems)
        body = self.parse(inner, nested=True)
        if not body:
            if len(self.problems) == reported:  # else its content was refused, and said so
                self.report(line, f"this {kind} is empty")
            return None
        if kind in CALLOUTS:
            return {"type": "callout", "value": {"kind": kind, "title": title, "body": body}}
        return {"type": kind, "value": {"title": title or DEFAULT_TITLES[kind], "body": body}}

    def files(self, spec: str, line: int) -> dict[str, str] | None:
        """``workspace [path …]``: a workspace that a demo of the allowlist runs in, or that
        is a folder of the content's workspaces (or came with a pack), and files in it."""
        # The block's own rules (its module needs Django's settings: the launcher reads
        # lesson sources before it has any).
        from fieldguide.lessons.workspace_block import PATH, WORKSPACE

        workspace, *paths = spec.split() or [""]
        if not WORKSPACE.match(workspace):
            self.report(line, "::files names a workspace: '::files workspace [path …]' "
                              "(a-z, 0-9, '-' and '_')")  # fmt: skip
            return None
        folder = pristine_or_none(workspace) if self.demos is not None else None
        used = (
            {demo.workspace for demo in self.demos.values()}
            if isinstance(self.demos, Mapping)
            else set()
        )
        if self.demos is not None and folder is None and workspace not in used:
            self.report(line, f"unknown workspace {workspace!r}: no demo runs in it and "
                              "content/workspaces has no such folder")  # fmt: skip
            return None
        for path in paths:
            if not PATH.match(path):
                self.report(line, f"{path}: a path inside the workspace, with '/' (not "
                                  "absolute, no '..')")  # fmt: skip
                return None
            if folder is not None and not (folder / path).is_file():
                self.warn(line, f"{path} is not a file of the workspace {workspace!r} (yet)")
        return {"workspace": workspace, "paths": " ".join(paths)}


def parse_body(
    source: Source, demos: Collection[str] | None = None, problems: Problems | None = None
) -> StreamData:
    """StreamField data for a step body; image values hold the source's relative path.

    Problems go to ``problems`` when given (the caller raises them with the rest), else they
    are raised here, all of them, as ``SourceErrors``.
    """
    found = Problems() if problems is None else problems
    parser = _BodyParser(source, demos, found)
    data = parser.parse(parser.tokens())
    parser.unreferenced_footnotes()
    if problems is None:
        found.check()
    return data


def markdown_problems(text: str, page_exists: PageExists | None = None) -> Problems:
    """What loading would refuse in ``text`` kept as Markdown (a markdown block's value, as
    the admin saves it), each at its line of the text (the first is 1). Its links to pages are
    ``page:ID``, each of a page that ``page_exists``; a link to a source file means nothing
    here."""
    problems = Problems()
    source = Source(Path("text"), {}, text.split("\n"), 1)
    parser = _BodyParser(source, None, problems, page_exists or (lambda page_id: False))
    prose = []
    for element in _elements(parser.tokens()):
        kind = _kind(element)
        if kind == "prose":
            if not parser.inner_block(element):
                prose.append(element)
        elif kind == "footnotes":
            parser.check_footnotes(element)
        else:
            parser.report((element[0].map or (0, 0))[0],
                          f"{BLOCK_NAMES[kind]} is a block of its own: add it as one, not "
                          "inside this text")  # fmt: skip
    if prose:
        parser.markdown(prose)
    return problems
