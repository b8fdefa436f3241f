"""Reading an existing documentation site: which pages it has, in which order, under which
titles, and where each page's text and images are.

    a MkDocs project      mkdocs.yml: its ``nav`` (or the docs folder's order), ``docs_dir``
    a Sphinx project      .rst files: the root document's ``toctree`` entries, recursively
    a plain folder        its Markdown files (index.md or README.md first) and subfolders
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify

MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")
INDEX_NAMES = ("index", "readme", "contents")
TEXT_SUFFIXES = (".md", ".markdown", ".rst")


@dataclass
class SitePage:
    title: str | None  # from the nav; else the page's own heading decides
    file: Path | None  # None: a nav section with no page of its own
    children: list[SitePage] = field(default_factory=list)

    def walk(self) -> list[SitePage]:
        return [self, *(page for child in self.children for page in child.walk())]


@dataclass
class DocSite:
    kind: str  # "MkDocs", "Sphinx" or "Markdown folder"
    root: Path  # the folder the pages' paths are relative to
    name: str
    home: SitePage  # the front page; the other pages are its children
    notes: list[str] = field(default_factory=list)  # what was skipped and why


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml names Python objects (``!!python/name:…``, ``!ENV``) for plugins: read as
    nothing, never constructed."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _is_index(path: Path) -> bool:
    return path.stem.lower() in INDEX_NAMES


def _folder_pages(folder: Path, suffixes: tuple[str, ...]) -> list[SitePage]:
    """A folder's pages by name (its index page excluded), subfolders as sections."""
    pages = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name.lower()):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            children = _folder_pages(entry, suffixes)
            index = next((p for p in _texts(entry, suffixes) if _is_index(p)), None)
            if children or index:
                pages.append(SitePage(None if index else _title(entry.name), index, children))
        elif entry.suffix.lower() in suffixes and not _is_index(entry):
            pages.append(SitePage(None, entry))
    return pages


def _texts(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)


def _title(name: str) -> str:
    return Path(name).stem.replace("-", " ").replace("_", " ").strip().capitalize() or name


def _home(folder: Path, suffixes: tuple[str, ...], name: str) -> SitePage:
    index = next((p for p in _texts(folder, suffixes) if _is_index(p)), None)
    return SitePage(None if index else name, index, _folder_pages(folder, suffixes))


def _nav_pages(items: Any, docs: Path, notes: list[str]) -> list[SitePage]:
    """MkDocs' nav: ``- page.md``, ``- Title: page.md``, ``- Section: [items]``."""
    pages = []
    for item in items if isinstance(items, list) else []:
        title, target = (None, item) if isinstance(item, str) else next(iter(item.items()))
        if isinstance(target, list):
            pages.append(SitePage(str(title), None, _nav_pages(target, docs, notes)))
        elif isinstance(target, str) and "://" in target:
            notes.append(f"nav: {title or target}: a link to {target} is not a page (left out)")
        elif isinstance(target, str):
            file = docs / target
            if file.is_file():
                pages.append(SitePage(str(title) if title else None, file))
            else:
                notes.append(f"nav: {target}: no such file (left out)")
    return pages


def _mkdocs(folder: Path, config_file: Path) -> DocSite:
    text = config_file.read_text(encoding="utf-8-sig")
    config = yaml.load(text, _TolerantLoader) or {}  # noqa: S506 - a SafeLoader: tags → None
    docs = folder / str(config.get("docs_dir") or "docs")
    name = str(config.get("site_name") or _title(folder.name))
    notes: list[str] = []
    if "nav" not in config:
        return DocSite("MkDocs", docs, name, _home(docs, (".md", ".markdown"), name), notes)
    pages = _nav_pages(config["nav"], docs, notes)
    # The first page of the nav is the front page when it is the index, as MkDocs shows it.
    if pages and pages[0].file is not None and _is_index(pages[0].file) and not pages[0].children:
        home = SitePage(pages[0].title, pages[0].file, pages[1:])
    else:
        home = SitePage(name, None, pages)
    listed = {page.file for page in home.walk() if page.file}
    for unlisted in sorted(p for p in docs.rglob("*.md") if p not in listed):
        notes.append(f"{unlisted.relative_to(docs)}: not in mkdocs.yml's nav (left out)")
    return DocSite("MkDocs", docs, name, home, notes)


def _sphinx(folder: Path, toctree: Any) -> DocSite:
    """A Sphinx project: the root document's toctree, recursively; ``toctree(file)`` gives
    a document's toctree entries (as written)."""
    source = folder / "source" if (folder / "source" / "conf.py").is_file() else folder
    root = next((source / f"{n}.rst" for n in INDEX_NAMES if (source / f"{n}.rst").is_file()), None)
    name = _sphinx_project(source / "conf.py") or _title(folder.name)
    notes: list[str] = []
    if root is None:
        return DocSite("Sphinx", source, name, _home(source, (".rst",), name), notes)
    seen = {root}

    def children(file: Path) -> list[SitePage]:
        pages = []
        for entry in toctree(file):
            target = entry.split("<")[-1].rstrip(">").strip() if "<" in entry else entry.strip()
            path = (source / target.lstrip("/")) if target.startswith("/") else file.parent / target
            path = path.with_suffix(".rst") if path.suffix != ".rst" else path
            if "://" in target or target == "self":
                continue
            if not path.is_file():
                notes.append(f"{file.relative_to(source)}: toctree entry {entry}: no such document")
            elif path not in seen:
                seen.add(path)
                pages.append(SitePage(None, path, children(path)))
        return pages

    home = SitePage(None, root, children(root))
    for orphan in sorted(p for p in source.rglob("*.rst") if p not in seen):
        if not orphan.name.startswith("_") and "_build" not in orphan.parts:
            notes.append(f"{orphan.relative_to(source)}: in no toctree (added at the end)")
            home.children.append(SitePage(None, orphan))
    return DocSite("Sphinx", source, name, home, notes)


def _sphinx_project(conf: Path) -> str | None:
    """``project = "Name"`` in conf.py, read as text: an imported project's code never runs."""
    text = conf.read_text(encoding="utf-8", errors="replace") if conf.is_file() else ""
    match = re.search(r"""^project\s*=\s*(['"])(.+?)\1\s*$""", text, re.MULTILINE)
    return match[2] if match else None


def read_site(folder: Path, toctree: Any) -> DocSite:
    """The documentation site in ``folder``; ``toctree(file)`` reads an .rst's toctree."""
    config = next((folder / n for n in MKDOCS_FILES if (folder / n).is_file()), None)
    if config is not None:
        return _mkdocs(folder, config)
    if (folder / "conf.py").is_file() or any(folder.rglob("*.rst")):
        return _sphinx(folder, toctree)
    name = _title(folder.name)
    return DocSite("Markdown folder", folder, name, _home(folder, (".md", ".markdown"), name))


def unique_slug(title: str, taken: set[str]) -> str:
    base = slugify(title)[:60].strip("-") or "page"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug
