"""What a lesson source says survives an edit in the Wagtail admin: load → the editor's own
conversions → dump gives the source back. (The rich-text editor, Draftail, holds text as
"contentstate"; the admin converts stored HTML to it and back on every save. Text kept as
Markdown has no contentstate: its block is a plain text area, saved as it is.)"""

from __future__ import annotations

import json

import pytest
from fieldguide.lessons.blocks import RICH_TEXT_FEATURES, StepStreamBlock
from fieldguide.lessons.sources.files import Source
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.richtext import html_to_markdown, markdown_to_html
from fieldguide.lessons.sources.writer import render_body
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

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
