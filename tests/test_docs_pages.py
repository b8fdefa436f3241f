"""Documentation pages: content/docs/ loaded into a DocsIndexPage → DocPage tree, shown with a
sidebar, contents, breadcrumbs and previous/next links, found by search, linked to and from
steps by relative path (kept through dump, packs and moves in the admin)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from fieldguide.lessons.blocks import RICH_TEXT_FEATURES
from fieldguide.lessons.models import DocPage, DocsIndexPage, StepPage
from fieldguide.lessons.sources.files import SourceErrors
from fieldguide.lessons.sources.loader import load_tree
from fieldguide.lessons.sources.tree import read_tree
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from tests.test_content_sync import write_png

CONTENT = Path(__file__).resolve().parent.parent / "content"

DOCS = {
    "index.md": "---\ntitle: Reference\n---\n\nEverything about the kiosk.\n",
    "setup/index.md": (
        "---\ntitle: Setting up\norder: 1\n---\n\nStart with [the install](install.md).\n"
    ),
    "setup/install.md": (
        "---\ntitle: Install\n---\n\n## Requirements\n\nPython 3.11.\n\n"
        "### On Windows\n\nUse the installer.\n\n## First start\n\n"
        "Then [check your tools](../../tutorials/first-django-project/01-check-your-tools.md)."
        "\n\n![The first window](../images/window.png)\n"
    ),
    "setup/upgrade.md": "---\ntitle: Upgrade\n---\n\nCopy the new version over.\n",
    "faq.md": "---\ntitle: Questions\norder: 2\n---\n\nAsk the instructor.\n",
}


@pytest.fixture
def content(lessons, tmp_path: Path) -> Path:
    """A content folder: the shipped tutorials, this test's documentation beside them (in
    place of the shipped documentation), links both ways."""
    DocPage.objects.all().delete()
    root = tmp_path / "content"
    shutil.copytree(CONTENT / "tutorials", root / "tutorials")
    for name, text in DOCS.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text)
    write_png(root / "docs" / "images" / "window.png", "teal")
    step = root / "tutorials" / "first-django-project" / "01-check-your-tools.md"
    step.write_text(
        step.read_text() + "\nSee [the requirements](../../docs/setup/install.md#requirements).\n"
    )
    return root


def test_the_tree_loads_in_order_and_renders(db, client, content):
    report = load_tree(content)
    docs = DocsIndexPage.objects.get()
    assert (docs.title, docs.url) == ("Reference", "/docs/")
    pages = DocPage.objects.descendant_of(docs).order_by("path")
    # Sections and pages by their `order`, then by name.
    assert [p.slug for p in pages] == ["setup", "install", "upgrade", "faq"]
    assert "/tutorials/docs/setup/install/" in report.created
    # The front page takes this title; the step takes the link to the documentation.
    assert report.updated == [
        "/tutorials/first-django-project/check-your-tools/",
        "/tutorials/docs/",
    ]

    html = client.get("/docs/setup/install/").content.decode()
    sidebar = html[html.index('class="docs-nav"') : html.index("</nav>", html.index("docs-nav"))]
    assert re.findall(r">([^<>]+)</a>", sidebar) == [
        "Reference", "Setting up", "Install", "Upgrade", "Questions"
    ]  # fmt: skip
    assert 'aria-current="page">Install</a>' in sidebar
    crumbs = html[html.index('class="breadcrumb"') :]
    assert re.findall(r'href="([^"]+)"', crumbs[: crumbs.index("</nav>")]) == [
        "/docs/", "/docs/setup/"
    ]  # fmt: skip
    contents = html[html.index('class="toc"') :]
    contents = contents[: contents.index("</nav>")]
    assert re.findall(r'href="#([^"]+)"', contents) == ["requirements", "on-windows", "first-start"]
    assert 'id="requirements"' in html and 'id="on-windows"' in html
    assert 'rel="prev"' in html and 'href="/docs/setup/upgrade/" rel="next"' in html
    assert 'href="/first-django-project/check-your-tools/"' in html  # doc → step
    assert re.search(r'<img [^>]*alt="The first window"', html)
    section = client.get("/docs/setup/").content.decode()
    assert "In this section" in section and 'href="/docs/setup/upgrade/"' in section
    front = client.get("/docs/").content.decode()
    assert "Setting up" in front and "Everything about the kiosk." in front
    assert 'href="/docs/">Documentation</a>' in client.get("/").content.decode()  # the header


def test_a_step_links_to_a_heading_of_a_doc_page(db, client, content):
    load_tree(content)
    step = StepPage.objects.get(slug="check-your-tools")
    doc = DocPage.objects.get(slug="install")
    stored = next(b["value"] for b in step.body.raw_data if "requirements" in str(b["value"]))
    assert f'<a linktype="page" id="{doc.pk}" anchor="requirements">' in stored
    html = client.get(step.url).content.decode()
    assert 'href="/docs/setup/install/#requirements"' in html


def test_dump_writes_relative_links_and_reloads_unchanged(db, content, tmp_path):
    load_tree(content)
    call_command("dump_content", str(tmp_path / "dump"))
    for name in DOCS:
        dumped = (tmp_path / "dump" / "docs" / name).read_text()
        assert dumped == (content / "docs" / name).read_text(), name
    assert (tmp_path / "dump" / "docs" / "images" / "window.png").is_file()
    step = tmp_path / "dump" / "tutorials" / "first-django-project" / "01-check-your-tools.md"
    assert "(../../docs/setup/install.md#requirements)" in step.read_text()
    assert not load_tree(tmp_path / "dump").changed


def test_links_follow_a_move_in_the_admin(db, client, content, tmp_path):
    load_tree(content)
    install, faq = DocPage.objects.get(slug="install"), DocPage.objects.get(slug="faq")
    install.move(faq, pos="last-child")  # an editor drags it under Questions
    step = StepPage.objects.get(slug="check-your-tools")
    assert 'href="/docs/faq/install/#requirements"' in client.get(step.url).content.decode()
    call_command("dump_content", str(tmp_path / "dump"))
    text = tmp_path / "dump" / "tutorials" / "first-django-project" / "01-check-your-tools.md"
    assert "(../../docs/faq/install.md#requirements)" in text.read_text()
    assert (tmp_path / "dump" / "docs" / "faq" / "index.md").is_file()  # now has subpages
    assert not load_tree(tmp_path / "dump").changed


def test_the_anchor_survives_the_editor(db, content):
    load_tree(content)
    doc = DocPage.objects.get(slug="install")
    stored = f'<p>See <a linktype="page" id="{doc.pk}" anchor="requirements">it</a>.</p>'
    editor = ContentstateConverter(RICH_TEXT_FEATURES)
    saved = editor.to_database_format(editor.from_database_format(stored))
    assert f'<a linktype="page" id="{doc.pk}" anchor="requirements">it</a>' in saved


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("../docs/setup/missing.md", "the link to ../docs/setup/missing.md names no file"),
        ("../../demos.toml.md", "names no file"),
        ("../first-django-project/images.md", "names no file"),
    ],
)
def test_a_broken_link_is_reported_at_its_line(db, content, link, reason):
    step = content / "tutorials" / "writing-a-lesson" / "02-front-matter.md"
    lines = step.read_text().split("\n")
    lines.insert(5, f"A [broken link]({link}).")
    step.write_text("\n".join(lines))
    with pytest.raises(SourceErrors) as caught:
        read_tree(content)
    assert f"{step}:6: " in str(caught.value) and reason in str(caught.value)


def test_a_link_to_a_file_that_makes_no_page_is_refused(db, content):
    (content / "tutorials" / "notes.md").write_text("# Notes\n")
    page = content / "docs" / "faq.md"
    page.write_text(page.read_text() + "\nSee [the notes](../tutorials/notes.md).\n")
    with pytest.raises(SourceErrors, match="names no lesson or documentation page"):
        read_tree(content)


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("setup/Bad Name.md", "---\ntitle: X\n---\n", "a page's file or folder name is its slug"),
        ("faq/index.md", "---\ntitle: X\n---\n", "faq/ is this page too"),
        ("setup/more.md", "---\ntitle: X\norder: first\n---\n", "'order' must be a whole number"),
        ("setup/more.md", "---\ntitle: X\nsummary: y\n---\n", "unknown front matter key"),
        ("setup/more.md", "---\norder: 3\n---\n", "'title' must be a non-empty string"),
        ("setup/more.md", "---\ntitle: X\n---\n\n![Gone](../images/gone.png)\n", "no such image"),
    ],
)
def test_documentation_problems_are_all_reported(db, content, name, text, reason):
    (content / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (content / "docs" / name).write_text(text)
    (content / "docs" / "setup" / "upgrade.md").write_text("no front matter\n")
    with pytest.raises(SourceErrors) as caught:
        read_tree(content)
    assert reason in str(caught.value)
    assert "upgrade.md:1: a lesson file starts with '---'" in str(caught.value)  # and the other


def test_search_finds_documentation(db, client, content):
    load_tree(content)
    html = client.get("/search/", {"q": "installer"}).content.decode()
    assert 'href="/docs/setup/install/"' in html
    assert "Documentation \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} Setting up" in html


def test_removed_pages_go_and_sections_stay(db, content):
    load_tree(content)
    (content / "docs" / "setup" / "upgrade.md").unlink()
    (content / "docs" / "faq.md").unlink()
    report = load_tree(content)
    assert report.deleted == ["/tutorials/docs/setup/upgrade/"]
    # A section the sources do not hold is left alone (a pack may carry some sections only).
    assert DocPage.objects.filter(slug="faq").exists()


def test_a_pack_carries_documentation_sections(db, content, tmp_path, settings):
    from fieldguide.home import Home
    from fieldguide.packs import importer, reader
    from fieldguide.packs.writer import export_pack

    settings.HOME = Home(tmp_path / "home")
    settings.HOME.prepare()
    settings.MEDIA_ROOT = settings.HOME.media
    load_tree(content)
    manifest = export_pack([], tmp_path / "docs.fgpack", sections=["setup"])
    assert manifest["docs"] == [{"slug": "setup", "title": "Setting up"}]
    assert "docs/setup/install.md" in manifest["files"]
    assert "docs/images/window.png" in manifest["files"]
    assert not any(name.startswith(("tutorials/", "docs/faq")) for name in manifest["files"])
    DocPage.objects.get(slug="setup").delete()
    inspection = reader.inspect(tmp_path / "docs.fgpack", tmp_path / "extracted")
    assert inspection.summary["docs"] == [
        {"slug": "setup", "title": "Setting up", "pages": 3, "action": "add"}
    ]
    importer.apply(inspection)
    assert [p.slug for p in DocPage.objects.get(slug="setup").get_children()] == [
        "install", "upgrade"
    ]  # fmt: skip


def test_a_heading_id_is_made_of_its_text_not_its_entities():
    from fieldguide.lessons.headings import add_heading_ids

    html = add_heading_ids("<h2>Q&amp;A</h2><h3>1 &lt; 2</h3>", set())
    assert html == '<h2 id="qa">Q&amp;A</h2><h3 id="1-2">1 &lt; 2</h3>'


def test_a_page_added_later_joins_its_section_and_takes_links(db, client, content):
    load_tree(content)
    (content / "docs" / "setup" / "later.md").write_text(
        "---\ntitle: Later\n---\n\nBack to [the section](index.md).\n"
    )
    faq = content / "docs" / "faq.md"
    faq.write_text(faq.read_text() + "\nSee [later](setup/later.md).\n")
    report = load_tree(content)
    assert report.created == ["/tutorials/docs/setup/later/"]
    assert report.updated == ["/tutorials/docs/faq/"]
    later = DocPage.objects.get(slug="later")
    assert later.get_parent().slug == "setup" and later.live
    assert 'href="/docs/setup/later/"' in client.get("/docs/faq/").content.decode()
    assert not load_tree(content).changed  # and then nothing to do


def test_a_reload_of_the_same_sources_onto_the_same_tree_reads_nothing(db, content):
    assert not load_tree(content).skipped
    assert load_tree(content).skipped  # the same files, the tree as the last load left it
    page = DocPage.objects.get(slug="faq")
    page.title = "Edited in the admin"
    page.save_revision().publish()
    report = load_tree(content)  # the edit is undone: the sources win
    assert not report.skipped and report.updated == ["/tutorials/docs/faq/"]
    assert DocPage.objects.get(slug="faq").title == "Questions"
    assert load_tree(content).skipped
    DocPage.objects.get(slug="upgrade").move(DocPage.objects.get(slug="faq"), "last-child")
    assert load_tree(content).deleted == ["/tutorials/docs/faq/upgrade/"]  # moved back: made again


KEPT_LINKS = (
    "---\ntitle: Upgrade\n---\n\n"
    "Copy the new version over, as for [the install](install.md#requirements).[^1] Then see\n"
    "[the questions][faq]; `[not a link](install.md)` is code.\n\n"
    "[^1]: Keep the old one until [it runs](install.md).\n\n"
    "[faq]: ../faq.md\n"
)


def test_a_link_in_text_kept_as_markdown_goes_to_the_page_and_back(db, client, content, tmp_path):
    upgrade = content / "docs" / "setup" / "upgrade.md"
    upgrade.write_text(KEPT_LINKS)
    load_tree(content)
    install, faq = DocPage.objects.get(slug="install"), DocPage.objects.get(slug="faq")
    [kept] = DocPage.objects.get(slug="upgrade").body.raw_data
    assert kept["type"] == "markdown"
    assert f"[the install](page:{install.pk}#requirements).[^1]" in kept["value"]
    assert f"[it runs](page:{install.pk})" in kept["value"]
    assert f"[faq]: page:{faq.pk}" in kept["value"]
    assert "`[not a link](install.md)`" in kept["value"]  # code is not a link
    html = client.get("/docs/setup/upgrade/").content.decode()
    assert '<a href="/docs/setup/install/#requirements">the install</a>' in html
    assert '<a href="/docs/faq/">the questions</a>' in html
    assert '<a href="/docs/setup/install/">it runs</a>' in html
    call_command("dump_content", str(tmp_path / "dump"))
    assert (tmp_path / "dump" / "docs" / "setup" / "upgrade.md").read_text() == KEPT_LINKS
    assert not load_tree(tmp_path / "dump").changed


def test_a_link_in_text_kept_as_markdown_follows_a_move_and_a_broken_one_is_reported(
    db, client, content, tmp_path
):
    upgrade = content / "docs" / "setup" / "upgrade.md"
    upgrade.write_text(KEPT_LINKS)
    load_tree(content)
    install, faq = DocPage.objects.get(slug="install"), DocPage.objects.get(slug="faq")
    install.move(faq, pos="last-child")
    html = client.get("/docs/setup/upgrade/").content.decode()
    assert '<a href="/docs/faq/install/#requirements">the install</a>' in html
    call_command("dump_content", str(tmp_path / "dump"))
    dumped = (tmp_path / "dump" / "docs" / "setup" / "upgrade.md").read_text()
    assert "[the install](../faq/install.md#requirements)" in dumped
    upgrade.write_text(KEPT_LINKS.replace("[it runs](install.md)", "[it runs](gone.md)"))
    with pytest.raises(SourceErrors) as caught:
        read_tree(content)
    assert f"{upgrade}:8: the link to gone.md names no file" in str(caught.value)
