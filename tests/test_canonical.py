"""dump_content writes lesson files in mdformat's canonical form: a dump, loaded and dumped
again, is the same bytes, whatever the source's own spelling of the same document."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from fieldguide.lessons.models import StepPage
from fieldguide.lessons.sources.canonical import canonical_text
from fieldguide.lessons.sources.loader import load_tree

# The same document as an author might write it: other list markers, indents, table spacing,
# fence style, emphasis characters and a setext heading. (Text kept as Markdown, such as the
# list from 3, is kept as written: a dump gives mdformat's spelling of it, which loads as a
# change of its text, not of the page it shows. Here it is written as mdformat writes it.)
LOOSE = """---
title: Everything at once
---

Some *text* with __strong__ words, `code`, ~~old~~ and a [link](https://example.org).

Settings
--------

* one
* two
  1. nested, numbered
  2. again

| Option | Meaning |
|:--|--:|
| `-v` | more output |

3. starts at three
4. and goes on

~~~python title="app.py" hl_lines="1"
print("hi")
~~~

:::tip
A **tip** with a list:

+ first
+ second
:::

:::hint Stuck?
```bash
ls -la
```
:::

::demo django-check

A footnote[^1] and <kbd>Ctrl</kbd>+<kbd>C</kbd>.

Term
: its definition

- [x] done
- [ ] to do

<!-- a comment for authors -->

[^1]: The note.

:::check django-check
Read the last line of the output.
:::
"""


@pytest.fixture
def step(content_copy):
    path = content_copy / "first-django-project" / "07-everything.md"
    path.write_text(LOOSE)
    return path


def test_a_dump_is_canonical_and_stable(lessons, content_copy, step, tmp_path):
    load_tree(content_copy)
    call_command("dump_content", str(tmp_path / "one"), "--tutorial", "first-django-project")
    written = tmp_path / "one" / "tutorials" / "first-django-project" / "07-everything.md"
    text = written.read_text()
    assert canonical_text(text) == text  # mdformat has nothing to change
    for expected in (
        "- one\n- two\n  1. nested, numbered\n  2. again",
        "3. starts at three\n4. and goes on",
        "| Option |     Meaning |\n| :----- | ----------: |",
        '```python title="app.py" hl_lines="1"\nprint("hi")\n```',
        ":::tip\nA **tip** with a list:\n\n- first\n- second\n:::",
        ":::hint Stuck?\n```bash\nls -la\n```\n:::",
        "::demo django-check",
        "<!-- a comment for authors -->",
        "[^1]: The note.",
        ":::check django-check\nRead the last line of the output.\n:::",
    ):
        assert expected in text, expected
    before = list(StepPage.objects.get(slug="everything").body.raw_data)
    report = load_tree(tmp_path / "one")  # the dump, loaded: the same page
    assert "/tutorials/first-django-project/everything/" not in report.updated
    after = list(StepPage.objects.get(slug="everything").body.raw_data)
    assert after == before
    call_command("dump_content", str(tmp_path / "two"), "--tutorial", "first-django-project")
    again = tmp_path / "two" / "tutorials" / "first-django-project" / "07-everything.md"
    assert again.read_bytes() == written.read_bytes()


def test_canonical_text_keeps_fieldguide_blocks():
    text = "---\ntitle: T\n---\n\n:::note\nA note.\n:::\n\n::demo id name=x\n"
    assert canonical_text(text) == text
    assert canonical_text(":::tip\n:::\n") == ":::tip\n:::\n"
