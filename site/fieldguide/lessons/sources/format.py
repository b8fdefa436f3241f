"""The lesson file format: YAML front matter, then Markdown with a few block directives.

    ```python            a code block (language from highlight.LANGUAGES)
    :::tip … :::         a callout: tip, note or warning
    :::hint Title … :::  a collapsible hint or solution (title optional), text and code inside
    ![alt](images/x.png "Caption")   an image on a line of its own
    ::demo startapp name=blog        a demo from the allowlist (parameters optional)
    :::check lesson-check … :::      a demo as the step's check; the body is the hint

Everything else is Markdown rich text. ``parse_body`` turns a body into StreamField data
(with image paths still unresolved); ``render_body`` writes StreamField data back, in the
canonical form that ``parse_body`` reads. Errors carry the file and line, and a parse goes on
after each one it can step past, so that one run reports every problem (``Problems``).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fieldguide.demos.argv import ParamError, check_fixed, parse_fixed
from fieldguide.lessons.highlight import LANGUAGES
from fieldguide.lessons.sources.richtext import (
    ALLOWED_TAGS,
    INLINE_TAGS,
    RichTextError,
    html_to_markdown,
    markdown_to_html,
)

FENCE = re.compile(r"^```([\w+-]*)\s*$")
CONTAINER = re.compile(r"^:::(tip|note|warning|hint|solution|check)(?:\s+(.+?))?\s*$")
DEMO = re.compile(r"^::demo\s+(\S.*?)\s*$")
IMAGE = re.compile(r'^!\[([^\]]*)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)\s*$')
CALLOUTS = {"tip", "note", "warning"}
DEFAULT_TITLES = {"hint": "Hint", "solution": "Solution"}
CALLOUT_TAGS = (INLINE_TAGS | {"p", "ul", "ol", "li"}) & ALLOWED_TAGS

StreamData = list[dict[str, Any]]


@dataclass
class SourceError(ValueError):
    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


class SourceErrors(ValueError):
    """Every problem found in a file or a tree, each with its file and line."""

    def __init__(self, problems: list[SourceError]) -> None:
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


class Problems(list[SourceError]):
    """Where a parse puts the problems it can step past; ``check`` raises them all."""

    def check(self) -> None:
        if self:
            raise SourceErrors(sorted(self, key=lambda p: (str(p.path), p.line)))


@dataclass
class Source:
    """One lesson file, split into its front matter and its body lines."""

    path: Path
    meta: dict[str, Any]
    body: list[str]
    body_line: int  # the file's line number of body[0]


def read_lines(path: Path) -> list[str]:
    """The file's lines: UTF-8, with or without a byte-order mark, any line endings."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, 1, f"not UTF-8 text ({exc.reason})") from exc
    # Not splitlines(): it also splits at form feeds and Unicode separators inside a line.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_source(path: Path) -> Source:
    lines = read_lines(path)
    if not lines or lines[0].strip() != "---":
        raise SourceError(path, 1, "a lesson file starts with '---' and YAML front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise SourceError(path, 1, "the front matter is never closed with '---'") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        raise SourceError(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(meta, dict):
        raise SourceError(path, 2, "the front matter must be a mapping of keys to values")
    return Source(path, meta, lines[end + 1 :], end + 2)


def write_source(meta: dict[str, Any], body: str) -> str:
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{front}---\n" + (f"\n{body}\n" if body else "")


def _line_holding(lines: list[str], needles: tuple[str, ...]) -> int:
    """The index of the first line that holds one of ``needles`` (0 when none does)."""
    for index, line in enumerate(lines):
        if any(needle.lower() in line.lower() for needle in needles):
            return index
    return 0


class _BodyParser:
    """Raises ``SourceError`` for what it cannot step past (a block never closed); reports
    everything else to ``problems`` and goes on."""

    def __init__(self, source: Source, demos: Collection[str] | None, problems: Problems) -> None:
        self.source = source
        self.demos = demos
        self.problems = problems

    def error(self, index: int, reason: str) -> SourceError:
        return SourceError(self.source.path, self.source.body_line + index, reason)

    def report(self, index: int, reason: str) -> None:
        self.problems.append(self.error(index, reason))

    def rich_text(self, lines: list[str], start: int, allowed: set[str] = ALLOWED_TAGS) -> str:
        try:
            return markdown_to_html("\n".join(lines).strip(), allowed)
        except RichTextError as exc:
            self.report(start + _line_holding(lines, exc.needles), str(exc))
            return ""

    def parse(self, start: int, end: int, nested: bool = False) -> StreamData:
        lines = self.source.body
        blocks: StreamData = []
        text: list[str] = []
        text_start = start

        def flush() -> None:
            if any(line.strip() for line in text):
                blocks.append({"type": "text", "value": self.rich_text(text, text_start)})
            text.clear()

        i = start
        while i < end:
            line = lines[i]
            if fence := FENCE.match(line):
                flush()
                language = fence[1] or "text"
                if language not in LANGUAGES:
                    known = ", ".join(LANGUAGES)
                    self.report(i, f"unknown code language {language!r} (known: {known})")
                close = next((j for j in range(i + 1, end) if lines[j].rstrip() == "```"), None)
                if close is None:
                    raise self.error(i, "this code block is never closed with ```")
                code = "\n".join(lines[i + 1 : close])
                blocks.append({"type": "code", "value": {"language": language, "code": code}})
                i = close + 1
            elif container := CONTAINER.match(line):
                flush()
                close = self.closing(i, end)
                if nested:
                    self.report(i, "blocks inside hints and solutions hold text and code only")
                elif block := self.container(container[1], container[2], i, close):
                    blocks.append(block)
                i = close + 1
            elif line.strip() == ":::":
                self.report(i, "':::' closes no open block")
                i += 1
            elif nested and (DEMO.match(line) or IMAGE.match(line)):
                self.report(i, "blocks inside hints and solutions hold text and code only")
                i += 1
            elif demo := DEMO.match(line):
                flush()
                if value := self.demo(demo[1], i):
                    blocks.append({"type": "demo", "value": value})
                i += 1
            elif image := IMAGE.match(line):
                flush()
                alt, src, caption = image[1], image[2], image[3] or ""
                if not alt.strip():
                    self.report(i, "an image needs alternative text: ![what it shows](…)")
                value = {"image": src, "alt_text": alt, "caption": caption}
                blocks.append({"type": "image", "value": value, "line": self.source.body_line + i})
                i += 1
            else:
                if not text:
                    if not line.strip():
                        i += 1
                        continue
                    text_start = i
                text.append(line)
                i += 1
        flush()
        return blocks

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

    def closing(self, opener: int, end: int) -> int:
        lines = self.source.body
        in_fence = False
        for j in range(opener + 1, end):
            if FENCE.match(lines[j]) or lines[j].rstrip() == "```":
                in_fence = not in_fence
            elif not in_fence and lines[j].strip() == ":::":
                return j
        raise self.error(opener, "this block is never closed with ':::'")

    def container(
        self, kind: str, title: str | None, opener: int, close: int
    ) -> dict[str, Any] | None:
        if kind == "check":
            if not title:
                self.report(opener, "a :::check names its demo: ':::check demo-id'")
                return None
            lines = self.source.body[opener + 1 : close]
            hint = (
                self.rich_text(lines, opener + 1, CALLOUT_TAGS)
                if any(map(str.strip, lines))
                else ""
            )
            value = self.demo(title, opener, check=True, hint=hint)
            return {"type": "demo", "value": value} if value else None
        if kind in CALLOUTS:
            if title:
                self.report(opener, f"a :::{kind} callout takes no title")
            text = self.rich_text(self.source.body[opener + 1 : close], opener + 1, CALLOUT_TAGS)
            return {"type": "callout", "value": {"kind": kind, "body": text}}
        reported = len(self.problems)
        body = self.parse(opener + 1, close, nested=True)
        if not body:
            if len(self.problems) == reported:  # else its content was refused, and said so
                self.report(opener, f"this {kind} is empty")
            return None
        title = title or DEFAULT_TITLES[kind]
        return {"type": kind, "value": {"title": title, "body": body}}


def parse_body(
    source: Source, demos: Collection[str] | None = None, problems: Problems | None = None
) -> StreamData:
    """StreamField data for a step body; image values hold the source's relative path.

    Problems go to ``problems`` when given (the caller raises them with the rest), else they
    are raised here, all of them, as ``SourceErrors``.
    """
    found = Problems() if problems is None else problems
    try:
        data = _BodyParser(source, demos, found).parse(0, len(source.body))
    except SourceError as exc:  # a block never closed: nothing after it can be read
        found.append(exc)
        data = []
    if problems is None:
        found.check()
    return data


def parse_rich_text(source: Source, problems: Problems | None = None) -> str:
    """A body that is plain Markdown (a tutorial's introduction)."""
    found = Problems() if problems is None else problems
    html = _BodyParser(source, None, found).rich_text(source.body, 0)
    if problems is None:
        found.check()
    return html


ImagePath = Callable[[Any], str]
PageUrl = Callable[[str], str]


def render_body(data: StreamData, image_path: ImagePath, page_url: PageUrl) -> str:
    """Write StreamField data as lesson text, in the canonical form ``parse_body`` reads."""
    parts = []
    for block in data:
        kind, value = block["type"], block["value"]
        if kind == "text":
            parts.append(html_to_markdown(value, page_url))
        elif kind == "code":
            parts.append(f"```{value['language']}\n{value['code']}\n```")
        elif kind == "callout":
            body = html_to_markdown(value["body"], page_url)
            parts.append(f":::{value['kind']}\n{body}\n:::")
        elif kind in DEFAULT_TITLES:
            title = value.get("title") or DEFAULT_TITLES[kind]
            opener = f":::{kind}" if title == DEFAULT_TITLES[kind] else f":::{kind} {title}"
            inner = render_body(value["body"], image_path, page_url)
            parts.append(f"{opener}\n{inner}\n:::")
        elif kind == "image":
            caption = f' "{value["caption"]}"' if value.get("caption") else ""
            parts.append(f"![{value['alt_text']}]({image_path(value['image'])}{caption})")
        elif kind == "demo":
            pairs = [line for line in (value.get("params") or "").splitlines() if line.strip()]
            spec = shlex.join([value["demo"], *pairs])
            if value.get("check"):
                hint = html_to_markdown(value.get("check_hint") or "", page_url)
                parts.append(f":::check {spec}\n{hint}\n:::" if hint else f":::check {spec}\n:::")
            else:
                parts.append(f"::demo {spec}")
    return "\n\n".join(part for part in parts if part)
