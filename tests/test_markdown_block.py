"""Text kept as Markdown: footnotes, definition lists, task lists, keys, HTML comments, code in
lists and quotes, quotes of more than paragraphs, lists the editor would flatten or renumber
and headings ##### and ######, which the admin's rich-text editor cannot hold, load as a
``markdown`` block holding their source lines. The page shows what markdown-it shows for them; the admin's save, a dump and a load
again change nothing; and nothing unsafe is stored from the admin or shown on the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from fieldguide.lessons.blocks import MarkdownBlock, StepStreamBlock
from fieldguide.lessons.models import StepPage, TutorialIndexPage, TutorialPage
from fieldguide.lessons.sources.files import Problems, Source, SourceErrors
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.writer import render_body
from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from wagtail.test.utils import WagtailPageTestCase

from tests.clients import TokenClient
from tests.test_commonmark_spec import canonical


def load(body: str, problems: Problems | None = None) -> list[dict]:
    lines = body.removesuffix("\n").split("\n")
    return parse_body(Source(Path("01-step.md"), {}, lines, 5), None, problems)


def reference(text: str) -> str:
    """markdown-it's own HTML: CommonMark, with GitHub's footnotes and task lists, and
    definition lists."""
    md = MarkdownIt("commonmark", {"html": True}).use(footnote_plugin, inline=False)
    return md.use(deflist_plugin).use(tasklists_plugin).render(text)


def page_html(value: str) -> str:
    block = MarkdownBlock()
    return str(block.render(block.to_python(value)))


class _Elements(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The elements of ``html`` (not the text, which may spell out any tag)."""
    return _Elements(html).found


def same_page(html: str) -> str:
    """The page's HTML, read as the reference's: footnote ids without the block's prefix."""
    return canonical(re.sub(r"\b(fn(?:ref)?)-m\d+-", r"\1", html))


# (what it is, the step's body, the markdown block it loads as: None when it is the body)
KEPT = [
    ("footnotes: two, one referenced twice, defined at the end",
     "A claim[^1] and another[^note], and the first again[^1].\n\n"
     "[^1]: The source.\n[^note]: The other, *emphasised*.", None),
    ("a footnote defined after other blocks",
     "Text with a note.[^n]\n\n```python\nx = 1\n```\n\nMore text.\n\n[^n]: The note.",
     "Text with a note.[^n]\n\n[^n]: The note."),
    ("a footnote defined between paragraphs",
     "First.[^a]\n\n[^a]: Defined here.\n\nSecond paragraph.",
     "First.[^a]\n\nSecond paragraph.\n\n[^a]: Defined here."),
    ("a definition list",
     "## Words\n\nTerm\n: Its definition.\n\nOther term\n: Another, with `code`.", None),
    ("a task list, checked and unchecked", "Before you go on:\n\n- [ ] open\n- [x] done", None),
    ("keys", "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy.", None),
    ("an HTML comment as a block", "<!-- A note for authors. -->\n\nText after it.", None),
    ("an HTML comment inline", "Text <!-- hidden --> goes on.", None),
    ("a fence inside a list item",
     "1. Install:\n\n   ```console\n   $ pip install django\n   ```\n\n2. Check.", None),
    ("an indented code block inside a list item", "- Run:\n\n      python -m django\n\n- Done.",
     None),
    ("code with blank lines at its ends, in a quote", "> ```python\n>\n> x = 1\n>\n>\n> ```",
     None),
    ("an empty fence in a list", "- ```text\n  ```", None),
    ("headings ##### and ######", "##### Five\n\n###### Six", None),
    ("an ordered list from 0", "0. zero\n1. one", None),
    ("a quote holding a list, a quote and a heading",
     "> ## Quoted\n>\n> - a\n>\n> > inner", None),
    ("list items of two paragraphs", "- one\n\n  two\n- three", None),
    ("a list item that starts with a list", "- - inner\n- outer", None),
    ("a reference link defined after other blocks",
     "See [the docs].[^1]\n\n```text\nx\n```\n\n[the docs]: https://example.org/docs\n"
     "[^1]: A note.",
     "See [the docs].[^1]\n\n[^1]: A note.\n\n[the docs]: https://example.org/docs"),
]  # fmt: skip
IDS = [what for what, _, _ in KEPT]


@pytest.mark.parametrize(("what", "body", "kept"), KEPT, ids=IDS)
def test_it_loads_as_its_own_markdown(what, body, kept):
    blocks = load(body)
    if kept is None:
        assert blocks == [{"type": "markdown", "value": body}]
    else:
        assert {"type": "markdown", "value": kept} in blocks


@pytest.mark.parametrize(("what", "body", "kept"), KEPT, ids=IDS)
def test_the_page_shows_what_markdown_it_shows(what, body, kept):
    value = kept or body
    assert same_page(page_html(value)) == canonical(reference(value))


@pytest.mark.parametrize(("what", "body", "kept"), KEPT, ids=IDS)
def test_the_admins_save_a_dump_and_a_load_change_nothing(what, body, kept):
    stream = StepStreamBlock()
    loaded = load(body)
    saved = stream.get_prep_value(stream.clean(stream.to_python(loaded)))
    kept_values = [block["value"] for block in loaded if block["type"] == "markdown"]
    assert [block["value"] for block in saved if block["type"] == "markdown"] == kept_values
    dumped = render_body(saved, str, str)
    assert load(dumped) == loaded
    assert render_body(load(dumped), str, str) == dumped
    if kept is None:
        assert dumped == body


def test_a_hint_keeps_markdown_too_and_an_admonitions_indent_is_not_kept():
    body = '??? tip "Keys"\n    Press <kbd>Esc</kbd>.[^1]\n\n    - [ ] tried\n\n[^1]: Twice.'
    [hint] = load(body)
    assert hint["value"]["body"] == [
        {"type": "markdown", "value": "Press <kbd>Esc</kbd>.[^1]\n\n- [ ] tried\n\n[^1]: Twice."}
    ]
    assert render_body([hint], str, str) == (
        ":::hint Keys\nPress <kbd>Esc</kbd>.[^1]\n\n- [ ] tried\n\n[^1]: Twice.\n:::"
    )


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        (":::check lesson-check\nPress <kbd>C</kbd>.\n:::", 6,
         "keys (<kbd>) are not kept inside a check's hint: put them in the text"),
        ("| a |\n| - |\n| x[^1] |\n\n[^1]: n", 7, "in a table cell: footnotes are not kept"),
        (":::check lesson-check\n- [ ] tried\n:::", 6, "task lists are not kept inside a check's"),
        ("| a |\n| - |\n| <!-- c --> |", 7, "in a table cell: HTML comments are not kept in a "
                                            "table"),
        ("Note.[^1] See [setup](page:4).\n\n[^1]: x", 5,
         "a link to page:4 names no source file: link to the page's file"),
        ("Note.[^1]\n\n- a\n\n  ```python title=\"a.py\"\n  x\n  ```\n\n[^1]: x", 9,
         "title: code inside a list or a quote takes a language only"),
        ("Note.[^1] <span>x</span>\n\n[^1]: x", 5, "<span> is not allowed here"),
        ("Keys <kbd onclick=\"x()\">C</kbd>", 5, "the attribute onclick is not allowed on <kbd>"),
        ("Note.[^1]\n\n[^1]: <script>alert(1)</script>", 7, "<script> is not allowed here"),
        ("[x]: /a\n\n```text\nq\n```\n\nSee [x].[^1]\n\n[x]: /b\n\nMore.\n\n[^1]: n", 11,
         "the link [x] is defined twice, differently"),
        ("Note.[^1]\n\n```text\nx\n```\n\n> Quoted.\n>\n> [^1]: In a quote.", 13,
         "define the footnote [^1] on a line of its own, not inside a quote"),
    ],
)  # fmt: skip
def test_what_it_cannot_keep_is_refused_at_its_line(body, line, reason):
    with pytest.raises(SourceErrors) as caught:
        load(body)
    problems = caught.value.problems
    assert any(p.line == line and reason in p.reason for p in problems), problems


def test_a_footnote_never_referenced_is_a_warning():
    problems = Problems()
    blocks = load("Text.\n\n[^1]: Nobody points here.", problems)
    assert blocks == [{"type": "text", "value": "<p>Text.</p>"}]
    [warning] = problems.warnings
    assert warning.line == 7
    assert warning.reason.startswith("the footnote [^1] is never referenced: it is not shown")


def test_a_reference_to_no_footnote_is_text():
    assert load("Not a note[^x].") == [{"type": "text", "value": "<p>Not a note[^x].</p>"}]


HOSTILE = [
    ("Hi.\n\n<script>alert(1)</script>", 3, "<script> is not allowed"),
    ('Keys <kbd>C</kbd> and <a href="/x" onclick="steal()">a link</a>.', 1,
     "the attribute onclick is not allowed on <a>"),
    ("- [ ] fine\n- [x] [click](javascript:alert(1))", 2, "a link to javascript: is refused"),
    ("<!-- fine -->\n\n```python\nx\n```", 3, "a code block is a block of its own"),
    ("Text.\n\n::demo startapp", 3, "a demo is a block of its own"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "line", "reason"), HOSTILE)
def test_the_admin_refuses_what_loading_refuses_naming_the_line(value, line, reason):
    with pytest.raises(ValidationError) as caught:
        MarkdownBlock().clean(value)
    assert any(m.startswith(f"Line {line}: ") and reason in m for m in caught.value.messages), (
        caught.value.messages
    )


@pytest.mark.parametrize(("value", "line", "reason"), HOSTILE)
def test_the_page_shows_it_as_text_all_the_same(value, line, reason):
    shown = elements(page_html(value))
    assert {tag for tag, _ in shown} <= {
        "p",
        "kbd",
        "ul",
        "li",
        "input",
        "div",
        "pre",
        "code",
        "span",
    }
    assert not [attrs for _, attrs in shown if "onclick" in attrs or "href" in attrs]


def test_the_page_shows_nothing_outside_its_allowlist():
    html = page_html(
        '<img src=x onerror="alert(1)">[^1] <a href="java&#115;cript:x">a</a> '
        '<kbd style="x">k</kbd> <b>never closed\n\n[^1]: <iframe src="/x"></iframe>'
    )
    shown = elements(html)
    assert {tag for tag, _ in shown} == {"p", "sup", "a", "b", "hr", "section", "ol", "li"}
    assert [a["href"] for tag, a in shown if tag == "a"] == ["#fn-m1-1", "#fnref-m1-1"]
    assert "<img src=x" in html.replace("&lt;", "<") and html.count("</b>") == 1


def test_a_task_lists_boxes_cannot_be_ticked():
    html = page_html("- [ ] open\n- [x] done")
    assert html.count("<input") == html.count('disabled="disabled"') == 2


def test_the_admin_stores_the_text_as_written_without_crlf_or_blank_edges():
    value = "\r\n\r\n  - [ ] indented item  \r\n- [x] done\r\n\r\n"
    assert MarkdownBlock().clean(value) == "  - [ ] indented item  \n- [x] done"


def test_two_blocks_footnotes_and_headings_have_their_own_ids_on_the_page():
    template = Template("{% load lesson_text %}{% markdown_text a %}{% markdown_text b %}")
    text = "## Notes\n\nA claim.[^1]\n\n[^1]: The source."
    request = RequestFactory().get("/")
    html = template.render(Context({"a": text, "b": text, "request": request}))
    ids = re.findall(r'id="([^"]+)"', html)
    assert ids == ["notes", "fnref-m1-1", "fn-m1-1", "notes-2", "fnref-m2-1", "fn-m2-1"]
    assert 'href="#fn-m2-1"' in html and 'href="#fnref-m2-1"' in html


def test_search_reads_the_text_not_the_markup():
    block = MarkdownBlock()
    value = (
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>.[^1] <!-- secret -->\n\n- [x] AT&amp;T\n\n"
        "[^1]: **Copies** `it`."
    )
    assert block.get_searchable_content(value) == ["Press Ctrl+C. AT&T Copies it."]
    code = "- Run:\n\n  ```console\n  $ python -m django\n  ```"
    assert block.get_searchable_content(code) == ["Run: $ python -m django"]


@pytest.mark.django_db
class AdminTests(WagtailPageTestCase):
    """The real admin: a step with Markdown text typed in its text area, then its page."""

    client_class = TokenClient

    def post_step(self, slug: str, markdown: str) -> Any:
        from wagtail.test.utils.form_data import nested_form_data, streamfield

        index = TutorialIndexPage.objects.get()
        self.login()
        tutorial = index.add_child(
            instance=TutorialPage(title="T", slug=f"t-{slug}", summary="s", audience="a")
        )
        data = nested_form_data(
            {
                "title": "Keys",
                "slug": slug,
                "body": streamfield([("markdown", markdown), ("markdown", markdown)]),
                "action-publish": "publish",
            }
        )
        return self.client.post(
            f"/admin/pages/add/lessons/steppage/{tutorial.pk}/", data, follow=True
        )

    def test_what_the_editor_types_is_stored_as_written_and_shown_on_the_page(self):
        typed = "Press <kbd>Esc</kbd>.[^1]\r\n\r\n- [x] done\r\n\r\n[^1]: Twice.\r\n"
        self.post_step("typed", typed)
        step = StepPage.objects.get(slug="typed")
        stored = "Press <kbd>Esc</kbd>.[^1]\n\n- [x] done\n\n[^1]: Twice."
        assert [block["value"] for block in step.body.raw_data] == [stored, stored]
        page = self.client.get(step.url).content.decode()
        assert "<kbd>Esc</kbd>" in page
        assert 'href="#fn-m1-1"' in page and 'href="#fn-m2-1"' in page  # each block its own
        assert page.count('<input class="task-list-item-checkbox" checked="checked"') == 2

    def test_an_unsafe_text_is_not_saved_and_the_error_names_its_line(self):
        response = self.post_step("unsafe", "Fine.[^1]\n\n[^1]: <script>alert(1)</script>")
        assert not StepPage.objects.filter(slug="unsafe").exists()
        assert "Line 3: &lt;script&gt; is not allowed here" in response.content.decode()


def test_code_is_highlighted_and_nothing_else_of_pygments_gets_through():
    html = page_html("- ```python\n  def f(): pass\n  ```")
    assert '<div class="highlight"><pre><span></span><code class="language-python">' in html
    assert '<span class="k">def</span>' in html
    # The same elements written as raw HTML are refused on save, and shown as text.
    forged = '<div class="highlight" onclick="x()"><span class="k" style="x">k</span></div>'
    assert elements(page_html(f"Keys <kbd>K</kbd>\n\n{forged}")) == [("p", {}), ("kbd", {})]


@pytest.mark.django_db
def test_a_link_to_a_page_shows_its_address_and_one_to_a_page_gone_its_text(lessons):
    step = StepPage.objects.get(slug="check-your-tools")
    html = page_html(f"See [it](page:{step.pk}#python), [gone](page:999999).[^1]\n\n[^1]: n")
    assert f'<a href="{step.url}#python">it</a>' in html
    assert ", gone." in html and "999999" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("page:999999", "Line 1: the link to page:999999 names no page"),
        ("../setup.md", "Line 1: a link to ../setup.md works in a lesson source only: here, link "
                        "to the page as page:ID"),
    ],
)  # fmt: skip
def test_the_admin_keeps_links_to_pages_that_exist_only(lessons, link, reason):
    step = StepPage.objects.get(slug="check-your-tools")
    kept = f"Press <kbd>K</kbd> and see [it](page:{step.pk}#python)."
    assert MarkdownBlock().clean(kept) == kept
    with pytest.raises(ValidationError) as caught:
        MarkdownBlock().clean(f"Press <kbd>K</kbd> and see [it]({link}).")
    [message] = caught.value.messages
    assert message.startswith(reason)


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        ('[a](x.md) and [b](<x.md> "T")', '[a](page:1) and [b](page:1 "T")'),
        ("> [r]: x.md\n>\n> [r] and [r][]", "> [r]: page:1\n>\n> [r] and [r][]"),
        ("\\[a](x.md), `[b](x.md)` and [c](y.md)", None),  # text, code, another page
        ("- a\n\n  ```\n  [b](x.md)\n  ```", None),
    ],
)
def test_only_link_destinations_are_rewritten(text, rewritten):
    from fieldguide.lessons.sources.links import rewrite_destinations

    def change(href: str) -> str | None:
        return "page:1" if href == "x.md" else None

    assert rewrite_destinations(text, change) == (rewritten or text)
