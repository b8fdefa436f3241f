"""Callouts hold blocks (text, code, text kept as Markdown) under an optional title:
``:::tip Title`` and MkDocs' ``!!! note "Title"`` in lesson sources. The page shows the title
in place of the kind and the blocks as a step shows them; search reads them; the handout and
the notebook show them too, and a workspace panel as the files to open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fieldguide.lessons.blocks import StepStreamBlock
from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.lessons.sources.loader import load_tree

BODY = """:::warning Back up first
Copy the database:

```console
$ cp db.sqlite3 db.backup
```

- [ ] copied
:::

:::tip
Plain.
:::

::files django-starter polls/models.py
"""


@pytest.fixture
def tutorial(lessons, content_copy: Path) -> TutorialPage:
    step = content_copy / "first-django-project" / "07-callouts.md"
    step.write_text(f"---\ntitle: Callouts\n---\n\n{BODY}")
    load_tree(content_copy)
    return TutorialPage.objects.get(slug="first-django-project")


def test_the_page_shows_the_title_in_place_of_the_kind_and_the_blocks(client, tutorial):
    html = client.get(StepPage.objects.get(slug="callouts").url).content.decode()
    warning = html[html.index('<aside class="callout callout-warning"') :]
    warning = warning[: warning.index("</aside>")]
    assert warning.startswith('<aside class="callout callout-warning" aria-label="Warning: Back')
    assert '<p class="callout-label">Back up first</p>' in warning
    assert "<p>Copy the database:</p>" in warning
    assert '<figure class="code-block">' in warning and '<span class="gp">$ </span>' in warning
    assert '<input class="task-list-item-checkbox" type="checkbox" disabled="disabled">' in warning
    assert (
        '<aside class="callout callout-tip" aria-label="Tip">\n  <p class="callout-label">Tip</p>'
        in html
    )


def test_search_reads_a_callouts_title_and_blocks(tutorial):
    step = StepPage.objects.get(slug="callouts")
    words = " ".join(StepStreamBlock().get_searchable_content(step.body))
    for text in ("Back up first", "Copy the database:", "cp db.sqlite3 db.backup", "copied"):
        assert text in words


def test_the_handout_shows_callouts_and_the_files_to_open(client, tutorial):
    html = client.get(f"/tutorials/{tutorial.pk}/handout/").content.decode()
    assert '<p class="callout-label">Back up first</p>' in html
    assert "Open the <code>django-starter</code> workspace in Fieldguide: " in html
    assert "<code>polls/models.py</code>" in html and "data-workspace-files-url" not in html


def test_the_notebook_shows_a_callout_as_a_quote_under_its_title(client, tutorial):
    notebook = json.loads(client.get(f"/tutorials/{tutorial.pk}/notebook.ipynb").content)
    text = "\n\n".join(c["source"] for c in notebook["cells"] if c["cell_type"] == "markdown")
    assert (
        "> **Back up first**\n>\n> Copy the database:\n>\n> ```console\n"
        "> $ cp db.sqlite3 db.backup\n> ```\n>\n> - [ ] copied"
    ) in text
    assert "> **Tip**\n>\n> Plain." in text
    assert (
        "*In Fieldguide, edit the files of the `django-starter` workspace: `polls/models.py`.*"
        in text
    )
