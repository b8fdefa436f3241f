from pathlib import Path

import pytest
from fieldguide.lessons.sources.files import SourceError, SourceErrors, read_source, write_source
from fieldguide.lessons.sources.format import parse_body
from fieldguide.lessons.sources.writer import render_body

STEP = """---
title: A step
---

Some *text*.

```python
print("hi")
```

:::tip
A tip.
:::

:::hint Stuck?
Try this:

```console
$ ls
```
:::

:::solution
Done.
:::

![A diagram](images/d.png "The caption")

::demo django-version
"""


def source(tmp_path: Path, text: str):
    path = tmp_path / "01-step.md"
    path.write_text(text)
    return read_source(path)


def test_parses_every_block(tmp_path):
    body = parse_body(source(tmp_path, STEP), demos={"django-version"})
    assert [b["type"] for b in body] == [
        "text",
        "code",
        "callout",
        "hint",
        "solution",
        "image",
        "demo",
    ]
    assert body[1]["value"] == {"language": "python", "code": 'print("hi")'}
    assert body[2]["value"] == {
        "kind": "tip",
        "title": "",
        "body": [{"type": "text", "value": "<p>A tip.</p>"}],
    }
    assert body[3]["value"]["title"] == "Stuck?"
    assert [b["type"] for b in body[3]["value"]["body"]] == ["text", "code"]
    assert body[4]["value"]["title"] == "Solution"
    assert body[5]["value"] == {
        "image": "images/d.png",
        "alt_text": "A diagram",
        "caption": "The caption",
    }
    assert body[6]["value"] == {
        "demo": "django-version",
        "params": "",
        "check": False,
        "check_hint": "",
    }


def test_render_is_the_inverse_of_parse(tmp_path):
    parsed = source(tmp_path, STEP)
    body = parse_body(parsed)
    for block in body:
        block.pop("line", None)
    text = write_source({"title": "A step"}, render_body(body, lambda image: image, str))
    assert text == STEP


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("```python\nprint()\n", 5, "never closed with ```"),
        (":::tip\nno end\n", 5, "never closed with ':::'"),
        ("text\n\n:::\n", 7, "closes no open block"),
        ("::demo rm-rf\n", 5, "unknown demo 'rm-rf'"),
        ("![](images/x.png)\n", 5, "alternative text"),
        ("# A title\n", 5, "<h1>"),
        ("ok\n\n:::hint\n::demo django-version\n:::\n", 8, "text and code only"),
        (":::tip Title\n:::\n", 5, "this tip is empty"),
        # Raw HTML that would break the page's layout, and links that would run code.
        ("Fine.\n\n</div></main>\n", 7, "<div> is not allowed"),
        ("a </b> b\n", 5, "</b> closes no open <b>"),
        ("[click](javascript:alert(1))\n", 5, "a link to javascript: is refused"),
        ("[click](java&#115;cript:alert(1))\n", 5, "a link to javascript: is refused"),
        ("[click](data:text/html,hi)\n", 5, "a link to data: is refused"),
        ("One line,\nthen [a link](javascript:x) on the next.\n", 6, "javascript: is refused"),
    ],
)
def test_errors_name_file_and_line(tmp_path, body, line, reason):
    parsed = source(tmp_path, f"---\ntitle: T\n---\n\n{body}")
    with pytest.raises(SourceErrors) as caught:
        parse_body(parsed, demos={"django-version"})
    [problem] = caught.value.problems
    assert problem.line == line
    assert reason in problem.reason
    assert str(problem).startswith(f"{parsed.path}:{line}: ")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("no front matter\n", 1, "starts with '---'"),
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\ntitle: [x\n---\n", 2, "invalid YAML"),
        ("---\n- a list\n---\n", 2, "mapping"),
    ],
)
def test_front_matter_errors(tmp_path, text, line, reason):
    with pytest.raises(SourceError) as caught:
        source(tmp_path, text)
    assert (caught.value.line, reason in caught.value.reason) == (line, True)


DEMOS_STEP = """---
title: Demos
---

::demo greet name=bob 'colour=light green'

:::check greet name=eve
Did you *save* the file?
:::

:::check hello
:::
"""


def test_demo_parameters_and_checks_round_trip(tmp_path):
    from fieldguide.demos.allowlist import parse_file

    allowlist = tmp_path / "demos.toml"
    allowlist.write_text(
        '[demos.hello]\ntitle = "h"\nargv = ["{python}"]\n'
        '[demos.greet]\ntitle = "g"\nargv = ["{python}", "{name}", "{colour}"]\n'
        'params.name = { pattern = "^[a-z]+$" }\n'
        'params.colour = { choices = ["red", "light green"], default = "red" }\n'
    )
    demos = parse_file(allowlist)
    body = parse_body(source(tmp_path, DEMOS_STEP), demos=demos)
    assert [b["value"] for b in body] == [
        {
            "demo": "greet",
            "params": "name=bob\ncolour=light green",
            "check": False,
            "check_hint": "",
        },
        {
            "demo": "greet",
            "params": "name=eve",
            "check": True,
            "check_hint": "<p>Did you <i>save</i> the file?</p>",
        },
        {"demo": "hello", "params": "", "check": True, "check_hint": ""},
    ]
    assert write_source({"title": "Demos"}, render_body(body, str, str)) == DEMOS_STEP


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("::demo greet name=BOB", "'BOB' is not allowed"),
        ("::demo greet shell=sh", "no such parameter"),
        ("::demo greet name", "name=value"),
        (":::check\n:::", "names its demo"),
    ],
)
def test_bad_demo_parameters_name_the_line(tmp_path, line, reason):
    from fieldguide.demos.allowlist import parse_file

    allowlist = tmp_path / "demos.toml"
    allowlist.write_text(
        '[demos.greet]\ntitle = "g"\nargv = ["{python}", "{name}"]\n'
        'params.name = { pattern = "^[a-z]+$", default = "ada" }\n'
    )
    with pytest.raises(SourceErrors) as caught:
        parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{line}\n"), demos=parse_file(allowlist))
    [problem] = caught.value.problems
    assert problem.line == 5 and reason in problem.reason


def test_a_parse_goes_on_after_each_problem_and_reports_them_all(tmp_path):
    body = (
        "::demo rm-rf\n\n"  # line 5
        "```cobol\nx\n```\n\n"  # line 7
        "![](images/x.png)\n\n"  # line 11
        ":::tip Title\n:::\n\n"  # line 13
        "# A title\n\n"  # line 16
        "::demo django-version\n"
    )
    parsed = source(tmp_path, f"---\ntitle: T\n---\n\n{body}")
    with pytest.raises(SourceErrors) as caught:
        parse_body(parsed, demos={"django-version"})
    assert [(p.line, p.reason.split(" ")[0]) for p in caught.value.problems] == [
        (5, "unknown"),
        (11, "an"),
        (13, "this"),
        (16, "<h1>"),
    ]


@pytest.mark.parametrize("encode", [
    lambda text: text.encode(),
    lambda text: b"\xef\xbb\xbf" + text.encode(),  # a byte-order mark
    lambda text: text.replace("\n", "\r\n").encode(),  # Windows line endings
    lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
])  # fmt: skip
def test_a_byte_order_mark_and_crlf_line_endings_read_the_same(tmp_path, encode):
    text = "---\ntitle: T\n---\n\nSome *text*.\n\n```python\na = 1\nb = 2\n```\n"
    path = tmp_path / "01-step.md"
    path.write_bytes(encode(text))
    parsed = read_source(path)
    assert parsed.meta == {"title": "T"}
    assert parse_body(parsed)[1]["value"]["code"] == "a = 1\nb = 2"


def test_a_form_feed_inside_a_line_does_not_split_it(tmp_path):
    path = tmp_path / "01-step.md"
    path.write_text("---\ntitle: T\n---\n\nbefore\x0cafter\n\n::demo nope\n")
    with pytest.raises(SourceErrors) as caught:
        parse_body(read_source(path), demos=set())
    assert caught.value.problems[0].line == 7


# What a CommonMark renderer shows is what the page stores; what it cannot show yet is refused
# at its line, never printed literally or half-rendered.
FAITHFUL = [
    ("``` python\nprint(1)\n```\n", [{"type": "code", "value": {"language": "python", "code": "print(1)"}}]),
    ("~~~bash\nls\n~~~\n", [{"type": "code", "value": {"language": "bash", "code": "ls"}}]),
    ("````markdown\n```\nnested\n```\n````\n",
     [{"type": "code", "value": {"language": "markdown", "code": "```\nnested\n```"}}]),
    ("See [the docs][docs].\n\n```text\nx\n```\n\n[docs]: https://example.org/docs\n",
     [{"type": "text", "value": '<p>See <a href="https://example.org/docs">the docs</a>.</p>'},
      {"type": "code", "value": {"language": "text", "code": "x"}}]),
    ("Some text:\n- one\n- two\n",
     [{"type": "text", "value": "<p>Some text:</p><ul><li>one</li><li>two</li></ul>"}]),
    # The admin's editor drops a list's start: the list is kept as Markdown (as are the others
    # in tests/test_admin_round_trip.py's CONSTRUCTS).
    ("3. three\n4. four\n", [{"type": "markdown", "value": "3. three\n4. four"}]),
    ("- a\n  - b\n    - c\n",
     [{"type": "text", "value": "<ul><li>a\n<ul><li>b\n<ul><li>c</li></ul></li></ul></li></ul>"}]),
    ("<https://example.org>\n",
     [{"type": "text", "value": '<p><a href="https://example.org">https://example.org</a></p>'}]),
    ('He said "hi" & left.\n', [{"type": "text", "value": '<p>He said "hi" &amp; left.</p>'}]),
    ("Not ~~this~~ but ~that.\n", [{"type": "text", "value": "<p>Not <s>this</s> but ~that.</p>"}]),
    ("H<sub>2</sub>O and x<sup>2</sup>.\n", [{"type": "text", "value": "<p>H<sub>2</sub>O and x<sup>2</sup>.</p>"}]),
    # A wrapped paragraph is stored as the admin's editor stores it: one line.
    ("A paragraph\nwrapped at\nany width.\n", [{"type": "text", "value": "<p>A paragraph wrapped at any width.</p>"}]),
    ("> Quoted, and\n> wrapped.\n>\n> A second paragraph.\n",
     [{"type": "text", "value": "<blockquote>Quoted, and wrapped.</blockquote><blockquote>A second paragraph.</blockquote>"}]),
]  # fmt: skip


@pytest.mark.parametrize(("body", "blocks"), FAITHFUL)
def test_commonmark_constructs_are_read_faithfully(tmp_path, body, blocks):
    assert parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}")) == blocks


REFUSED = [
    ("| `<div>` | <div>x</div> |\n| --- | --- |\n", 5, "in a table cell: <div> is not allowed"),
    # Code in a list is kept as Markdown, shown with its language only.
    ('Text\n\n- item\n\n  ```python title="x.py"\n  x = 1\n  ```\n', 9,
     "title: code inside a list or a quote takes a language only"),
    ("> Quote:\n>\n> ```python hl_lines=\"1\"\n> x\n> ```\n", 7, "hl_lines: code inside"),
    # A check's hint is rich text: what only Markdown keeps is refused at its own line.
    (":::check lesson-check\nTry:\n\n- this\n\n  ```bash\n  ls\n  ```\n:::\n", 10,
     "code blocks in lists and quotes are not kept inside a check's hint"),
    (":::check lesson-check\nSee:\n\n##### Deep\n:::\n", 8,
     "headings ##### and ###### are not kept inside a check's hint"),
    (":::tip\nA tip.\n\n::demo lesson-check\n:::\n", 8,
     "callouts, hints and solutions hold text and code only"),
    (":::note\n| a |\n| - |\n:::\n", 6, "callouts, hints and solutions hold text and code only"),
    ("<h5>Raw</h5>\n", 5, "write ##### and ###### headings in Markdown"),
    ("- Run it:\n\n  ::demo django-version\n", 7, "a demo stands on its own: not inside a list"),
    ("> Quoted:\n>\n> | a |\n> | - |\n", 7, "a table stands on its own: not inside a list or a"),
    ("- Edit:\n\n  ::files lesson-draft\n", 7, "a ::files panel stands on its own"),
    ("Fine.[^1] See [it](page:3).\n\n[^1]: n\n", 5,
     "a link to page:3 names no source file: link to the page's file"),
    ('Click <a href="/x" onclick="steal()">here</a>.\n', 5,
     "the attribute onclick is not allowed on <a>"),
    ('One\n\n<ol start="2" class="steps"><li>two</li></ol>\n', 7,
     "the attribute class is not allowed on <ol>"),
    ("# Deep\n", 5, "start headings at ##"),
    ("Text.\n\n>\n", 7, "this quote is empty"),
    ("    indented code\n", 5, "use a fenced ``` code block"),
    ('```python linenums="1"\nx\n```\n', 5, "unknown code block option 'linenums'"),
    ('```python hl_lines="2 9"\nx\ny\n```\n', 5, "hl_lines: the code has 2 lines, not 9"),
    ('```python hl_lines="two"\nx\n```\n', 5, "hl_lines: 'two' is not a line number"),
    (":::aside\nx\n:::\n", 5, "unknown block ':::aside'"),
    ("~~~python\nnever closed\n", 5, "never closed with ~~~"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "line", "reason"), REFUSED)
def test_what_the_page_cannot_show_yet_is_refused_at_its_line(tmp_path, body, line, reason):
    with pytest.raises(SourceErrors) as caught:
        parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}"))
    problem = caught.value.problems[0]
    assert (problem.line, reason in problem.reason) == (line, True), problem


TABLE = """| Name | Size | Note |
| :-- | --: | --- |
| `a` | 1 | x \\| y |
| **b** |  | [docs](https://example.org/docs) |"""


def test_a_pipe_table_is_a_table_block_with_its_header_and_alignment(tmp_path):
    [block] = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{TABLE}\n"))
    value = block["value"]
    assert block["type"] == "table" and value["first_row_is_table_header"] is True
    assert value["data"] == [
        ["Name", "Size", "Note"],
        ["<code>a</code>", "1", "x | y"],
        ["<b>b</b>", None, '<a href="https://example.org/docs">docs</a>'],
    ]
    aligned = {(c["row"], c["col"]): c["className"] for c in value["cell"]}
    assert aligned[(0, 0)] == aligned[(2, 0)] == "htLeft"
    assert aligned[(0, 1)] == "htRight" and (0, 2) not in aligned
    assert render_body([block], str, str) == TABLE


def test_any_language_pygments_knows_is_highlighted_and_others_are_plain_with_a_warning(
    tmp_path,
):
    from fieldguide.lessons.highlight import highlight_code, language_label
    from fieldguide.lessons.sources.files import Problems

    body = "```sh\nls\n```\n\n```nosuchlang\nplain\n```\n"
    problems = Problems()
    blocks = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}"), None, problems)
    assert [b["value"]["language"] for b in blocks] == ["sh", "nosuchlang"]
    assert list(problems) == []
    [warning] = problems.warnings
    assert warning.line == 9 and "unknown code language 'nosuchlang'" in warning.reason
    assert (language_label("sh"), language_label("nosuchlang")) == ("Bash", "nosuchlang")
    assert '<span class="nb">echo</span>' in highlight_code("echo hi", "sh")
    assert "plain" in highlight_code("plain", "nosuchlang")
    assert render_body(blocks, str, str) == body.rstrip("\n")


def text(html: str) -> list[dict]:
    return [{"type": "text", "value": html}]


ADMONITIONS = [
    ('!!! note\n    Plain *note*.\n',
     {"type": "callout", "value": {"kind": "note", "title": "",
                                   "body": text("<p>Plain <i>note</i>.</p>")}}),
    ('!!! danger "Mind the gap"\n    Careful.\n\n    - really\n',
     {"type": "callout", "value": {"kind": "warning", "title": "Mind the gap",
                                   "body": text("<p>Careful.</p><ul><li>really</li></ul>")}}),
    ('!!! success ""\n    Done.\n',
     {"type": "callout", "value": {"kind": "tip", "title": "", "body": text("<p>Done.</p>")}}),
    ('!!! note "Note"\n    Its title is its kind.\n',
     {"type": "callout", "value": {"kind": "note", "title": "",
                                   "body": text("<p>Its title is its kind.</p>")}}),
    ('!!! tip "Keys"\n    Press <kbd>Esc</kbd>.\n\n    ```console\n    $ ls\n    ```\n',
     {"type": "callout", "value": {"kind": "tip", "title": "Keys", "body": [
         {"type": "markdown", "value": "Press <kbd>Esc</kbd>."},
         {"type": "code", "value": {"language": "console", "code": "$ ls"}}]}}),
    ('??? question "Why offline?"\n    Because.\n\n    ```python\n    x = 1\n    ```\n',
     {"type": "hint", "value": {"title": "Why offline?", "body": [
         {"type": "text", "value": "<p>Because.</p>"},
         {"type": "code", "value": {"language": "python", "code": "x = 1"}}]}}),
]  # fmt: skip


@pytest.mark.parametrize(("body", "block"), ADMONITIONS)
def test_mkdocs_admonitions_read_as_callouts_and_hints(tmp_path, body, block):
    assert parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}")) == [block]


def test_a_callouts_title_and_blocks_are_written_back_as_read(tmp_path):
    body = ":::warning Mind the gap\nCareful:\n\n```python\nx = 1\n```\n\n- [ ] read it\n:::"
    blocks = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}\n"))
    assert blocks == [{"type": "callout", "value": {"kind": "warning", "title": "Mind the gap",
                                                    "body": [
        {"type": "text", "value": "<p>Careful:</p>"},
        {"type": "code", "value": {"language": "python", "code": "x = 1"}},
        {"type": "markdown", "value": "- [ ] read it"}]}}]  # fmt: skip
    assert render_body(blocks, str, str) == body


def test_a_fence_title_and_marked_lines_load_render_and_dump_back(tmp_path):
    from fieldguide.lessons.highlight import highlight_code

    text = '```python title="app/views.py" hl_lines="2 4-5"\na\nb\nc\nd\ne\n```'
    [block] = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{text}\n"))
    assert block["value"] == {
        "language": "python", "code": "a\nb\nc\nd\ne", "title": "app/views.py",
        "highlight": "2 4-5",
    }  # fmt: skip
    assert render_body([block], str, str) == text
    assert highlight_code("a\nb\nc\nd\ne", "python", "2 4-5").count('class="hll"') == 3


def test_code_holding_a_fence_is_written_inside_a_longer_one(tmp_path):
    text = "````markdown\n```python\nx\n```\n````"
    blocks = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{text}\n"))
    assert render_body(blocks, str, str) == text


def test_a_link_title_is_left_out_with_a_warning_as_the_editor_cannot_keep_it(tmp_path):
    from fieldguide.lessons.sources.files import Problems

    body = 'See [the docs](https://example.org "The docs").\n\n| [a](/a "t") |\n| - |\n'
    problems = Problems()
    blocks = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}"), None, problems)
    assert blocks[0]["value"] == '<p>See <a href="https://example.org">the docs</a>.</p>'
    assert blocks[1]["value"]["data"] == [['<a href="/a">a</a>']]
    assert list(problems) == []
    assert [(w.line, w.reason) for w in problems.warnings] == [
        (5, "the link title 'The docs' is left out: the admin's editor keeps a link's address only"),
        (7, "the link title 't' is left out: the admin's editor keeps a link's address only"),
    ]  # fmt: skip


def test_the_page_links_that_the_editor_stores_keep_their_attributes(tmp_path):
    body = '<a linktype="page" id="3" anchor="setup">Setup</a>, <ol start="3"><li>c</li></ol>\n'
    [block] = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{body}"))
    assert '<a linktype="page" id="3" anchor="setup">Setup</a>' in block["value"]


@pytest.mark.parametrize(
    ("alt", "caption"),
    [
        ("A *star*, [brackets], _under_ and `ticks`", 'He said "hi" \\ back'),
        ("# not a heading, <b>not bold</b> & AT&amp;T", "&amp; (parens) and 'quotes'"),
        ("\\ a backslash ~~not struck~~ !", ""),
        ("A & B", "C:\\path\\ and A & B"),
    ],
)
def test_any_alt_text_and_caption_survive_a_dump_and_a_load(tmp_path, alt, caption):
    image = {
        "type": "image",
        "value": {"image": "images/x.png", "alt_text": alt, "caption": caption},
    }
    text = render_body([image], str, str)
    [block] = parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{text}\n"))
    assert block["value"] == image["value"]


@pytest.fixture
def demos(tmp_path):
    from fieldguide.demos.allowlist import parse_file

    allowlist = tmp_path / "demos.toml"
    allowlist.write_text('[demos.ls]\ntitle = "l"\nargv = ["ls"]\nworkspace = "from-a-demo"\n')
    return parse_file(allowlist)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("::files from-a-demo", {"workspace": "from-a-demo", "paths": ""}),  # a demo runs in it
        # a folder of content/workspaces (settings.FIELDGUIDE_CONTENT_DIR), with no demo of its own
        ("::files lesson-draft lesson/01-boil-water.md  notes.md",
         {"workspace": "lesson-draft", "paths": "lesson/01-boil-water.md notes.md"}),
    ],
)  # fmt: skip
def test_a_workspace_panel_names_a_known_workspace_and_files_in_it(tmp_path, demos, line, value):
    from fieldguide.lessons.sources.files import Problems

    problems = Problems()
    parsed = source(tmp_path, f"---\ntitle: T\n---\n\nText.\n{line}\n")
    blocks = parse_body(parsed, demos=demos, problems=problems)
    assert blocks[1] == {"type": "files", "value": value}
    assert not problems
    assert render_body(blocks[1:], str, str) == " ".join(line.split())


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("::files", "::files names a workspace: '::files workspace [path …]'"),
        ("::files Bad_Name", "::files names a workspace"),
        ("::files nowhere a.py", "unknown workspace 'nowhere': no demo runs in it"),
        ("::files from-a-demo ../outside.py", "../outside.py: a path inside the workspace"),
        ("::files from-a-demo /etc/passwd", "/etc/passwd: a path inside the workspace"),
        ("::files from-a-demo a\\b.py", "a\\b.py: a path inside the workspace"),
    ],
)
def test_a_workspace_panel_is_refused_at_its_line(tmp_path, demos, line, reason):
    parsed = source(tmp_path, f"---\ntitle: T\n---\n\nText.\n\n{line}\n")
    with pytest.raises(SourceErrors) as caught:
        parse_body(parsed, demos=demos)
    [problem] = caught.value.problems
    assert (problem.line, reason in problem.reason) == (7, True), problem


def test_a_workspace_panel_naming_a_file_the_workspace_lacks_is_a_warning(tmp_path, demos):
    from fieldguide.lessons.sources.files import Problems

    problems = Problems()
    parse_body(
        source(tmp_path, "---\ntitle: T\n---\n\n::files lesson-draft nope.py\n"), demos, problems
    )
    assert [(w.line, w.reason) for w in problems.warnings] == [
        (5, "nope.py is not a file of the workspace 'lesson-draft' (yet)")
    ]
