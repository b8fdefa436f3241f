"""Lesson files: reading one (UTF-8, any line endings, YAML front matter) and writing one, and
the errors that name a file and a line."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

StreamData = list[dict[str, Any]]
STEP_FILE = re.compile(r"^(\d{2,3})-([a-z0-9][a-z0-9-]*)\.md$")  # 01-install.md
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a page's slug, from its file or folder name


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
    """Where a parse puts the problems it can step past; ``check`` raises them all.
    ``warnings`` are worth saying but load all the same (a code language nobody knows)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.warnings: list[SourceError] = []

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


def front_matter_text(source: Source, key: str, problems: Problems) -> str:
    value = source.meta.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(
            SourceError(source.path, 2, f"front matter {key!r} must be a non-empty string")
        )
        return ""
    return value.strip()


def unknown_keys(source: Source, allowed: Collection[str], problems: Problems) -> None:
    for key in sorted(set(source.meta) - set(allowed)):
        known = ", ".join(allowed)
        problems.append(SourceError(source.path, 2, f"unknown front matter key {key!r} ({known})"))
