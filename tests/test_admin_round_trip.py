"""What a lesson source says survives an edit in the Wagtail admin: load → the editor's own
conversions → dump gives the source back. (The rich-text editor, Draftail, holds text as
"contentstate"; the admin converts stored HTML to it and back on every save. Text kept as
Markdown has no contentstate: its block is a plain text area, saved as it is.)"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from fieldguide.lessons.blocks import RICH_TEXT_FEATURES, StepStreamBlock
from fieldguide.lessons.models import StepPage
from fieldguide.lessons.sources.canonical import canonical_text
from fieldguide.lessons.sources.files import Source
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.loader import load_tree, strip_ids
from fieldguide.lessons.sources.richtext import html_to_markdown, markdown_to_html
from fieldguide.lessons.sources.writer import render_body
from wagtail import blocks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

RICH_TEXT = [
    "Plain **bold**, *italic*, ~~struck~~, `code` and [a link](https://example.org/x).",
    "## A heading\n\nText under it.\n\n### A smaller one\n\nMore.",
    "Some text:\n\n- one\n- two\n    - nested\n        - deeper",
    "1. first\n2. second",
    "Line one  \nline two",
    "See [below](#a-heading), [a page](../other/) and [mail](mailto:a@example.org).",
    'He said "hi" & &lt;left> \\*not bold\\* \\~~not struck.',
    "> A **quote**, one paragraph.\n\n> Another quote.",
    "H<sub>2</sub>O and E = mc<sup>2</sup>.",
]


@pytest.mark.parametrize("markdown", RICH_TEXT)
def test_rich_text_survives_the_editor(markdown):
    editor = ContentstateConverter(RICH_TEXT_FEATURES)
    stored = markdown_to_html(markdown)
    saved = editor.to_database_format(editor.from_database_format(stored))
    assert html_to_markdown(saved) == markdown


STEP = """Text with a [link](https://example.org).

```python title="hello.py" hl_lines="2"
def hello():
    return "hi"
```

| File | Lines |
| :-- | --: |
| `urls.py` | 12 |

Before you go on:[^1]

- [ ] run the server
- [x] press <kbd>Ctrl</kbd>+<kbd>C</kbd>

<!-- Kept in the source, not shown. -->

[^1]: Each box is read-only.

:::tip
A **tip**.
:::

::demo startapp name=blog"""


def test_a_step_survives_the_stream_fields_own_round_trip(tmp_path):
    """Every block as the page editor reads and writes it (prep value, form value, clean)."""
    source = Source(tmp_path / "01-step.md", {"title": "T"}, STEP.split("\n"), 4)
    stream = StepStreamBlock()
    value = stream.to_python(parse_body(source))
    table = next(child for child in value if child.block_type == "table")
    as_form = table.block.value_for_form(table.value)  # the JSON the table editor gets
    assert table.block.value_from_form(json.loads(json.dumps(as_form))) == table.value
    saved = stream.get_prep_value(stream.clean(value))
    assert "markdown" in [block["type"] for block in saved]
    assert render_body(saved, str, str) == STEP


# Why some lists are kept as Markdown: the editor's own conversion loses what they say (were
# Wagtail to keep one, it could be rich text again).
LOST = [
    '<ol start="3"><li>three</li><li>four</li></ol>',  # numbered from 1 again
    "<ul><li><p>one</p><p>more about one</p></li><li><p>two</p></li></ul>",  # paragraphs out
    "<ol><li>a<ul><li>b</li></ul></li><li>c</li></ol>",  # c numbered 1, in a list of its own
]


@pytest.mark.parametrize("html", LOST)
def test_the_editor_loses_what_is_kept_as_markdown(html):
    editor = ContentstateConverter(RICH_TEXT_FEATURES)
    saved = editor.to_database_format(editor.from_database_format(html))
    assert re.sub(r' data-block-key="\w+"', "", saved) != html


# What the editor cannot hold is kept as Markdown, a callout holds blocks under a title, a
# workspace panel is a block: each survives the whole trip. (what, the step's body in the
# canonical form a dump writes, what its page shows, the block it loads as)
CONSTRUCTS = [
    ("a fence inside a list item",
     "Install it:\n\n1. Run:\n\n   ```console\n   $ pip install django\n   ```\n\n2. Check it.",
     ['<code class="language-console"><span class="gp">$ </span>'], "markdown"),
    ("code inside a quote", "> Run:\n>\n> ```console\n> $ ls\n> ```",
     ['<blockquote>\n<p>Run:</p>\n<div class="highlight">'], "markdown"),
    ("a list inside a quote", "> - one\n> - two", ["<blockquote>\n<ul>\n<li>one</li>"], "markdown"),
    ("a quote inside a quote", "> Outer.\n>\n> > Inner.",
     ["<blockquote>\n<p>Outer.</p>\n<blockquote>\n<p>Inner.</p>"], "markdown"),
    ("headings ##### and ######", "##### Deep\n\n###### Deeper",
     ['<h5 id="deep">Deep</h5>', '<h6 id="deeper">Deeper</h6>'], "markdown"),
    ("an ordered list from 3", "3. three\n4. four", ['<ol start="3">\n<li>three</li>'], "markdown"),
    ("list items of two paragraphs", "- one\n\n  more about one\n\n- two",
     ["<li>\n<p>one</p>\n<p>more about one</p>\n</li>"], "markdown"),
    ("a list in a list of the other kind, items after it", "1. first\n   - detail\n2. second",
     ["<ol>\n<li>first\n<ul>\n<li>detail</li>"], "markdown"),
    ("a list in the last item of a list of the other kind", "- one\n- two\n  1. first\n  2. next",
     ["<ol><li>first</li><li>next</li></ol></li></ul>"], "text"),
    ("nested lists, two spaces a level", "- a\n  - b\n    - c",
     ["<li>c</li></ul></li></ul></li></ul>"], "text"),
    ("a callout with a title, a list and code",
     ":::tip Before you start\nYou need:\n\n- Python\n- Django\n\n"
     "```console\n$ python -m django --version\n```\n:::",
     ['<p class="callout-label">Before you start</p>', "<li>Python</li>",
      '<figure class="code-block">'], "callout"),
    ("a callout holding keys", ":::note\nPress <kbd>Esc</kbd> to leave.\n:::",
     ['aria-label="Note"', "<kbd>Esc</kbd>"], "callout"),
    ("a workspace panel", "::files django-starter polls/models.py polls/views.py",
     ['data-workspace="django-starter"', 'data-open-paths="polls/models.py polls/views.py"'],
     "files"),
]  # fmt: skip
CONSTRUCT_IDS = [what for what, *_ in CONSTRUCTS]


def form_value(block: Any, value: Any) -> Any:
    """A block's value as the page editor posts it: rich text as Draftail's contentstate, a
    text area's lines as a browser sends them (CRLF)."""
    if isinstance(block, blocks.StreamBlock):
        return streamfield([(child.block_type, form_value(child.block, child.value))
                            for child in value])  # fmt: skip
    if isinstance(block, blocks.StructBlock):
        return {name: form_value(child, value[name]) for name, child in block.child_blocks.items()
                if not (isinstance(child, blocks.BooleanBlock) and not value[name])}  # fmt: skip
    if isinstance(block, blocks.RichTextBlock):
        return rich_text(value.source, features=block.features)
    if isinstance(block, TableBlock):
        return json.dumps(block.value_for_form(value))
    if isinstance(block, blocks.BooleanBlock):
        return "on"
    text = "" if value is None else str(value)
    return text.replace("\n", "\r\n") if isinstance(block, blocks.TextBlock) else text


def save_in_the_admin(client: Any, step: StepPage) -> None:
    field = StepPage._meta.get_field("body")
    data = {"title": step.title, "slug": step.slug, "action-publish": "publish",
            "body": form_value(field.stream_block, step.body)}  # fmt: skip
    response = client.post(f"/admin/pages/{step.pk}/edit/", nested_form_data(data))
    assert response.status_code == 302, response.content.decode()[:3000]


@pytest.fixture
def editor(client: Any, django_user_model: Any) -> Any:
    client.force_login(django_user_model.objects.create_superuser("ed", "e@example.org", "pw-1"))
    return client


@pytest.mark.parametrize(("what", "body", "shown", "kind"), CONSTRUCTS, ids=CONSTRUCT_IDS)
def test_a_construct_survives_load_page_admin_dump_and_load(
    what, body, shown, kind, lessons, content_copy, editor, tmp_path
):
    source = f"---\ntitle: Construct\n---\n\n{body}\n"
    assert canonical_text(source) == source  # as a dump writes it
    (content_copy / "first-django-project" / "07-construct.md").write_text(source)
    load_tree(content_copy)
    step = StepPage.objects.get(slug="construct")
    loaded = strip_ids(list(step.body.raw_data))
    assert [block["type"] for block in loaded] == [kind]
    for edited in (False, True):  # and again, after an edit in the admin
        if edited:
            save_in_the_admin(editor, step)
        # The editor keys each block of rich text (for comments): the rest is the same.
        html = re.sub(r' data-block-key="\w+"', "", editor.get(step.url).content.decode())
        for fragment in shown:
            assert fragment in html, fragment
    call_command("dump_content", str(tmp_path / "dump"), "--tutorial", "first-django-project")
    dumped = tmp_path / "dump" / "tutorials" / "first-django-project" / "07-construct.md"
    assert dumped.read_text() == source
    load_tree(tmp_path / "dump")
    assert strip_ids(list(StepPage.objects.get(slug="construct").body.raw_data)) == loaded
