"""reStructuredText (Sphinx) → lesson Markdown: each construct's Markdown, what is reported
about it and where, and the Markdown read back by Fieldguide's own lesson parser."""

import re
from pathlib import Path
from textwrap import dedent

import pytest
from fieldguide.lessons.headings import add_heading_ids
from fieldguide.lessons.sources.files import Problems, Source
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.rst import Converted, Finding, rst_to_markdown

LINKS = {
    ("doc", "install"): "install.md",
    ("doc", "/install"): "install.md",
    ("doc", "../guide/start"): "../guide/start.md",
    ("ref", "requirements"): "install.md#requirements",
}


def fake_link_target(kind: str, target: str) -> str | None:
    return LINKS.get((kind, target))


def convert(text: str) -> Converted:
    return rst_to_markdown(dedent(text).lstrip("\n"), "docs/page.rst", fake_link_target)


def body(text: str) -> str:
    """The Markdown of a fragment, under a title so that its sections start at ##."""
    return convert("Title\n=====\n\n" + text).markdown


def messages(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(finding.line, finding.message) for finding in findings]


INLINE = [
    ("*em* and **strong** and ``code``", "*em* and **strong** and `code`"),
    ("``a `tick` b``", "``a `tick` b``"),
    ("`Python <https://python.org>`_ site", "[Python](https://python.org) site"),
    ("`anonymous <https://a.example/x>`__", "[anonymous](https://a.example/x)"),
    ("see Sphinx_\n\n.. _Sphinx: https://sphinx-doc.org", "see [Sphinx](https://sphinx-doc.org)"),
    ("go to https://example.com/a_b now", "go to <https://example.com/a_b> now"),
    ("mail a@b.org", "mail [a@b.org](mailto:a@b.org)"),
    ("`single backticks`", "*single backticks*"),
    ("H\\ :sub:`2`\\ O and x\\ :sup:`2`", "H<sub>2</sub>O and x<sup>2</sup>"),
    ("|name| here\n\n.. |name| replace:: **Fieldguide**", "**Fieldguide** here"),
    (
        "2 * 3 and a_b and _c_ and [x] and \\*y\\*",
        "2 \\* 3 and a_b and \\_c\\_ and \\[x\\] and \\*y\\*",
    ),
    ("<div> and a < b and &amp; and ~~x~~", "&lt;div> and a < b and &amp;amp; and \\~~x\\~~"),
    ("# not a heading", "\\# not a heading"),
    ("\\- not an item", "\\- not an item"),
    ("\\1. not a list", "\\1. not a list"),
    ("\\> not a quote and \\+ not an item", "\\> not a quote and + not an item"),
    (":: not a callout", "\\:: not a callout"),
    ("a wrapped\nparagraph", "a wrapped paragraph"),
]


@pytest.mark.parametrize(("rst", "markdown"), INLINE)
def test_inline_markup(rst: str, markdown: str) -> None:
    assert body(rst) == markdown


BLOCKS = [
    ("- one\n- two\n\n  - child\n  - child two\n", "- one\n- two\n  - child\n  - child two"),
    ("3. three\n4. four\n", "3. three\n4. four"),
    ("#. auto\n#. numbered\n", "1. auto\n2. numbered"),
    ("10. ten\n11. eleven\n\n    - nested\n", "10. ten\n11. eleven\n    - nested"),
    (
        "- item::\n\n    code\n\n  more\n- two\n",
        "- item:\n\n  ```python\n  code\n  ```\n\n  more\n\n- two",
    ),
    ("- a\n\n..\n\n- b\n", "- a\n\n* b"),
    ("1. a\n\n..\n\n1. b\n", "1. a\n\n1) b"),
    ("Term\n   Its definition.\n", "Term\n: Its definition."),
    ("Term\n   One.\n\n   Two.\n", "Term\n: One.\n\n  Two."),
    ("    Quoted.\n\n    -- Someone\n", "> Quoted.\n>\n> \u2014 Someone"),
    ("| Line one\n| Line *two*\n", "Line one  \nLine *two*"),
]


@pytest.mark.parametrize(("rst", "markdown"), BLOCKS)
def test_blocks(rst: str, markdown: str) -> None:
    assert body(rst) == markdown


def test_a_definition_list_term_keeps_its_classifier() -> None:
    assert body("name : str\n   The name.\n") == "name (*str*)\n: The name."


def test_field_and_option_lists_become_definition_lists() -> None:
    result = convert("""
        Text first (a field list that opens a document is its metadata).

        :Version: 1.0
        :Author: *Ada*

        -v, --verbose  Be loud.
        --out=FILE     Write here.
    """)
    assert result.markdown == (
        "Text first (a field list that opens a document is its metadata).\n\n"
        "Version\n: 1.0\n\nAuthor\n: *Ada*\n\n"
        "`-v, --verbose`\n: Be loud.\n\n`--out=FILE`\n: Write here."
    )
    assert messages(result.converted) == [
        (3, "converted a field list to a definition list"),
        (6, "converted an option list to a definition list"),
    ]


def test_a_field_list_that_opens_the_document_is_metadata_and_dropped() -> None:
    result = convert(":orphan:\n:tocdepth: 2\n\nTitle\n=====\n\nText.\n")
    assert (result.title, result.markdown) == ("Title", "Text.")
    assert messages(result.converted) == [(1, "dropped the document's metadata fields")]


def test_an_indented_block_holding_a_list_is_written_unindented() -> None:
    result = convert("Text.\n\n    - a\n    - b\n")
    assert result.markdown == "Text.\n\n- a\n- b"
    assert messages(result.converted) == [
        (3, "an indented block holding more than text is written unindented")
    ]


def test_sections_become_headings_under_the_title() -> None:
    result = convert("""
        Guide
        =====

        Intro.

        Part
        ----

        Chapter
        ~~~~~~~

        Section
        ^^^^^^^

        Too deep
        ++++++++

        Text.
    """)
    assert result.title == "Guide"
    assert result.markdown == (
        "Intro.\n\n## Part\n\n### Chapter\n\n#### Section\n\n#### Too deep\n\nText."
    )
    assert messages(result.converted) == [(15, "a section 4 levels below the title: ####")]


def test_a_second_top_level_section_is_a_level_two_heading() -> None:
    result = convert("""
        First
        =====

        Second
        ======

        Inside
        ------
    """)
    assert result.title == "First"
    assert result.markdown == "## Second\n\n### Inside"
    assert messages(result.converted) == [(4, "a second top-level section is written as ##")]


def test_a_document_without_sections_has_no_title() -> None:
    result = convert("Just text.\n")
    assert (result.title, result.markdown) == (None, "Just text.")


def test_labels_point_at_the_anchors_the_page_gives_headings() -> None:
    result = convert("""
        .. _top:

        Guide
        =====

        .. _setup:

        Set up
        ------

        .. _setup-again:

        Set up
        ------

        What's new?
        -----------

        .. _in-text:

        A paragraph with a label.

        See :ref:`setup-again` and :ref:`the top <top>`.
    """)
    assert result.labels == {
        "top": "",
        "setup": "set-up",
        "setup-again": "set-up-2",
        "in-text": "whats-new",
    }
    assert result.markdown.endswith(
        "## What's new?\n\nA paragraph with a label.\n\nSee [Set up](#set-up-2) and [the top](#)."
    )
    assert messages(result.converted) == [
        (19, "label 'in-text' is on no heading: it links to its section")
    ]


def test_label_anchors_are_the_ids_the_loaded_page_gives_its_headings() -> None:
    result = convert("""
        Title
        =====

        .. _qa:

        Q&A: "quotes" and <tags>
        ------------------------

        .. _code:

        Using ``code`` and *em*
        ~~~~~~~~~~~~~~~~~~~~~~~

        .. _again:

        Q&A: "quotes" and <tags>
        ------------------------
    """)
    source = Source(Path("x.md"), {}, result.markdown.split("\n"), 1)
    taken: set[str] = set()
    page_ids = [
        re.findall(r'id="([^"]*)"', add_heading_ids(block["value"], taken))
        for block in parse_body(source, demos=None)
    ]
    assert [list(result.labels.values())] == page_ids
    assert list(result.labels) == ["qa", "code", "again"]


def test_toctree_entries_are_collected_and_not_written() -> None:
    result = convert("""
        Index
        =====

        .. toctree::
           :maxdepth: 2
           :caption: Contents

           install
           Tutorial <tutorial/index>
           self
           https://example.com
           usage.rst

        After.
    """)
    assert result.toctree == ["install", "tutorial/index", "usage"]
    assert result.markdown == "After."
    assert (result.refused, result.warnings) == ([], [])


CODE = [
    ("Run::\n\n   print(1)\n", "Run:\n\n```python\nprint(1)\n```"),
    (
        ".. highlight:: console\n\n::\n\n   $ ls\n",
        "```console\n$ ls\n```",
    ),
    (".. code-block:: javascript\n\n   let a = 1\n", "```javascript\nlet a = 1\n```"),
    (".. code-block:: none\n\n   plain\n", "```text\nplain\n```"),
    (".. code-block:: text\n\n   plain\n", "```text\nplain\n```"),
    (".. code-block::\n\n   x = 1\n", "```python\nx = 1\n```"),
    (".. sourcecode:: bash\n\n   ls\n", "```bash\nls\n```"),
    (".. code:: python\n\n   a = 1\n", "```python\na = 1\n```"),
    (
        ".. code-block:: python\n   :caption: app.py\n   :emphasize-lines: 1,3-\n   :linenos:\n\n"
        "   a = 1\n   b = 2\n   c = 3\n",
        '```python title="app.py" hl_lines="1 3-3"\na = 1\nb = 2\nc = 3\n```',
    ),
    (">>> 1 + 1\n2\n", "```pycon\n>>> 1 + 1\n2\n```"),
    ("::\n\n   >>> 1 + 1\n   2\n", "```pycon\n>>> 1 + 1\n2\n```"),
    (".. doctest::\n\n   >>> 2\n   2\n", "```pycon\n>>> 2\n2\n```"),
    (".. code-block:: rst\n\n   Use ```x``` here.\n", "````rst\nUse ```x``` here.\n````"),
]


@pytest.mark.parametrize(("rst", "markdown"), CODE)
def test_code_blocks_become_fences(rst: str, markdown: str) -> None:
    assert body(rst) == markdown


ADMONITIONS = [
    ("note", "note"),
    ("tip", "tip"),
    ("hint", "tip"),
    ("important", "tip"),
    ("warning", "warning"),
    ("caution", "warning"),
    ("danger", "warning"),
    ("attention", "warning"),
    ("error", "warning"),
]


@pytest.mark.parametrize(("directive", "callout"), ADMONITIONS)
def test_admonitions_become_callouts(directive: str, callout: str) -> None:
    result = convert(f".. {directive}::\n\n   Mind *this*.\n\n   - a list\n")
    assert result.markdown == f":::{callout}\nMind *this*.\n\n- a list\n:::"
    assert messages(result.converted) == [
        (1, f"converted .. {directive}:: to a :::{callout} callout")
    ]


def test_a_generic_admonition_is_a_note_with_a_bold_title() -> None:
    result = convert(".. admonition:: Before you start\n\n   Install it::\n\n      pip install x\n")
    assert result.markdown == (
        ":::note\n**Before you start**\n\nInstall it:\n\n```python\npip install x\n```\n:::"
    )


def test_a_callout_inside_a_callout_is_written_as_its_text() -> None:
    result = convert(".. note::\n\n   Outer.\n\n   .. warning::\n\n      Inner.\n")
    assert result.markdown == ":::note\nOuter.\n\nInner.\n:::"
    assert messages(result.converted) == [
        (1, "converted .. note:: to a :::note callout"),
        (5, "converted .. warning:: to a :::warning callout"),
        (5, "a callout inside a callout is written as its text"),
    ]


def test_an_admonition_with_the_dropdown_class_is_a_collapsible_hint() -> None:
    result = convert(".. admonition:: Stuck?\n   :class: dropdown\n\n   Try again.\n")
    assert result.markdown == ":::hint Stuck?\nTry again.\n:::"


SPHINX_NOTES = [
    (".. versionadded:: 2.1", ":::note\n*New in version 2.1.*\n:::"),
    (
        ".. versionchanged:: 3.0\n\n   It is faster.",
        ":::note\n*Changed in version 3.0:* It is faster.\n:::",
    ),
    (
        ".. deprecated:: 4.0 Use :func:`new` instead.",
        ":::note\n*Deprecated since version 4.0:* Use `new()` instead.\n:::",
    ),
    (".. seealso:: :doc:`install`", ":::note\n**See also**\n\n[install](install.md)\n:::"),
    (".. topic:: Aside\n\n   Body.", ":::note\n**Aside**\n\nBody.\n:::"),
    (".. sidebar:: Aside\n\n   Body.", ":::note\n**Aside**\n\nBody.\n:::"),
    (".. rubric:: Loud", "**Loud**"),
]


@pytest.mark.parametrize(("rst", "markdown"), SPHINX_NOTES)
def test_sphinx_notes_topics_and_rubrics(rst: str, markdown: str) -> None:
    result = convert(rst + "\n")
    assert result.markdown == markdown
    assert result.refused == []


def test_images_and_figures() -> None:
    result = convert("""
        .. image:: img/admin.png
           :alt: The admin's login page
           :width: 400

        .. figure:: img/my_first-app.png

           The running app

        .. image:: img/admin.png
           :target: https://example.com

        .. image:: https://example.com/logo.png
    """)
    assert result.markdown == (
        "![The admin's login page](img/admin.png)\n\n"
        '![my first app](img/my_first-app.png "The running app")\n\n'
        "![admin](img/admin.png)"
    )
    assert result.images == ["img/admin.png", "img/my_first-app.png"]
    assert messages(result.converted) == [
        (5, "the image img/my_first-app.png has no :alt: text; its file name stands in"),
        (9, "dropped an image's :target: (images link nowhere)"),
        (9, "the image img/admin.png has no :alt: text; its file name stands in"),
    ]
    assert messages(result.refused) == [
        (12, "refused: the image https://example.com/logo.png (images are files next to the text)")
    ]


def test_an_image_inside_text_is_refused() -> None:
    result = convert("Text |icon| here.\n\n.. |icon| image:: img/icon.png\n\n|icon|\n")
    assert result.markdown == "Text  here.\n\n![icon](img/icon.png)"
    assert messages(result.refused) == [
        (1, "refused: the image img/icon.png inside text (images stand alone)")
    ]


def test_a_parsed_literal_block_loses_its_markup() -> None:
    result = convert(".. parsed-literal::\n\n   pip install *name*\n")
    assert result.markdown == "```python\npip install name\n```"
    # docutils gives a literal block the line its text starts at
    assert messages(result.converted) == [(3, "the markup of a parsed-literal block is dropped")]


TABLES = [
    (
        "+------+-----+\n| Name | Age |\n+======+=====+\n| a|b  | 1   |\n+------+-----+\n",
        "| Name | Age |\n| --- | --- |\n| a\\|b | 1 |",
    ),
    (
        "=====  =====\nA      B\n=====  =====\n``x``  *y*\n=====  =====\n",
        "| A | B |\n| --- | --- |\n| `x` | *y* |",
    ),
    (
        ".. list-table::\n   :header-rows: 1\n\n   * - A\n     - B\n   * - 1\n     -\n",
        "| A | B |\n| --- | --- |\n| 1 |  |",
    ),
    (
        '.. csv-table::\n   :header: "A", "B"\n\n   1, "x, y"\n',
        "| A | B |\n| --- | --- |\n| 1 | x, y |",
    ),
]


@pytest.mark.parametrize(("rst", "markdown"), TABLES)
def test_tables_become_pipe_tables(rst: str, markdown: str) -> None:
    result = convert(rst)
    assert result.markdown == markdown
    assert (result.converted, result.refused) == ([], [])


def test_a_table_without_a_header_row_and_with_a_title() -> None:
    result = convert(".. list-table:: Sizes\n\n   * - S\n     - 1\n   * - M\n     - 2\n")
    assert result.markdown == "**Sizes**\n\n| S | 1 |\n| --- | --- |\n| M | 2 |"
    assert messages(result.converted) == [
        (1, "a table without a header row: its first row is the header"),
        (1, "a table's title is written as a bold line above it"),
    ]


REFUSED_TABLES = [
    (
        "+---+---+\n| a | b |\n+===+===+\n| spans |\n+---+---+\n",
        (4, "refused: a table whose cells span rows or columns"),
    ),
    (
        ".. list-table::\n\n   * - - a list\n     - b\n",
        (3, "refused: a table whose cells hold more than a paragraph"),
    ),
    (
        ".. csv-table:: Data\n   :file: data.csv\n",
        (1, "refused: .. csv-table:: Data (files outside the text are not read)"),
    ),
]


@pytest.mark.parametrize(("rst", "finding"), REFUSED_TABLES)
def test_tables_a_pipe_table_cannot_hold_are_refused(rst: str, finding: tuple) -> None:
    result = convert(rst)
    assert result.markdown == ""
    assert messages(result.refused) == [finding]


def test_footnotes_and_citations_go_to_the_end() -> None:
    result = convert("""
        Auto [#]_, named [#why]_, numbered [3]_ and cited [CIT2002]_.

        .. [#] First.

           Its second paragraph.
        .. [#why] Because.
        .. [3] Third.
        .. [CIT2002] A citation.
    """)
    assert result.markdown == (
        "Auto[^1], named[^why], numbered[^3] and cited [^CIT2002].\n\n"
        "[^1]: First.\n\n    Its second paragraph.\n\n"
        "[^why]: Because.\n\n[^3]: Third.\n\n[^CIT2002]: A citation."
    )


ROLES = [
    (":doc:`install`", "[install](install.md)", []),
    (":doc:`/install`", "[install](install.md)", []),
    (":doc:`Start here <../guide/start>`", "[Start here](../guide/start.md)", []),
    (":ref:`requirements`", "[requirements](install.md#requirements)", []),
    (":ref:`What you need <requirements>`", "[What you need](install.md#requirements)", []),
    (
        ":ref:`missing-label`",
        "missing-label",
        [":ref:`missing-label`: the label was not imported (plain text)"],
    ),
    (
        ":ref:`The missing <gone>`",
        "The missing",
        [":ref:`gone`: the label was not imported (plain text)"],
    ),
    (
        ":doc:`Elsewhere <other>`",
        "Elsewhere",
        [":doc:`other`: the document was not imported (plain text)"],
    ),
    (":func:`pkg.run`", "`pkg.run()`", []),
    (":meth:`~pkg.Thing.go`", "`go()`", []),
    (":class:`~pkg.Thing`", "`Thing`", []),
    (":class:`the thing <pkg.Thing>`", "`the thing`", []),
    (":attr:`!x`", "`x`", []),
    (":mod:`os.path`", "`os.path`", []),
    (":exc:`ValueError`", "`ValueError`", []),
    (":data:`x`, :obj:`y`, :envvar:`HOME`", "`x`, `y`, `HOME`", []),
    (":file:`src/{name}.py`", "`src/name.py`", []),
    (":samp:`print({x})`", "`print(x)`", []),
    (":command:`ls`, :program:`git`, :option:`-v`", "`ls`, `git`, `-v`", []),
    (":code:`a = 1`", "`a = 1`", []),
    (":py:func:`run`", "`run()`", []),
    (":kbd:`Ctrl+C`", "<kbd>Ctrl+C</kbd>", []),
    (":term:`API`", "API", []),
    (":term:`an API <API>`", "an API", []),
    (":abbr:`LIFO (last in, first out)`", "LIFO", []),
    (":menuselection:`File --> Save`", "**File \u2023 Save**", []),
    (":guilabel:`&Cancel`", "**Cancel**", []),
    (":dfn:`widget`", "*widget*", []),
    (":rfc:`2616`", "[RFC 2616](https://tools.ietf.org/html/rfc2616.html)", []),
    (
        ":mystery:`kept text`",
        "kept text",
        ["unknown role :mystery: (its text is kept as plain text)"],
    ),
]


@pytest.mark.parametrize(("rst", "markdown", "warnings"), ROLES)
def test_roles(rst: str, markdown: str, warnings: list[str]) -> None:
    result = convert(rst + "\n")
    assert result.markdown == markdown
    assert messages(result.warnings) == [(1, warning) for warning in warnings]
    assert result.refused == []


def test_role_notes_name_their_line() -> None:
    result = convert("Intro.\n\nSee :ref:`requirements` and :doc:`install`.\n\nArea :math:`r^2`.\n")
    assert result.markdown == (
        "Intro.\n\nSee [requirements](install.md#requirements) and [install](install.md).\n\n"
        "Area `r^2`."
    )
    assert messages(result.converted) == [
        (3, "the text of :ref:`requirements` is its label"),
        (3, "the text of :doc:`install` is its file name"),
        (5, "converted :math: to a code span (no math renderer)"),
    ]


def test_an_unknown_role_is_reported_at_its_line() -> None:
    result = convert("Title\n=====\n\nOne.\n\nTwo :py:mystery:`x` here.\n")
    assert result.markdown == "One.\n\nTwo x here."
    assert messages(result.warnings) == [
        (6, "unknown role :py:mystery: (its text is kept as plain text)")
    ]


REFUSED = [
    (".. raw:: html\n\n   <b>x</b>", "refused: .. raw:: html (raw HTML is not allowed)"),
    (
        ".. include:: other.rst",
        "refused: .. include:: other.rst (files outside the text are not read)",
    ),
    (".. math::\n\n   x^2", "refused: .. math:: (no math renderer)"),
    (
        ".. literalinclude:: app.py\n   :language: python",
        "refused: .. literalinclude:: app.py (files outside the text are not read)",
    ),
    (
        ".. autofunction:: pkg.run",
        "refused: .. autofunction:: pkg.run (needs Sphinx to run the code)",
    ),
    (
        ".. automodule:: pkg\n   :members:",
        "refused: .. automodule:: pkg (needs Sphinx to run the code)",
    ),
    (".. todo:: later", "refused: .. todo:: later (unknown directive)"),
]


@pytest.mark.parametrize(("rst", "refusal"), REFUSED)
def test_what_cannot_be_converted_is_refused_at_its_line(rst: str, refusal: str) -> None:
    result = convert("Before.\n\n" + rst + "\n\nAfter.\n")
    assert result.markdown == "Before.\n\nAfter."
    assert messages(result.refused) == [(3, refusal)]


DROPPED = [
    (".. comment, not shown", []),
    (".. index:: pair: a; b", []),
    (".. tabularcolumns:: |l|l|", []),
    (".. contents::", ["dropped .. contents:: (pages get their own table of contents)"]),
    ("----------", ["dropped a transition (----)"]),
    (".. currentmodule:: pkg", ["dropped .. currentmodule:: (shows nothing on a page)"]),
]


@pytest.mark.parametrize(("rst", "notes"), DROPPED)
def test_what_shows_nothing_is_dropped(rst: str, notes: list[str]) -> None:
    result = convert("Title\n=====\n\nBefore.\n\n" + rst + "\n\nAfter.\n")
    assert result.markdown == "Before.\n\nAfter."
    assert [message for _, message in messages(result.converted)] == notes
    assert (result.refused, result.warnings) == ([], [])


def test_only_and_glossary_keep_their_content() -> None:
    result = convert("""
        .. only:: html

           Seen on the web.

        .. glossary::

           API
              Application programming interface.
    """)
    assert result.markdown == "Seen on the web.\n\nAPI\n: Application programming interface."
    assert messages(result.converted) == [
        (1, "kept the content of .. only:: html"),
        (5, "converted .. glossary:: to a definition list"),
    ]


def test_docutils_problems_are_findings_with_their_line() -> None:
    result = convert("Title\n=====\n\nA *broken start.\n\nAn unknown_ target.\n")
    assert result.markdown == "A \\*broken start.\n\nAn unknown\\_ target."
    assert messages(result.warnings) == [(4, "Inline emphasis start-string without end-string.")]
    assert messages(result.refused) == [(6, 'refused: Unknown target name: "unknown".')]


BAD_INPUT = [
    "",
    "Title\n==\n",
    "A\n=\n\nB\n-\n\nC\n=\n\nD\n~\n",
    ".. image::\n",
    ".. code-block:: python\n",
    ".. list-table::\n\n   * - a\n   * - b\n     - c\n",
    "`unclosed <http://x\n",
    "\x00\x01 binary \ufffd",
    "\t\tTabs\n\t\t----\n",
    ".. |x| replace:: |x|\n\n|x|\n",
    ":ref:`\n",
    "- " * 200 + "deep",
]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_is_reported_never_raised_nor_printed(text: str, capsys) -> None:
    result = rst_to_markdown(text, "bad.rst")
    assert isinstance(result.markdown, str)
    assert not result.markdown.endswith("\n")
    assert capsys.readouterr() == ("", "")


def test_a_title_problem_is_found_at_its_line() -> None:
    result = convert("Title\n=====\n\nOne\n---\n\nTwo\n===\n\nThree\n~~~~~\n\nFour\n----\n")
    assert all(finding.line >= 1 for finding in result.refused + result.warnings)
    assert result.markdown == "## One\n\n## Two\n\n### Four"
    assert messages(result.refused) == [
        (10, "refused: Three (Inconsistent title style: skip from level 1 to 3.)")
    ]


ROUND_TRIP = """
.. _guide:

Writing your first app
======================

.. highlight:: console

This guide has *emphasis*, **strong** text, ``code``, `a link <https://example.com>`_,
:ref:`a reference <requirements>`, H\\ :sub:`2`\\ O and :menuselection:`File --> Save`.

.. _setup:

Setting up
----------

#. Create the project.
#. Check it runs:

::

   $ python manage.py check

.. note::

   Run everything inside the virtual environment.

.. warning::

   - Never use the development server in production.
   - Keep ``DEBUG`` off.

.. code-block:: python
   :caption: mysite/urls.py
   :emphasize-lines: 2

   from django.urls import path
   urlpatterns = []

The model
~~~~~~~~~

.. figure:: images/models.png
   :alt: The three models

   Models and their relations

.. list-table::
   :header-rows: 1

   * - Field
     - Type
   * - ``name``
     - Text (``|`` not allowed)

.. admonition:: Stuck?
   :class: dropdown

   Read the error message::

      $ python manage.py check

Quoted:

    Simple is better than complex.

    -- The Zen of Python

| A line
| and another

.. versionadded:: 5.0
   The ``--check`` option.

.. seealso:: :doc:`install`

>>> 1 + 1
2
"""


def test_the_markdown_reads_back_through_the_lesson_parser() -> None:
    result = rst_to_markdown(ROUND_TRIP.lstrip("\n"), "docs/intro.rst", fake_link_target)
    assert result.title == "Writing your first app"
    assert result.labels == {"guide": "", "setup": "setting-up"}
    assert result.images == ["images/models.png"]
    assert (result.refused, result.warnings) == ([], [])
    problems = Problems()
    lines = result.markdown.split("\n")
    data = parse_body(Source(Path("x.md"), {}, lines, 1), demos=None, problems=problems)
    assert not problems, "\n".join(str(problem) for problem in problems) + "\n\n" + result.markdown
    assert not problems.warnings
    assert [block["type"] for block in data] == [
        "text", "code", "callout", "callout", "code", "text", "image", "table", "hint", "text",
        "callout", "callout", "code",
    ]  # fmt: skip
