import re

import pytest
from fieldguide.lessons.sources.richtext import RichTextError, html_to_markdown, markdown_to_html

CANONICAL = [
    "Plain paragraph.",
    "Hello **bold** and *italic* with `code <x>` and [a link](https://example.org).",
    "## A heading\n\nText under it.",
    "- one\n- two with snake_case and \\_edges\\_\n- three",
    "1. first\n2. second\n    - nested",
    "A \\* star, a \\[bracket\\], &lt;div> and 3 < 4 & 5.",
    "``code with ` tick``",
    "~~struck~~ and \\~~ not struck, ~home",
    "\\- not a list\n\n\\# not a heading",
    "AT\\&amp;T is text, & alone is too",
]


@pytest.mark.parametrize("source", CANONICAL)
def test_canonical_markdown_round_trips(source):
    assert html_to_markdown(markdown_to_html(source)) == source


def test_html_is_wagtail_rich_text():
    html = markdown_to_html("**b** *i*\n\nnext")
    assert html == "<p><b>b</b> <i>i</i></p><p>next</p>"


@pytest.mark.parametrize(
    ("source", "tag"),
    [("# Title", "h1"), ("    indented code", "pre"), ("---", "hr")],
)
def test_unsupported_markdown_is_refused_with_advice(source, tag):
    with pytest.raises(RichTextError, match=f"<{tag}>"):
        markdown_to_html(source)


def test_cms_markup_is_written_back_cleanly():
    html = (
        '<p data-block-key="a1">Edited <b>in</b> the CMS, see '
        '<a linktype="page" id="7">that step</a>.</p><ul><li data-block-key="x">item</li></ul>'
    )
    assert html_to_markdown(html, lambda page_id: f"/page-{page_id}/") == (
        "Edited **in** the CMS, see [that step](/page-7/).\n\n- item"
    )


def test_a_quote_is_refused_where_only_inline_text_goes():
    from fieldguide.lessons.sources.richtext import INLINE_TAGS

    with pytest.raises(RichTextError, match="<blockquote>"):
        markdown_to_html("> quote", INLINE_TAGS | {"p", "ul", "ol", "li"})


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('<a href="/x" onclick="steal()">x</a>', "the attribute onclick is not allowed on <a>"),
        ('<b class="big">x</b>', "the attribute class is not allowed on <b>"),
        ('<a href="/x" style="color: red">x</a>', "the attribute style is not allowed on <a>"),
        ("- [ ] a task", "<input> is not allowed here"),
        ("Text <!-- c -->", "an HTML comment is kept in a step's text only"),
    ],
)
def test_what_the_editor_would_drop_is_refused(source, message):
    with pytest.raises(RichTextError, match=re.escape(message)):
        markdown_to_html(source)


def test_the_attributes_the_editor_keeps_are_kept():
    html = '<a linktype="page" id="7" anchor="setup">x</a>'
    assert markdown_to_html(html) == f"<p>{html}</p>"
    assert markdown_to_html("3. three") == '<ol start="3"><li>three</li></ol>'
