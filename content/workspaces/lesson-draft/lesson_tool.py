"""A pocket checker for a Fieldguide lesson draft (standard library only).

python lesson_tool.py list            the lesson's files and step titles
python lesson_tool.py check           front matter, step numbering and block syntax
python lesson_tool.py preview N       step N as a learner would read it, in plain text
python lesson_tool.py new-step SLUG   add the next numbered step from a template
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

LESSON = Path("lesson")
STEP_FILE = re.compile(r"^(\d{2})-([a-z0-9-]+)\.md$")
TUTORIAL_KEYS = {"title", "summary", "audience", "estimated_minutes", "difficulty"}
BLOCK_OPENERS = ("tip", "note", "warning", "hint", "solution")


def front_matter(path: Path) -> tuple[dict[str, str], list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise ValueError(f"{path}: line 1: front matter must open and close with '---'")
    end = lines.index("---", 1)
    meta = {}
    for line in lines[1:end]:
        if ":" in line and not line.startswith("- "):
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
    return meta, lines[end + 1 :]


def steps() -> list[Path]:
    return sorted(p for p in LESSON.iterdir() if STEP_FILE.match(p.name))


def cmd_list() -> int:
    meta, _ = front_matter(LESSON / "tutorial.md")
    print(f"Tutorial: {meta.get('title', '?')}")
    for path in steps():
        step_meta, _ = front_matter(path)
        print(f"  {path.name:<28} {step_meta.get('title', '?')}")
    return 0


def check_blocks(path: Path, body: list[str], offset: int) -> list[str]:
    problems, open_at, fence = [], None, False
    for number, line in enumerate(body, start=offset):
        if line.startswith("```"):
            fence = not fence
        elif fence:
            continue
        elif line.startswith(":::") and line.strip() != ":::":
            kind = line[3:].split(" ", 1)[0]
            if kind not in BLOCK_OPENERS:
                problems.append(f"{path}: line {number}: unknown block ':::{kind}'")
            open_at = number
        elif line.strip() == ":::":
            if open_at is None:
                problems.append(f"{path}: line {number}: ':::' closes nothing")
            open_at = None
    if open_at is not None:
        problems.append(f"{path}: line {open_at}: block is never closed with ':::'")
    if fence:
        problems.append(f"{path}: a code fence is never closed")
    return problems


def cmd_check() -> int:
    problems = []
    try:
        meta, _ = front_matter(LESSON / "tutorial.md")
        missing = TUTORIAL_KEYS - set(meta)
        if missing:
            problems.append(f"lesson/tutorial.md: missing {', '.join(sorted(missing))}")
        for expected, path in enumerate(steps(), start=1):
            number = int(STEP_FILE.match(path.name)[1])
            if number != expected:
                problems.append(f"{path}: expected step number {expected:02d}")
            step_meta, body = front_matter(path)
            if not step_meta.get("title"):
                problems.append(f"{path}: the front matter needs a title")
            offset = len(path.read_text(encoding="utf-8").splitlines()) - len(body) + 1
            problems.extend(check_blocks(path, body, offset))
    except (OSError, ValueError) as exc:
        problems.append(str(exc))
    for problem in problems:
        print(problem)
    print("OK: the lesson looks good." if not problems else f"{len(problems)} problem(s).")
    return 1 if problems else 0


def cmd_preview(number: str) -> int:
    for path in steps():
        if int(STEP_FILE.match(path.name)[1]) == int(number):
            meta, body = front_matter(path)
            print(meta.get("title", "").upper())
            print("\n".join(line for line in body if not line.startswith(":::")).strip())
            return 0
    print(f"There is no step {number}.")
    return 1


def cmd_new_step(slug: str) -> int:
    number = len(steps()) + 1
    path = LESSON / f"{number:02d}-{slug}.md"
    title = slug.replace("-", " ").capitalize()
    path.write_text(f"---\ntitle: {title}\n---\n\nWrite this step here.\n", encoding="utf-8")
    print(f"Created {path}")
    return 0


def main(argv: list[str]) -> int:
    commands = {"list": cmd_list, "check": cmd_check}
    if len(argv) == 1 and argv[0] in commands:
        return commands[argv[0]]()
    if len(argv) == 2 and argv[0] == "preview":
        return cmd_preview(argv[1])
    if len(argv) == 2 and argv[0] == "new-step":
        return cmd_new_step(argv[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
