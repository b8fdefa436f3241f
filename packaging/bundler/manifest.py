"""``manifest.json``: every file of the bundle with its size and sha256, and the checks on it."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
FORMAT = 1
# An extra file with one of these suffixes, or with an executable bit, could run: refused.
RUNNABLE_SUFFIXES = {
    ".py", ".pyc", ".pyo", ".pyd", ".pth", ".so", ".dylib", ".dll", ".exe",
    ".sh", ".bat", ".cmd", ".ps1", ".js", ".mjs", ".html",
}  # fmt: skip


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def walk(root: Path) -> list[Path]:
    """Every regular file and symlink under root, manifest excluded, in a stable order."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if path.parent == root and name == MANIFEST_NAME:
                continue
            found.append(path)
    return found


def relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def write(root: Path, metadata: dict[str, Any]) -> dict[str, Any]:
    files = {}
    for path in walk(root):
        files[relative(root, path)] = {"size": path.stat().st_size, "sha256": sha256_of(path)}
    manifest = {"format": FORMAT, **metadata, "files": files}
    (root / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1, sort_keys=False) + "\n")
    return manifest


def load(root: Path) -> dict[str, Any]:
    path = root / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{path} is missing: this folder is not a Fieldguide bundle."
        ) from None
    except ValueError as exc:
        raise ValueError(f"{path} is not valid JSON: {exc}.") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ValueError(f"{path} has no 'files' table.")
    return manifest


def can_run(path: Path) -> bool:
    mode = path.lstat().st_mode
    return (
        path.suffix.lower() in RUNNABLE_SUFFIXES
        or stat.S_ISLNK(mode)
        or bool(mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))
    )


@dataclass
class Check:
    files: int = 0
    total_bytes: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra_runnable: list[str] = field(default_factory=list)
    extra_other: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra_runnable)

    def problems(self) -> list[str]:
        lines = [f"missing: {name}" for name in self.missing]
        lines += [f"changed: {name}" for name in self.changed]
        lines += [f"extra file that could run: {name}" for name in self.extra_runnable]
        return lines


def check(root: Path, manifest: dict[str, Any]) -> Check:
    result = Check()
    listed: dict[str, dict[str, Any]] = manifest["files"]
    present = {relative(root, path): path for path in walk(root)}
    for name, expected in listed.items():
        path = present.get(name)
        if path is None:
            result.missing.append(name)
            continue
        result.files += 1
        result.total_bytes += expected.get("size", 0)
        if (
            path.is_symlink()
            or path.stat().st_size != expected.get("size")
            or sha256_of(path) != expected.get("sha256")
        ):
            result.changed.append(name)
    for name, path in present.items():
        if name not in listed:
            (result.extra_runnable if can_run(path) else result.extra_other).append(name)
    return result
