"""A pocket checker for a Fieldguide lesson draft (standard library only).

python lesson_tool.py list            the lesson's files and step titles
python lesson_tool.py check [PART]    every part below, or only one of them:
    front-matter    the tutorial's keys and each step's title
    blocks          every ::: block and code fence closed
    steps           numbered 01, 02, … and none still holding the template's text
    demos           every demo a step names is in allowlist.toml
    format          no line that a dump would write differently
python lesson_tool.py preview N       step N as a learner would read it, in plain text
python lesson_tool.py new-step SLUG   add the next numbered step from a template
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

LESSON = Path("lesson")
ALLOWLIST = Path("allowlist.toml")
STEP_FILE = re.compile(r"^(\d{2})-([a-z0-9-]+)\.md$")
TUTORIAL_KEYS = {
    "title": "the tutorial's title",
    "summary": "one or two sentences for the tutorial list",
    "audience": "who the lesson is for",
    "estimated_minutes": "a whole number",
    "difficulty": "beginner, intermediate or advanced",
}
BLOCK_OPENERS = ("tip", "note", "warning", "hint", "solution", "check")
DEMO_LINE = re.compile(r"^:{2,3}(?:demo|check) +([^ ]+)")
STARRED_ITEM = re.compile(r"^ *[*+] ")
TEMPLATE_TEXT = "Write this step here."


@dataclass(frozen=True)
class Source:
    path: Path
    meta: dict[str, str]
    body: list[str]
    first: int  # the line number of the body's first line

    def lines(self) -> Iterator[tuple[int, str]]:
        return enumerate(self.body, start=self.first)

    def prose(self) -> Iterator[tuple[int, str]]:
        """The body's lines outside code fences."""
        fence = False
        for number, line in self.lines():
            if line.startswith("```"):
                fence = not fence
            elif not fence:
                yield number, line


def read(path: Path) -> Source:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise ValueError(f"{path}: line 1: front matter must open and close with '---'")
    end = lines.index("---", 1)
    meta = {}
    for line in lines[1:end]:
        if ":" in line and not line.startswith("- "):
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    return Source(path, meta, lines[end + 1 :], end + 2)


def steps() -> list[Path]:
    return sorted(p for p in LESSON.iterdir() if STEP_FILE.match(p.name))


def cmd_list() -> int:
    print(f"Tutorial: {read(LESSON / 'tutorial.md').meta.get('title', '?')}")
    for path in steps():
        print(f"  {path.name:<28} {read(path).meta.get('title', '?')}")
    return 0


def check_front_matter(tutorial: Source, pages: list[Source]) -> list[str]:
    problems = [
        f"{tutorial.path}: the front matter has no '{key}:' ({meaning})"
        for key, meaning in TUTORIAL_KEYS.items()
        if key not in tutorial.meta
    ]
    problems += [
        f"{page.path}: the front matter needs a title" for page in pages if not page.meta.get("title")
    ]
    return problems


def check_blocks(tutorial: Source, pages: list[Source]) -> list[str]:
    problems = []
    for page in [tutorial, *pages]:
        open_at, fence = None, False
        for number, line in page.lines():
            if line.startswith("```"):
                fence = not fence
            elif fence:
                continue
            elif line.startswith(":::") and line.strip() != ":::":
                kind = line[3:].split(" ", 1)[0]
                if kind not in BLOCK_OPENERS:
                    problems.append(f"{page.path}: line {number}: unknown block ':::{kind}'")
                open_at = number
            elif line.strip() == ":::":
                if open_at is None:
                    problems.append(f"{page.path}: line {number}: ':::' closes nothing")
                open_at = None
        if open_at is not None:
            problems.append(
                f"{page.path}: line {open_at}: this block is never closed: end it with a line "
                "':::' after its text"
            )
        if fence:
            problems.append(f"{page.path}: a code fence is never closed")
    return problems


def check_steps(tutorial: Source, pages: list[Source]) -> list[str]:
    problems = []
    for expected, page in enumerate(pages, start=1):
        if int(STEP_FILE.match(page.path.name)[1]) != expected:
            problems.append(f"{page.path}: expected step number {expected:02d}")
        for number, line in page.lines():
            if line.strip() == TEMPLATE_TEXT:
                problems.append(
                    f"{page.path}: line {number}: still the template's text: write the step"
                )
    return problems


def check_demos(tutorial: Source, pages: list[Source]) -> list[str]:
    try:
        known = sorted(tomllib.loads(ALLOWLIST.read_text(encoding="utf-8")).get("demos", {}))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [f"{ALLOWLIST}: cannot be read ({exc})"]
    problems = []
    for page in [tutorial, *pages]:
        for number, line in page.prose():
            match = DEMO_LINE.match(line)
            if match and match[1] not in known:
                close = difflib.get_close_matches(match[1], known, n=1)
                advice = f"did you mean '{close[0]}'?" if close else f"it has {', '.join(known)}"
                problems.append(
                    f"{page.path}: line {number}: no demo '{match[1]}' in {ALLOWLIST} ({advice})"
                )
    return problems


def check_format(tutorial: Source, pages: list[Source]) -> list[str]:
    return [
        f"{page.path}: line {number}: a dump writes list items with '- ', not "
        f"'{line.strip()[0]} '"
        for page in [tutorial, *pages]
        for number, line in page.prose()
        if STARRED_ITEM.match(line)
    ]


Check = Callable[[Source, list[Source]], list[str]]
PARTS: dict[str, tuple[str, Check]] = {
    "front-matter": ("front matter", check_front_matter),
    "blocks": ("blocks", check_blocks),
    "steps": ("steps", check_steps),
    "demos": ("demos", check_demos),
    "format": ("format", check_format),
}


def cmd_check(only: str | None = None) -> int:
    parts = [PARTS[only]] if only else list(PARTS.values())
    try:
        tutorial = read(LESSON / "tutorial.md")
        pages = [read(path) for path in steps()]
        problems = [problem for _, check in parts for problem in check(tutorial, pages)]
    except (OSError, ValueError) as exc:
        problems = [str(exc)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s).")
        return 1
    print(f"OK: no problem with the {parts[0][0]}." if only else "OK: the lesson looks good.")
    return 0


def cmd_preview(number: str) -> int:
    for path in steps():
        if int(STEP_FILE.match(path.name)[1]) == int(number):
            page = read(path)
            print(page.meta.get("title", "").upper())
            shown = []
            for line in page.body:
                demo = DEMO_LINE.match(line)
                if demo:
                    shown.append(f"[ Run: {demo[1]} ]")
                elif not line.startswith(":::"):
                    shown.append(line)
            print("\n".join(shown).strip())
            return 0
    print(f"There is no step {number}.")
    return 1


def cmd_new_step(slug: str) -> int:
    number = len(steps()) + 1
    path = LESSON / f"{number:02d}-{slug}.md"
    title = slug.replace("-", " ").capitalize()
    path.write_text(f"---\ntitle: {title}\n---\n\n{TEMPLATE_TEXT}\n", encoding="utf-8")
    print(f"Created {path}")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["list"]:
        return cmd_list()
    if argv[:1] == ["check"] and len(argv) <= 2 and all(a in PARTS for a in argv[1:]):
        return cmd_check(*argv[1:])
    if len(argv) == 2 and argv[0] == "preview":
        return cmd_preview(argv[1])
    if len(argv) == 2 and argv[0] == "new-step":
        return cmd_new_step(argv[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
