from pathlib import Path

import pytest
from fieldguide.lessons.sources.format import (
    SourceError,
    parse_body,
    read_source,
    render_body,
    write_source,
)

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
    assert body[2]["value"] == {"kind": "tip", "body": "<p>A tip.</p>"}
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
        ("```cobol\nx\n```", 5, "unknown code language 'cobol'"),
        (":::tip\nno end\n", 5, "never closed with ':::'"),
        ("text\n\n:::\n", 7, "closes no open block"),
        ("::demo rm-rf\n", 5, "unknown demo 'rm-rf'"),
        ("![](images/x.png)\n", 5, "alternative text"),
        ("# A title\n", 5, "<h1>"),
        ("ok\n\n:::hint\n::demo django-version\n:::\n", 8, "text and code only"),
        (":::tip Title\nx\n:::\n", 5, "takes no title"),
    ],
)
def test_errors_name_file_and_line(tmp_path, body, line, reason):
    parsed = source(tmp_path, f"---\ntitle: T\n---\n\n{body}")
    with pytest.raises(SourceError) as caught:
        parse_body(parsed, demos={"django-version"})
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{parsed.path}:{line}: ")


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
    with pytest.raises(SourceError) as caught:
        parse_body(source(tmp_path, f"---\ntitle: T\n---\n\n{line}\n"), demos=parse_file(allowlist))
    assert caught.value.line == 5 and reason in caught.value.reason
