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
