"""The renditions the lesson templates show, made when images are loaded: a learner's first
visit to a step with screenshots would otherwise wait seconds while they are made.

The filter specs here are the ones the templates name (a test keeps the two the same).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection
from wagtail.images import get_image_model

STEP_IMAGE = "max-960x720"  # blocks/image_block.html
COVER = "width-800"  # lessons/tutorial_page.html
COVER_CARD = "fill-320x180"  # lessons/tutorial_index_page.html
USES = {"step": (STEP_IMAGE,), "cover": (COVER, COVER_CARD)}


def _renditions(image: Any, specs: tuple[str, ...]) -> None:
    try:
        image.get_renditions(*specs)
    finally:
        connection.close()  # this thread's own connection


def prepare(image_ids: Iterable[Any], use: str) -> int:
    """Make (or find) the renditions of these images for one use; returns how many images.

    One thread per core: encoding the files is most of the time, and Pillow releases the GIL
    while it encodes."""
    images = list(get_image_model().objects.filter(pk__in=set(image_ids)))
    if len(images) < 2:
        for image in images:
            image.get_renditions(*USES[use])
        return len(images)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(_renditions, images, [USES[use]] * len(images)))
    return len(images)
