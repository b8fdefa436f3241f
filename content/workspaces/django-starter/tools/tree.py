"""Print the workspace's files as an indented tree (a portable stand-in for `tree`)."""

from pathlib import Path

SKIP = {"__pycache__", ".git"}


def show(folder: Path, depth: int = 0) -> None:
    for entry in sorted(folder.iterdir(), key=lambda p: (p.is_file(), p.name)):
        if entry.name in SKIP:
            continue
        print("    " * depth + entry.name + ("/" if entry.is_dir() else ""))
        if entry.is_dir():
            show(entry, depth + 1)


show(Path.cwd())
