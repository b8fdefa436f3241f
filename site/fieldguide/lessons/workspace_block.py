"""The workspace panel of a step: the learner's copy of a workspace, its files in a tree, an
editor, a diff against the pristine copy (the page module is demos/workspace-panel.js).

In lesson sources: ``::files WORKSPACE [path …]`` (the paths, if any, are the files the panel
opens first, in tabs; else the tree alone)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from wagtail import blocks

from fieldguide.demos.editor import bundle_url

WORKSPACE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PATH = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[^\\\0]+$")


def validate_workspace(name: str) -> None:
    if not WORKSPACE.match(name):
        raise ValidationError("a workspace's name: a-z, 0-9, '-' and '_'")


def validate_paths(text: str) -> None:
    for path in text.split():
        if not PATH.match(path):
            raise ValidationError(f"{path}: a path inside the workspace, with '/'")


class FilesBlock(blocks.StructBlock):
    workspace = blocks.CharBlock(
        max_length=60,
        validators=[validate_workspace],
        help_text="The workspace (a folder of content/workspaces) whose learner copy is shown.",
    )
    paths = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_paths],
        help_text="Files to open first, separated by spaces (e.g. polls/models.py).",
    )

    def get_context(self, value: Any, parent_context: dict | None = None) -> dict:
        context = super().get_context(value, parent_context)
        context["open_paths"] = (value.get("paths") or "").split()
        context["editor_url"] = bundle_url() or ""  # none: the page offers a text area
        return context

    class Meta:
        icon = "folder-open-inverse"
        template = "blocks/files_block.html"
        description = "The learner's copy of a workspace: its files, an editor and a diff."
