"""A tutorial to take away: a printable handout (one page, every step) and a Jupyter notebook
(nbformat 4: the step text as Markdown cells, each demo as a ``!`` shell line; callouts as
quotes and workspace panels as a line, since Jupyter knows no Fieldguide blocks)."""

from __future__ import annotations

import base64
import json
import mimetypes
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from wagtail.images import get_image_model

from fieldguide.lessons.blocks import DemoValue
from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.lessons.sources.dumper import page_url
from fieldguide.lessons.sources.files import StreamData
from fieldguide.lessons.sources.richtext import escape_text
from fieldguide.lessons.sources.writer import ImagePath, render_body


def _tutorial(pk: int) -> tuple[TutorialPage, list[StepPage]]:
    tutorial = get_object_or_404(TutorialPage.objects.live(), pk=pk)
    return tutorial, list(tutorial.steps())


def handout(request: HttpRequest, pk: int) -> HttpResponse:
    tutorial, steps = _tutorial(pk)
    return render(
        request, "lessons/handout.html", {"tutorial": tutorial, "steps": steps, "handout": True}
    )


def notebook(request: HttpRequest, pk: int) -> HttpResponse:
    tutorial, steps = _tutorial(pk)
    response = HttpResponse(
        json.dumps(build_notebook(tutorial, steps), indent=1, ensure_ascii=False),
        content_type="application/x-ipynb+json",
    )
    response["Content-Disposition"] = f'attachment; filename="{tutorial.slug}.ipynb"'
    return response


def _markdown_cell(source: str, attachments: dict[str, Any] | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": "markdown", "metadata": {}, "source": source}
    if attachments:
        cell["attachments"] = attachments
    return cell


def _code_cell(source: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


class _Attachments:
    """Images travel inside the notebook (cell attachments), so it works anywhere offline."""

    def __init__(self) -> None:
        self.files: dict[str, Any] = {}

    def __call__(self, image_id: Any) -> str:
        image = get_image_model().objects.get(pk=image_id)
        name = Path(image.file.name).name
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with image.open_file() as handle:
            self.files[name] = {kind: base64.b64encode(handle.read()).decode("ascii")}
        return f"attachment:{name}"


def notebook_markdown(blocks: StreamData, attachments: ImagePath) -> str:
    """Blocks as Markdown that Jupyter shows: a callout as a quote under its title (or its
    kind), a workspace panel as a line naming its files; the rest as lesson sources say it."""
    parts = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "callout":
            label = escape_text(value.get("title") or value["kind"].capitalize())
            text = f"**{label}**\n\n{notebook_markdown(value['body'], attachments)}"
            parts.append("\n".join(f"> {line}".rstrip() for line in text.split("\n")))
        elif kind == "files":
            paths = ", ".join(f"`{path}`" for path in (value.get("paths") or "").split())
            where = f"the `{value['workspace']}` workspace" + (f": {paths}" if paths else "")
            parts.append(f"*In Fieldguide, edit the files of {where}.*")
        else:
            parts.append(render_body([block], attachments, page_url))
    return "\n\n".join(part for part in parts if part)


def _demo_cell(value: DemoValue) -> dict[str, Any]:
    demo = value.definition
    if demo is None:
        return _code_cell(f"# The demo {value['demo']!r} is not on this machine's allowlist.")
    where = f' (in the "{demo.workspace}" workspace)' if demo.workspace else ""
    kind = "Check" if value.get("check") else "Demo"
    # command_line() spells the interpreter "python" and fills defaults, as the page shows it.
    return _code_cell(f"# {kind}: {demo.title}{where}\n!{value.command_line()}")


def _step_cells(number: int, step: StepPage) -> list[dict[str, Any]]:
    """Markdown cells for the text between demos, a code cell for each demo."""
    cells: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    heading: str | None = f"## Step {number}: {step.title}"
    for index, block in enumerate([*step.body, None]):
        if block is not None and block.block_type != "demo":
            pending.append(step.body.raw_data[index])  # the text format works on raw blocks
            continue
        attachments = _Attachments()
        body = notebook_markdown(pending, attachments)
        source = "\n\n".join(part for part in (heading, body) if part)
        if source:
            cells.append(_markdown_cell(source, attachments.files))
        pending, heading = [], None
        if block is not None:
            cells.append(_demo_cell(block.value))
    return cells


def build_notebook(tutorial: TutorialPage, steps: list[StepPage]) -> dict[str, Any]:
    attachments = _Attachments()
    intro = notebook_markdown(list(tutorial.intro.raw_data), attachments)
    heading = f"# {tutorial.title}\n\n{tutorial.summary}\n\n{intro}".strip()
    cells = [_markdown_cell(heading, attachments.files)]
    for number, step in enumerate(steps, start=1):
        cells.extend(_step_cells(number, step))
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "fieldguide": {"tutorial": tutorial.slug, "title": tutorial.title},
        },
        "cells": [{**cell, "id": f"cell-{index}"} for index, cell in enumerate(cells)],
    }
