"""``import_docs``: an existing documentation site (MkDocs, Sphinx/reStructuredText or a
folder of Markdown) written out as lesson sources, checked by the same parser as every
lesson, then loaded with ``load_tree``.

What the lesson format cannot hold is left out, page by page, and said with the file and line
of the original; everything else is imported. Links between imported pages become links
between lesson sources (so they resolve to page links); images are copied in; nothing is
fetched.
"""

from __future__ import annotations

import itertools
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.utils.text import slugify
from markdown_it.token import Token

from fieldguide.demos.allowlist import configured_demos
from fieldguide.lessons.sources import links, markdown
from fieldguide.lessons.sources.doc_site import DocSite, SitePage, read_site, unique_slug
from fieldguide.lessons.sources.files import Problems, Source, read_lines, write_source
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.images import image_problem
from fieldguide.lessons.sources.loader import LoadReport, load_tree
from fieldguide.lessons.sources.rst import rst_to_markdown
from fieldguide.lessons.sources.tree import read_tree

AS_DOCS, AS_TUTORIAL = "docs", "tutorial"
SPLIT_H2 = "h2"
HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class DocImportError(Exception):
    """The site cannot be imported at all (no pages, an unreadable configuration)."""


@dataclass
class ImportReport:
    kind: str
    name: str
    mode: str = AS_DOCS
    pages: int = 0
    images: int = 0
    converted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    load: LoadReport | None = None


@dataclass
class Page:
    """One page to write: its lesson Markdown, line by line, with each line's origin."""

    site: SitePage | None
    title: str
    lines: list[str]
    origin: list[int | None]  # the original's line of each line (None: written here)
    name: str  # the original, relative to the site, for messages
    converted_lines: bool = False  # lines are of converted Markdown, not of the original
    out: Path = Path()  # relative to the content folder
    children: list[Page] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)  # its headings' ids (for split links)
    order: int | None = None  # its place among its siblings, where names would sort otherwise

    def where(self, index: int | None) -> str:
        line = self.origin[index] if index is not None and index < len(self.origin) else None
        if self.converted_lines:
            return f"{self.name} (converted, line {index + 1})" if index is not None else self.name
        return f"{self.name}:{line}" if line else self.name

    def walk(self) -> list[Page]:
        return [self, *(page for child in self.children for page in child.walk())]


# Reading one page -----------------------------------------------------------------------


def _front_matter(lines: list[str]) -> tuple[dict, int]:
    """The YAML front matter of a Markdown file (MkDocs' meta), and where its body starts."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, 0
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), end + 1


def _headings(lines: list[str]) -> list[Token]:
    return [t for t in markdown.parse("\n".join(lines) + "\n") if t.type == "heading_open"]


def _markdown_page(site_page: SitePage, file: Path, root: Path, report: ImportReport) -> Page:
    name = file.relative_to(root).as_posix()
    source = read_lines(file)
    meta, start = _front_matter(source)
    lines = source[start:]
    origin: list[int | None] = list(range(start + 1, len(source) + 1))
    title = site_page.title or (str(meta["title"]) if meta.get("title") else None)
    headings = _headings(lines)
    first = next((t for t in markdown.parse("\n".join(lines) + "\n") if t.map), None)
    if first is not None and first.type == "heading_open" and first.tag == "h1" and first.map:
        inline = markdown.parse("\n".join(lines[first.map[0] : first.map[1]]) + "\n")[1]
        title = title or inline.content.strip()
        del lines[first.map[0] : first.map[1]], origin[first.map[0] : first.map[1]]
        headings = _headings(lines)
    page = Page(site_page, title or _stem_title(file), lines, origin, name)
    if any(t.tag == "h1" for t in headings):
        _shift_headings(page, report)
    return page


def _shift_headings(page: Page, report: ImportReport) -> None:
    """Under the page's title, its own top-level headings go one level down (# → ##)."""
    tokens = markdown.parse("\n".join(page.lines) + "\n")
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        level = min(int(token.tag[1]) + 1, 6)
        text = tokens[index + 1].content.strip()
        first, end = token.map
        page.lines[first] = "#" * level + " " + text
        for extra in range(first + 1, end):  # a setext heading's underline
            page.lines[extra] = ""
    report.converted.append(f"{page.name}: headings moved one level down, under the title")


def _stem_title(file: Path) -> str:
    return file.stem.replace("-", " ").replace("_", " ").capitalize()


@cache
def _rst(file: Path) -> tuple[str, str]:
    return file.read_text(encoding="utf-8-sig"), file.as_posix()


def _toctree(file: Path) -> list[str]:
    text, name = _rst(file)
    return rst_to_markdown(text, name).toctree


# Writing the pages out ------------------------------------------------------------------


class _SiteImport:
    def __init__(self, site: DocSite, mode: str, slug: str, split: str | None) -> None:
        self.site, self.mode, self.slug, self.split = site, mode, slug, split
        self.report = ImportReport(site.kind, site.name, mode)
        self.report.warnings += site.notes
        self.pages: list[Page] = []  # every page, in reading order
        self.labels: dict[str, tuple[Path, str]] = {}  # Sphinx :ref: label → (file, anchor)
        self.image_names: dict[Path, str] = {}

    def folder(self) -> Path:
        kind = links.DOCS if self.mode == AS_DOCS else links.TUTORIALS
        return Path(kind) / self.slug

    # Reading -----------------------------------------------------------------------------

    def read(self, site_page: SitePage) -> Page:
        file = site_page.file
        if file is None:
            page = Page(site_page, site_page.title or self.site.name, [], [], "(nav section)")
        elif file.suffix == ".rst":
            page = self.rst_page(site_page, file)
        else:
            page = _markdown_page(site_page, file, self.site.root, self.report)
        page.children = [self.read(child) for child in site_page.children]
        return page

    def collect_labels(self) -> None:
        """Sphinx labels (``.. _label:``) of every document, for ``:ref:`` to find."""
        for site_page in self.site.home.walk():
            if site_page.file is not None and site_page.file.suffix == ".rst":
                text, name = _rst(site_page.file)
                for label, anchor in rst_to_markdown(text, name).labels.items():
                    self.labels.setdefault(label.lower(), (site_page.file.resolve(), anchor))

    def rst_page(self, site_page: SitePage, file: Path) -> Page:
        """A converted .rst page; its :doc: and :ref: links name the other .rst files, as a
        Markdown page's links name .md files (``rewrite`` then makes them lesson links)."""

        def link(kind: str, target: str) -> str | None:
            if kind == "doc":
                base = self.site.root if target.startswith("/") else file.parent
                found, anchor = (base / (target.lstrip("/") + ".rst")).resolve(), ""
            elif (label := self.labels.get(target.lower())) is not None:
                found, anchor = label
            else:
                return None
            if not found.is_file():
                return None
            relative = posixpath.relpath(found.as_posix(), file.parent.resolve().as_posix())
            return relative + (f"#{anchor}" if anchor else "")

        text, name = _rst(file)
        converted = rst_to_markdown(text, name, link)
        relative = file.relative_to(self.site.root).as_posix()
        lines = converted.markdown.split("\n") if converted.markdown else []
        title = site_page.title or converted.title or _stem_title(file)
        page = Page(site_page, title, lines, [None] * len(lines), relative, converted_lines=True)
        for kind in ("converted", "refused", "warnings"):
            found = getattr(converted, kind)
            getattr(self.report, kind).extend(f"{relative}:{f.line}: {f.message}" for f in found)
        return page

    # Laying out --------------------------------------------------------------------------

    def lay_out(self, home: Page) -> None:
        """Each page's file under the content folder."""
        folder = self.folder()
        if self.mode == AS_DOCS:
            home.out = folder / "index.md"
            self.place_children(home, folder)
            self.pages = home.walk()
            return
        home.out = folder / "tutorial.md"
        steps = [page for page in home.walk()[1:] if page.lines or not page.children]
        if self.split == SPLIT_H2:
            steps = [part for page in steps for part in self.split_page(page)]
        taken: set[str] = set()
        for number, step in enumerate(steps, start=1):
            step.out = folder / f"{number:02d}-{unique_slug(step.title, taken)}.md"
        self.pages = [home, *steps]

    def place_children(self, parent: Page, folder: Path) -> None:
        taken: set[str] = set()
        for child in parent.children:
            stem = _name_of(child)
            slug = unique_slug(slugify(stem) or child.title, taken)
            if child.children:
                child.out = folder / slug / "index.md"
                self.place_children(child, folder / slug)
            else:
                child.out = folder / f"{slug}.md"
        slugs = [_slug_of(child) for child in parent.children]
        if slugs != sorted(slugs):  # the site's order, kept as the pages' `order`
            for number, child in enumerate(parent.children, start=1):
                child.order = number

    def split_page(self, page: Page) -> list[Page]:
        """A page as one step per ## section (and one for the text before the first)."""
        tokens = markdown.parse("\n".join(page.lines) + "\n")
        starts = [t.map[0] for t in tokens if t.type == "heading_open" and t.tag == "h2"
                  and t.level == 0 and t.map]  # fmt: skip
        if not starts:
            return [page]
        parts = []
        bounds = [0, *starts, len(page.lines)]
        for first, end in itertools.pairwise(bounds):
            lines, origin = page.lines[first:end], page.origin[first:end]
            title = page.title
            if first in starts:
                title = HEADING.sub("", lines[0]).strip().strip("#").strip() or page.title
                lines, origin = lines[1:], origin[1:]
                for index, line in enumerate(lines):  # ### → ## in the new step
                    if (match := HEADING.match(line)) and len(match[2]) > 2:
                        lines[index] = match[1] + match[2][1:] + line[match.end() :]
            if first == 0 and not any(line.strip() for line in lines):
                continue
            part = Page(page.site, title, lines, origin, page.name, page.converted_lines)
            part.anchors = {slugify(title)}
            parts.append(part)
        return parts

    # Links and images --------------------------------------------------------------------

    def target(self, page: Page, file: Path, fragment: str) -> str | None:
        """The relative link from ``page`` to the page(s) made of ``file``, or None."""
        wanted = file.resolve()
        made = [p for p in self.pages if p.site and p.site.file and p.site.file.resolve() == wanted]
        if not made:
            return None
        chosen = next((p for p in made if fragment and fragment in p.anchors), made[0])
        if fragment in chosen.anchors:
            fragment = ""  # the heading became the step's title: the step is the target
        relative = posixpath.relpath(chosen.out.as_posix(), page.out.parent.as_posix())
        return relative + (f"#{fragment}" if fragment else "")

    def rewrite(self, page: Page, staging: Path) -> None:
        """Links to imported pages and images, as the written files name them."""
        if page.site is None or page.site.file is None or not page.lines:
            return
        source = page.site.file
        tokens = markdown.parse("\n".join(page.lines) + "\n")
        for token in tokens:
            for child in token.children or []:
                if child.type == "link_open":
                    self.rewrite_link(page, token, str(child.attrs.get("href", "")), source)
                elif child.type == "image":
                    src = str(child.attrs.get("src", ""))
                    self.rewrite_image(page, token, src, source, staging)

    def replace(self, page: Page, token: Token, old: str, new: str | None) -> None:
        """``](old`` → ``](new`` in the lines of ``token``'s block (None: the link goes, its
        text stays)."""
        first, end = token.map or (0, len(page.lines))
        for index in range(first, end):
            line = page.lines[index]
            if new is None:
                line = re.sub(r"\[([^\]]*)\]\(\s*<?" + re.escape(old) + r'>?(?:\s+"[^"]*")?\s*\)',
                              r"\1", line)  # fmt: skip
            else:
                line = re.sub(r"(\]\(\s*<?)" + re.escape(old), lambda m: m[1] + new, line)
            page.lines[index] = line

    def rewrite_link(self, page: Page, token: Token, href: str, source: Path) -> None:
        if not href or REMOTE.match(href) or href.startswith(("#", "/")):
            return
        path, _, fragment = href.partition("#")
        target = (source.parent / posixpath.normpath(path)).resolve() if path else None
        if target is not None and target.is_dir():
            target = next((target / n for n in ("index.md", "README.md") if (target / n).is_file()),
                          target)  # fmt: skip
        new = self.target(page, target, fragment) if target is not None else None
        if new is not None:
            self.replace(page, token, href, new)
        elif path.endswith((".md", ".rst")) or (target is not None and target.is_dir()):
            self.replace(page, token, href, None)
            where = page.where(token.map[0] if token.map else None)
            self.report.warnings.append(f"{where}: the link to {href} names no imported page: "
                                        "kept as plain text")  # fmt: skip

    def rewrite_image(
        self, page: Page, token: Token, src: str, source: Path, staging: Path
    ) -> None:
        where = page.where(token.map[0] if token.map else None)
        if REMOTE.match(src):
            self.report.refused.append(f"{where}: the remote image {src} (pages work offline: "
                                       "copy it into the documentation and link it)")  # fmt: skip
            self.drop(page, token)
            return
        file = (source.parent / src).resolve()
        if problem := image_problem(source.parent, src, boundary=self.site.root):
            self.report.refused.append(f"{where}: {problem}")
            self.drop(page, token)
            return
        images = staging / self.folder() / "images"
        name = self.image_names.get(file)
        if name is None:
            taken = set(self.image_names.values())
            stem, suffix = slugify(file.stem) or "image", file.suffix.lower()
            name, number = f"{stem}{suffix}", 1
            while name in taken:
                number += 1
                name = f"{stem}-{number}{suffix}"
            self.image_names[file] = name
            images.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, images / name)
            self.report.images += 1
        relative = posixpath.relpath((self.folder() / "images" / name).as_posix(),
                                     page.out.parent.as_posix())  # fmt: skip
        first, end = token.map or (0, len(page.lines))
        for index in range(first, end):
            page.lines[index] = re.sub(r"(\]\(\s*<?)" + re.escape(src),
                                       lambda m: m[1] + relative, page.lines[index])  # fmt: skip

    @staticmethod
    def drop(page: Page, token: Token) -> None:
        first, end = token.map or (0, 0)
        for index in range(first, end):
            page.lines[index] = ""

    # Checking ----------------------------------------------------------------------------

    def meta(self, page: Page, home: Page) -> dict:
        if page is not home or self.mode == AS_DOCS:
            return {"title": page.title, **({"order": page.order} if page.order else {})}
        paragraph = next((t.content for t in markdown.parse("\n".join(page.lines) + "\n")
                          if t.type == "inline" and t.level == 1), "")  # fmt: skip
        summary = re.sub(r"\s+", " ", re.sub(r"[*_`\[\]]|\(.*?\)", "", paragraph)).strip()
        return {
            "title": page.title,
            "summary": summary[:300] or f"{page.title}, imported from its documentation.",
            "audience": f"Readers of the {self.site.name} documentation",
        }

    def leave_out_refused(self, page: Page, file: Path, meta: dict) -> None:
        """Parse the page as every lesson is parsed; each construct refused is left out (and
        said, at its line in the original), until what is left loads."""
        body_line = len(write_source(meta, "x").split("\n")) - 2
        for _attempt in range(200):
            problems = Problems()
            parse_body(Source(file, meta, page.lines, body_line), configured_demos(), problems)
            if not problems:
                return
            blocks = [t.map for t in markdown.parse("\n".join(page.lines) + "\n")
                      if t.level == 0 and t.nesting >= 0 and t.map]  # fmt: skip
            for problem in problems:
                index = problem.line - body_line
                span = next(((a, b) for a, b in blocks if a <= index < b), (index, index + 1))
                self.report.refused.append(f"{page.where(index)}: {problem.reason}")
                for line in range(*span):
                    if 0 <= line < len(page.lines):
                        page.lines[line] = ""
                break  # one construct at a time: the rest may read differently without it
        raise DocImportError(f"{page.name}: could not be made loadable")

    def write(self, home: Page, staging: Path) -> None:
        for page in self.pages:
            self.rewrite(page, staging)
        for page in self.pages:
            meta = self.meta(page, home)
            file = staging / page.out
            self.leave_out_refused(page, file, meta)
            body = "\n".join(_collapse_blank(page.lines)).strip("\n")
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(write_source(meta, body))
        self.report.pages = len(self.pages)


def _name_of(page: Page) -> str:
    """What a page's slug is made of: its file's name (its folder's for an index page)."""
    file = page.site.file if page.site else None
    if file is None:
        return page.title
    return file.parent.name if file.stem.lower() in ("index", "readme") else file.stem


def _slug_of(page: Page) -> str:
    return page.out.parent.name if page.out.name == "index.md" else page.out.stem


def _collapse_blank(lines: list[str]) -> list[str]:
    """No runs of blank lines (where left-out constructs were)."""
    kept: list[str] = []
    fence = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and not line.strip() and kept and not kept[-1].strip():
            continue
        kept.append(line)
    return kept


def import_docs(
    path: Path, mode: str = AS_DOCS, slug: str | None = None, split: str | None = None
) -> ImportReport:
    """Import the documentation site in ``path`` as a documentation section (or a tutorial)."""
    if not path.is_dir():
        raise DocImportError(f"{path}: no such folder")
    site = read_site(path, _toctree)
    if not site.home.walk()[1:] and site.home.file is None:
        raise DocImportError(f"{path}: no pages found ({site.kind})")
    importer = _SiteImport(site, mode, slug or slugify(site.name) or "imported", split)
    importer.collect_labels()
    home = importer.read(site.home)
    if site.kind == "MkDocs" or site.home.file is None:
        home.title = site.name  # the site's name, not its nav's "Home"
    importer.lay_out(home)
    with tempfile.TemporaryDirectory(prefix="fieldguide-import-") as scratch:
        staging = Path(scratch)
        importer.write(home, staging)
        read_tree(staging, demos=configured_demos())  # as load_content --check would
        importer.report.load = load_tree(staging)
    return importer.report
