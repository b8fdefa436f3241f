"""A lesson's images, checked before anything is loaded: each must be a file inside the
lesson's folder, of a type Wagtail accepts, that really is an image. Nothing is fetched:
a remote image would make the page reach off the machine."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from PIL import Image, UnidentifiedImageError

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, data:, file:, …


def image_problem(folder: Path, relative: str, boundary: Path | None = None) -> str | None:
    """Why ``relative`` (as written in a lesson, relative to ``folder``) cannot be loaded, or
    None. The image must be inside ``boundary`` (by default ``folder``)."""
    if SCHEME.match(relative) or relative.startswith("//"):
        return (
            f"{relative}: remote images are refused (a page must work offline); "
            "copy the file into the lesson's images/ folder"
        )
    path = (folder / relative).resolve()
    if not path.is_relative_to((boundary or folder).resolve()):
        return f"{relative} is outside the lesson's folder"
    if not path.is_file():
        return f"no such image: {relative}"
    extension = path.suffix.lower().lstrip(".")
    if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
        allowed = ", ".join(settings.WAGTAILIMAGES_EXTENSIONS)
        return f"{relative}: .{extension} is not an image type Fieldguide takes ({allowed})"
    if extension == "svg":
        head = path.read_bytes()[:4096].lstrip()
        return None if b"<svg" in head else f"{relative} is not an SVG image"
    try:
        with Image.open(path) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        return f"{relative} is not a readable image ({exc})"
    return None
