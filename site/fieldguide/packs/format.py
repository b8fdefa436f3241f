"""The ``.fgpack`` format: a zip holding ``manifest.json``, ``tutorials/<slug>/`` and
``docs/<section>/`` (the lesson source format of docs/authoring.md, images included) and
``workspaces/<name>/``.

The manifest lists the pack format version, the app version that wrote it, the tutorials,
the documentation sections, the demo ids their pages use and every other file's size and
sha256.
"""

from __future__ import annotations

from collections.abc import Callable

MANIFEST = "manifest.json"
CHUNK = 1 << 20  # files stream through hashing in pieces this size, never whole
Progress = Callable[[int, int], None]  # (bytes done, bytes in all)
FORMAT_NAME = "fieldguide-pack"
FORMAT_VERSION = 1
SUFFIX = ".fgpack"
TUTORIALS = "tutorials"
DOCS = "docs"
WORKSPACES = "workspaces"

# Limits that make a hostile or broken pack fail fast instead of filling the disk.
MAX_PACK_BYTES = 1 << 30  # the .fgpack file itself
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 512 << 20  # one file, uncompressed
MAX_TOTAL_BYTES = 2 << 30  # all files, uncompressed
MAX_RATIO = 200  # uncompressed ÷ compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1 << 20

# Already-compressed files are stored as they are: deflating them again costs time for nothing.
STORED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip", ".gz", ".pdf"}


class PackError(Exception):
    """Why a pack is refused: a message and, when there are several, every problem found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return self.message + "\n" + "\n".join(f"  - {problem}" for problem in self.problems)
