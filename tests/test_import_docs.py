"""``manage import_docs``: a MkDocs project, a Sphinx (reStructuredText) tree and a plain folder
of Markdown, made here, imported as documentation or as a tutorial, with a report that names
every construct left out by its file and line."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from fieldguide.lessons.models import DocPage, StepPage, TutorialPage

from tests.test_content_sync import write_png

MKDOCS = {
    "mkdocs.yml": """\
        site_name: Field Notes Manual
        theme:
          name: material
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        nav:
          - Home: index.md
          - User guide:
              - Getting started: guide/start.md
              - guide/config.md
          - About: https://example.org/about
        """,
    "docs/index.md": """\
        # Welcome

        This is the manual. Read [getting started](guide/start.md#install-it) first.

        !!! note "Offline"
            It works offline.
        """,
    "docs/guide/start.md": """\
        ---
        title: Start here
        ---

        # Getting started

        ## Install it

        ```bash
        pip install fieldnotes
        ```

        ![The logo](img/logo.png "Our logo")

        ![Remote](https://example.org/x.png)

        <div class="grid">raw</div>

        ## Use it

        Then [configure](config.md).
        """,
    "docs/guide/config.md": """\
        # Configuration

        | Key | Meaning |
        |-----|:-------:|
        | `a` | first   |

        See [missing](nowhere.md) and [home](../index.md).
        """,
    "docs/guide/unlisted.md": "# Not in the nav\n",
}


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    return root


@pytest.fixture
def mkdocs(tmp_path: Path) -> Path:
    root = make(tmp_path / "manual", MKDOCS)
    write_png(root / "docs" / "guide" / "img" / "logo.png", "orange")
    return root


def run(*args: object) -> str:
    out = io.StringIO()
    call_command("import_docs", *map(str, args), stdout=out)
    return out.getvalue()


def test_a_mkdocs_project_becomes_a_documentation_section(db, client, mkdocs, tmp_path):
    report = run(mkdocs)
    assert "Imported MkDocs “Field Notes Manual”: 4 pages and 1 image" in report
    for line in (
        "guide/start.md:15: the remote image https://example.org/x.png",
        "guide/start.md:17: <div> is not allowed here",
        "nav: About: a link to https://example.org/about is not a page",
        "guide/unlisted.md: not in mkdocs.yml's nav",
        "guide/config.md:7: the link to nowhere.md names no imported page",
    ):
        assert line in report
    section = DocPage.objects.get(slug="field-notes-manual")
    assert section.title == "Field Notes Manual"
    tree = [(p.depth - section.depth, p.title) for p in DocPage.objects.descendant_of(section)
            .order_by("path")]  # fmt: skip
    assert tree == [(1, "User guide"), (2, "Getting started"), (2, "Configuration")]  # nav order

    home = client.get("/docs/field-notes-manual/").content.decode()
    assert 'href="/docs/field-notes-manual/user-guide/start/#install-it"' in home
    assert 'class="callout callout-note"' in home
    assert '<p class="callout-label">Offline</p>' in home  # the admonition's title
    start = client.get("/docs/field-notes-manual/user-guide/start/").content.decode()
    assert 'id="install-it"' in start and 'alt="The logo"' in start
    assert "example.org/x.png" not in start and "raw" not in start.split("step-body")[1]
    config = client.get("/docs/field-notes-manual/user-guide/config/").content.decode()
    assert "See missing and" in config  # the broken link is plain text
    assert 'href="/docs/field-notes-manual/"' in config

    # What it made is ordinary lesson source: it dumps, checks clean, and reloads unchanged.
    call_command("dump_content", str(tmp_path / "dump"))
    call_command("load_content", str(tmp_path / "dump"), "--check", stdout=io.StringIO())
    images = tmp_path / "dump" / "docs" / "images"
    assert [p.name for p in images.iterdir()] == ["logo.png"]
    again = run(mkdocs)
    assert "(0 created, 0 updated)" in again


def test_a_mkdocs_project_as_a_tutorial_one_step_per_section(db, client, mkdocs):
    report = run(mkdocs, "--as", "tutorial", "--split", "h2", "--slug", "manual")
    assert "as the tutorial “Field Notes Manual”: 3 steps and 1 image" in report
    tutorial = TutorialPage.objects.get(slug="manual")
    assert tutorial.title == "Field Notes Manual"
    assert tutorial.summary == "This is the manual. Read getting started first."
    steps = [s.title for s in StepPage.objects.child_of(tutorial).order_by("path")]
    assert steps == ["Install it", "Use it", "Configuration"]
    intro = client.get(tutorial.url).content.decode()
    assert 'href="/manual/install-it/"' in intro  # the heading is now the step


def test_without_nav_the_folder_order_is_used(db, tmp_path):
    root = make(tmp_path / "plain", {
        "mkdocs.yml": "site_name: Plain\n",
        "docs/index.md": "# Plain\n\nHello.\n",
        "docs/b-second.md": "# Second\n",
        "docs/a-first.md": "# First\n",
    })  # fmt: skip
    run(root, "--slug", "plain")
    section = DocPage.objects.get(slug="plain")
    assert [p.slug for p in DocPage.objects.child_of(section)] == ["a-first", "b-second"]


SPHINX = {
    "conf.py": 'project = "Sample"\nextensions = ["sphinx.ext.autodoc"]\n',
    "index.rst": """\
        Sample project
        ==============

        Welcome. See :doc:`guide/install` and :ref:`config-label`.

        .. toctree::
           :maxdepth: 2

           guide/install
           guide/config
        """,
    "guide/install.rst": """\
        Installation
        ============

        Requirements
        ------------

        .. note::

           You need Python.

        .. code-block:: bash

           pip install sample

        .. autofunction:: sample.run
        """,
    "guide/config.rst": """\
        .. _config-label:

        Configuration
        =============

        Set :envvar:`SAMPLE_HOME`. Back to :doc:`install`. Unknown :ref:`nowhere`.

        .. raw:: html

           <b>x</b>
        """,
}


def test_a_sphinx_project_is_converted_with_its_links(db, client, tmp_path):
    root = make(tmp_path / "sample-docs", SPHINX)
    report = run(root)
    assert "Imported Sphinx “Sample”: 3 pages" in report
    assert "guide/install.rst:7: converted .. note:: to a :::note callout" in report
    assert "guide/install.rst:15: refused: .. autofunction:: sample.run" in report
    assert "guide/config.rst:8: refused: .. raw:: html" in report
    assert "guide/config.rst:6: :ref:`nowhere`: the label was not imported" in report
    section = DocPage.objects.get(slug="sample")
    assert section.title == "Sample project"
    assert [p.title for p in DocPage.objects.child_of(section)] == ["Installation", "Configuration"]
    home = client.get(section.url).content.decode()
    assert 'href="/docs/sample/install/"' in home and 'href="/docs/sample/config/"' in home
    install = client.get("/docs/sample/install/").content.decode()
    assert 'class="callout callout-note"' in install and 'class="highlight"' in install
    config = client.get("/docs/sample/config/").content.decode()
    assert "<code>SAMPLE_HOME</code>" in config and 'href="/docs/sample/install/"' in config


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--split", "h2"], "--split h2 makes steps: use it with --as tutorial"),
        (["--slug", "Not A Slug"], "a slug is a-z, 0-9 and '-'"),
    ],
)
def test_bad_options_are_refused(db, mkdocs, args, message):
    with pytest.raises(CommandError, match=message):
        run(mkdocs, *args)


def test_a_folder_without_pages_is_refused(db, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="no pages found"):
        run(tmp_path / "empty")
    with pytest.raises(CommandError, match="no such folder"):
        run(tmp_path / "missing")
