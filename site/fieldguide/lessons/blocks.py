"""The blocks a step is made of. One shared inner stream serves callouts, hints and
solutions."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

from fieldguide.demos.allowlist import Demo, Param, configured_demos, demo_choices
from fieldguide.demos.argv import ParamError, check_fixed, parse_fixed
from fieldguide.lessons.highlight import highlight_code, language_label, line_numbers
from fieldguide.lessons.sources.format import markdown_problems
from fieldguide.lessons.sources.markdown_html import plain_text
from fieldguide.lessons.workspace_block import FilesBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "strikethrough",
    "superscript",
    "subscript",
    "code",
    "link",
    "ol",
    "ul",
    "blockquote",
]
INLINE_FEATURES = [
    "bold", "italic", "strikethrough", "superscript", "subscript", "code", "link", "ol", "ul",
]  # fmt: skip
TEXT_TEMPLATE = "blocks/text_block.html"  # headings get ids, for in-page #anchor links


def unix_newlines(text: str) -> str:
    """Browsers submit a textarea with CRLF line endings: stored, they would make the next
    dump_content differ from its sources and the next load_content write a revision."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class PlainTextBlock(blocks.TextBlock):
    """A TextBlock that stores LF line endings, whatever the browser sends."""

    def clean(self, value: str) -> str:
        return unix_newlines(super().clean(value))


def trim_blank_lines(text: str) -> str:
    """``text`` without blank lines at its start and end (its first line's indent is kept)."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


class MarkdownBlock(PlainTextBlock):
    """Text kept as Markdown: footnotes, definition lists, task lists, keys, comments, which the
    rich-text editor cannot hold. Saving checks it as loading a lesson does, so that nothing
    unsafe or unshowable is stored; the page shows it through an allowlist all the same."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("rows", 8)
        kwargs.setdefault(
            "help_text",
            # No angle brackets: the admin may show help text as HTML.
            "Markdown, kept as written: footnotes ([^1] in the text, then a line “[^1]: the "
            "note”), definition lists (a term, then “: its definition”), task lists (- [ ] and "
            "- [x]), keys, HTML comments, code in a list, ##### headings, which the text block "
            "cannot hold. Link to another page with [text](page:ID) or [text](page:ID#heading).",
        )
        super().__init__(**kwargs)

    @cached_property
    def field(self) -> forms.CharField:
        from wagtail.admin.widgets import AdminAutoHeightTextInput  # the admin app, loaded late

        widget = AdminAutoHeightTextInput(attrs={"rows": self.rows, "class": "w-font-mono"})
        # Not stripped: the source's first indent and last spaces are part of what is dumped.
        return forms.CharField(widget=widget, strip=False, **self.field_options)

    def clean(self, value: str) -> str:
        value = trim_blank_lines(super().clean(value))
        problems = sorted(markdown_problems(value, page_exists), key=lambda problem: problem.line)
        if problems:
            raise ValidationError([f"Line {p.line}: {p.reason}" for p in problems])
        return value

    def get_searchable_content(self, value: str) -> list[str]:
        return [plain_text(value)]

    class Meta:
        icon = "doc-full"
        template = "blocks/markdown_block.html"
        description = (
            "Text kept as Markdown: footnotes, definition lists, task lists, keys, comments, "
            "code in lists, which the rich-text editor cannot hold."
        )
        preview_value = (
            "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy.[^1]\n\n"
            "- [x] Copied\n- [ ] Pasted\n\n[^1]: Or use the Copy button."
        )


def page_exists(page_id: int) -> bool:
    """A ``page:ID`` link of text kept as Markdown names a page of this site."""
    from wagtail.models import Page  # models import this module

    return Page.objects.filter(pk=page_id).exists()


def validate_line_numbers(spec: str) -> None:
    try:
        line_numbers(spec)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(
        max_length=40,
        default="python",
        help_text="python, bash, console, sql, yaml… (any language Pygments knows); another "
        "name is shown as plain text.",
    )
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Shown above the code, e.g. a file name."
    )
    highlight = blocks.CharBlock(
        required=False,
        max_length=200,
        validators=[validate_line_numbers],
        help_text="Lines to mark, e.g. 2 3 or 5-7.",
    )
    code = PlainTextBlock()

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context)
        html = highlight_code(value["code"], value["language"], value.get("highlight") or "")
        context["highlighted"] = mark_safe(html)  # noqa: S308 - Pygments escapes
        context["language_label"] = language_label(value["language"])
        return context

    class Meta:
        icon = "code"
        template = "blocks/code_block.html"
        description = "Code with syntax highlighting, a language label and a copy button."
        preview_value = {"language": "python", "code": 'print("Hello, offline world")'}


class DetailStreamBlock(blocks.StreamBlock):
    """What a callout, a hint or a solution may hold: text and code."""

    text = blocks.RichTextBlock(features=INLINE_FEATURES, template=TEXT_TEMPLATE)
    code = CodeBlock()
    markdown = MarkdownBlock()


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("note", "Note"), ("warning", "Warning")], default="note"
    )
    title = blocks.CharBlock(
        required=False, max_length=120, help_text="Shown in place of Tip, Note or Warning."
    )
    body = DetailStreamBlock()

    class Meta:
        icon = "info-circle"
        template = "blocks/callout_block.html"
        description = "A tip, note or warning set apart from the text, with text and code."
        preview_value = {
            "kind": "tip",
            "title": "Offline",
            "body": [("text", "<p>Save often: the kiosk never needs the network.</p>")],
        }


class HintBlock(blocks.StructBlock):
    title = blocks.CharBlock(default="Hint", max_length=120)
    body = DetailStreamBlock()

    class Meta:
        icon = "help"
        template = "blocks/details_block.html"
        description = "A collapsed hint the learner opens when stuck."
        preview_value = {
            "title": "Hint",
            "body": [("text", "<p>Look at the error's last line.</p>")],
        }


class SolutionBlock(HintBlock):
    title = blocks.CharBlock(default="Solution", max_length=120)

    class Meta:
        icon = "tick"
        template = "blocks/details_block.html"
        description = "A collapsed worked solution."
        preview_value = {
            "title": "Solution",
            "body": [("code", {"language": "python", "code": "x = 1"})],
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="What the image shows, for screen readers."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with alternative text and an optional caption."


class DemoValue(blocks.StructValue):
    """A demo block's value, read once for the page, the step's check and the exports."""

    @cached_property
    def definition(self) -> Demo | None:
        """The allowlist's demo, or None if this machine's allowlist lacks it."""
        return configured_demos().get(self["demo"])

    @cached_property
    def fixed(self) -> dict[str, str]:
        """The editor's fixed parameters (an invalid text fixes none: saving refuses it)."""
        try:
            return parse_fixed(self.get("params") or "")
        except ParamError:
            return {}

    def command_line(self) -> str:
        """As the learner sees it: ``python`` for the interpreter, defaults filled in."""
        return self.definition.command_line(self.fixed) if self.definition else ""

    def inputs(self) -> list[tuple[str, Param, str | None]]:
        """Each parameter of the demo, with its fixed value or None (the learner chooses)."""
        params = self.definition.params if self.definition else {}
        return [(name, param, self.fixed.get(name)) for name, param in params.items()]

    def accepts_run(self, demo: str, params: Mapping[str, str]) -> bool:
        """A run of this demo with these parameters is the one this block asks for."""
        return demo == self["demo"] and all(params.get(k) == v for k, v in self.fixed.items())


class DemoBlock(blocks.StructBlock):
    """A demo from the allowlist. Editors pick an id (they can never type a command), may fix
    parameter values within the demo's schema, and may make it the step's check."""

    demo = blocks.ChoiceBlock(choices=demo_choices, help_text="Demos come from demos.toml.")
    params = PlainTextBlock(
        required=False,
        rows=2,
        help_text="Fixed parameter values, one name=value per line; learners choose the rest.",
    )
    check = blocks.BooleanBlock(
        required=False,
        help_text="Make this demo the step's check: learners see “Check my work”, and "
        "success marks the step complete.",
    )
    check_hint = blocks.RichTextBlock(
        required=False, features=INLINE_FEATURES, help_text="Shown when the check fails."
    )

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        demo = configured_demos().get(value["demo"])
        try:
            fixed = parse_fixed(value["params"] or "")
            if demo is not None:
                check_fixed(demo, fixed)
        except ParamError as exc:
            raise StructBlockValidationError(
                block_errors={"params": ValidationError(str(exc))}
            ) from None
        return value

    def get_context(self, value: DemoValue, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context)
        context.update(
            demo=value.definition,
            fixed=value.fixed,
            command_line=value.command_line(),
            inputs=value.inputs(),
        )
        return context

    class Meta:
        value_class = DemoValue
        icon = "cogs"
        template = "blocks/demo_block.html"
        description = "A command from the demo allowlist, runnable by learners with one click."


# Pipe tables of lesson sources. Cells hold inline rich text (bold, code, links…) as HTML;
# a column's alignment is each of its cells' className (htLeft, htCenter, htRight).
TABLE_OPTIONS = {
    "renderer": "html",
    "startRows": 3,
    "startCols": 3,
    "contextMenu": ["row_above", "row_below", "---------", "col_left", "col_right",
                    "---------", "remove_row", "remove_col", "---------", "undo", "redo",
                    "---------", "alignment"],
}  # fmt: skip


class StepStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template=TEXT_TEMPLATE)
    markdown = MarkdownBlock()
    code = CodeBlock()
    callout = CalloutBlock()
    hint = HintBlock()
    solution = SolutionBlock()
    image = ImageBlock()
    table = TableBlock(
        table_options=TABLE_OPTIONS,
        help_text="The first row is the header. Cells take bold, italic, code and links.",
    )
    demo = DemoBlock()
    files = FilesBlock()
