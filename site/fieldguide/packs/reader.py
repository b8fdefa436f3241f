"""Opening a pack safely: every entry checked before anything is written, every file's size and
sha256 checked while it is extracted, the lessons parsed, and the demo ids they use checked
against this machine's allowlist. Nothing here touches the database."""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from fieldguide.demos.allowlist import configured_demos
from fieldguide.demos.workspaces import NAME as WORKSPACE_NAME
from fieldguide.demos.workspaces import pristine_or_none
from fieldguide.lessons.models import DocPage, DocsIndexPage, TutorialPage
from fieldguide.lessons.sources.files import SourceError, SourceErrors
from fieldguide.lessons.sources.tree import read_tree
from fieldguide.packs import format as limits
from fieldguide.packs.format import (
    CHUNK,
    DOCS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    TUTORIALS,
    WORKSPACES,
    PackError,
    Progress,
)  # fmt: skip
from fieldguide.packs.writer import demo_ids

DRIVE = re.compile(r"^[A-Za-z]:")
MAX_MANIFEST_BYTES = 64 << 20


@dataclass
class Inspection:
    manifest: dict[str, Any]
    folder: Path  # the extracted, verified pack
    summary: dict[str, Any]

    @property
    def workspaces(self) -> list[str]:
        return [w["name"] for w in self.summary["workspaces"]]


def entry_problems(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Zip-slip, absolute paths, symlinks, duplicates and sizes, from the zip's directory."""
    problems: list[str] = []
    if len(infos) > limits.MAX_ENTRIES:
        return [f"{len(infos)} entries (the limit is {limits.MAX_ENTRIES})"]
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        parts = PurePosixPath(name).parts
        if name.startswith("/") or "\\" in name or DRIVE.match(name):
            problems.append(f"{name}: an absolute path")
        elif ".." in parts or "." in parts or "" in name.split("/")[:-1]:
            problems.append(f"{name}: a path that leaves the pack")
        elif stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"{name}: a symbolic link")
        elif name in seen:
            problems.append(f"{name}: appears twice")
        elif (
            not info.is_dir() and name != MANIFEST and parts[0] not in (TUTORIALS, DOCS, WORKSPACES)
        ):
            problems.append(f"{name}: not under {TUTORIALS}/, {DOCS}/ or {WORKSPACES}/")
        seen.add(name)
        if info.file_size > limits.MAX_ENTRY_BYTES:
            problems.append(
                f"{name}: {info.file_size} bytes (the limit is {limits.MAX_ENTRY_BYTES})"
            )
        elif info.file_size > limits.RATIO_FLOOR and info.file_size > limits.MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            problems.append(f"{name}: expands {ratio} times when unpacked (a zip bomb?)")
        total += info.file_size
    if total > limits.MAX_TOTAL_BYTES:
        problems.append(f"{total} bytes in all (the limit is {limits.MAX_TOTAL_BYTES})")
    return problems


def _manifest(pack: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        if pack.getinfo(MANIFEST).file_size > MAX_MANIFEST_BYTES:
            raise PackError(f"{name}: {MANIFEST} is over {MAX_MANIFEST_BYTES} bytes.")
        manifest = json.loads(pack.read(MANIFEST))
    except KeyError:
        raise PackError(f"{name} has no {MANIFEST}: it is not a Fieldguide lesson pack.") from None
    except (ValueError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
        raise PackError(f"{name}: {MANIFEST} is unreadable ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise PackError(f"{name}: {MANIFEST} does not describe a Fieldguide lesson pack.")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PackError(
            f"{name} is in pack format {version!r}; this Fieldguide reads format "
            f"{FORMAT_VERSION}. Export it again with a matching version."
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("size"), int) and isinstance(v.get("sha256"), str)
        for v in files.values()
    ):
        raise PackError(f"{name}: {MANIFEST} has no valid 'files' table.")
    return manifest


def _extract(
    pack: zipfile.ZipFile, manifest: dict[str, Any], dest: Path, progress: Progress | None
) -> list[str]:
    files: dict[str, dict[str, Any]] = manifest["files"]
    present = {i.filename for i in pack.infolist() if not i.is_dir() and i.filename != MANIFEST}
    problems = [
        f"{name}: in the pack but not in its manifest" for name in sorted(present - set(files))
    ]
    problems += [
        f"{name}: in the manifest but not in the pack" for name in sorted(set(files) - present)
    ]
    if problems:
        return problems
    total, done = sum(f["size"] for f in files.values()), 0
    for name, expected in files.items():
        target = dest.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with pack.open(name) as source, target.open("wb") as out:
            # Read at most one byte more than promised: a lying header cannot fill the disk.
            while size <= expected["size"] and (chunk := source.read(CHUNK)):
                size += len(chunk)
                digest.update(chunk)
                out.write(chunk)
                done += len(chunk)
                if progress:
                    progress(min(done, total), total)
        if size != expected["size"]:
            problems.append(f"{name}: {size} bytes, the manifest says {expected['size']}")
        elif digest.hexdigest() != expected["sha256"]:
            problems.append(f"{name}: its sha256 does not match the manifest")
    return problems


def inspect(
    path: Path, dest: Path, name: str | None = None, progress: Progress | None = None
) -> Inspection:
    """Verify the pack at ``path`` and extract it into the empty folder ``dest``."""
    name = name or path.name
    try:
        pack = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise PackError(f"{name} is not a lesson pack: {exc}.") from None
    with pack:
        problems = entry_problems(pack.infolist())
        if problems:
            raise PackError(f"{name} is refused: it contains unsafe entries.", problems)
        manifest = _manifest(pack, name)
        try:
            problems = _extract(pack, manifest, dest, progress)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            # RuntimeError: an encrypted entry; NotImplementedError: an unknown compression.
            raise PackError(f"{name} is damaged or unreadable: {exc}.") from None
        if problems:
            raise PackError(f"{name} is refused: its files do not match its manifest.", problems)
    return Inspection(manifest, dest, _summary(manifest, dest, name))


def _within(problem: SourceError, folder: Path) -> str:
    """A problem named by its path inside the pack, not in the scratch folder."""
    path = problem.path.relative_to(folder) if problem.path.is_relative_to(folder) else problem.path
    return f"{path.as_posix()}:{problem.line}: {problem.reason}"


def _summary(manifest: dict[str, Any], folder: Path, name: str) -> dict[str, Any]:
    try:
        has_lessons = (folder / TUTORIALS).is_dir() or (folder / DOCS).is_dir()
        tree = read_tree(folder) if has_lessons else None
    except SourceErrors as exc:
        raise PackError(
            f"{name} is refused: its lessons have problems.",
            [_within(problem, folder) for problem in exc.problems],
        ) from None
    except SourceError as exc:
        raise PackError(f"{name} is refused: {_within(exc, folder)}.") from None
    if tree is None or not (tree.tutorials or (tree.docs and tree.docs.pages)):
        raise PackError(f"{name} holds no tutorials and no documentation.")
    used = set()
    for _, body in tree.bodies():  # introductions may show demos too
        used |= demo_ids(body)
    unknown = sorted(used - set(configured_demos()))
    if unknown:
        raise PackError(
            f"{name} is refused: its lessons use demos that this machine's allowlist does not "
            "have. Packs never carry demo definitions; add them to the allowlist first.",
            [f"unknown demo id: {demo}" for demo in unknown],
        )
    existing = set(TutorialPage.objects.values_list("slug", flat=True))
    docs_index = DocsIndexPage.objects.first()
    existing_sections = (
        set(DocPage.objects.child_of(docs_index).values_list("slug", flat=True))
        if docs_index
        else set()
    )
    tutorials = [
        {
            "slug": t.slug,
            "title": t.fields["title"],
            "steps": len(t.steps),
            "action": "update" if t.slug in existing else "add",
        }
        for t in tree.tutorials
    ]
    sections = [
        {
            "slug": section.slug,
            "title": section.title,
            "pages": len(section.walk()),
            "action": "update" if section.slug in existing_sections else "add",
        }
        for section in (tree.docs.pages if tree.docs else [])
    ]
    workspaces = []
    root = folder / WORKSPACES
    for entry in sorted(root.iterdir()) if root.is_dir() else []:
        if not entry.is_dir() or not WORKSPACE_NAME.match(entry.name):
            raise PackError(f"{name} is refused: {WORKSPACES}/{entry.name} is not a workspace.")
        workspaces.append(
            {
                "name": entry.name,
                "files": sum(1 for p in entry.rglob("*") if p.is_file()),
                "action": "update" if pristine_or_none(entry.name) else "add",
            }
        )
    return {
        "app_version": manifest.get("app_version", ""),
        "format_version": manifest["format_version"],
        "tutorials": tutorials,
        "docs": sections,
        "workspaces": workspaces,
        "demo_ids": sorted(used),
        "files": len(manifest["files"]),
        "bytes": sum(f["size"] for f in manifest["files"].values()),
    }
