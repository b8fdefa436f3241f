"""Lesson sources and hand-made ``.fgpack`` files for the pack tests."""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from pathlib import Path

from PIL import Image


def png(seed: int, size: int = 48) -> bytes:
    """A small PNG of noise: real image bytes that do not compress away."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test pixels, not secrets
    image = Image.new("RGB", (size, size))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(size * size)])  # fmt: skip
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def field_notes(root: Path) -> Path:
    """A tutorial with a cover, an image in a step, a demo and a link to another tutorial."""
    folder = root / "field-notes"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "cover.png").write_bytes(png(1))
    (folder / "images" / "chart.png").write_bytes(png(2))
    (folder / "tutorial.md").write_text(
        "---\ntitle: Field notes\nsummary: Notes from the field, with pictures.\n"
        "audience: Anyone\nestimated_minutes: 10\ndifficulty: beginner\n"
        "cover: images/cover.png\n---\n\nA short tutorial made for the pack tests.\n"
    )
    (folder / "01-look-around.md").write_text(
        "---\ntitle: Look around\n---\n\n"
        "Start with [the first project](/first-django-project/check-your-tools/).\n\n"
        '![A chart of nothing](images/chart.png "Noise, charted")\n\n'
        "::demo django-version\n"
    )
    return folder


def pack_bytes(
    files: dict[str, bytes],
    manifest: dict | None = None,
    extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
    compress: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A pack whose manifest describes ``files`` (unless overridden), plus raw extra entries."""
    listed = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
              for name, data in files.items()}  # fmt: skip
    document = {
        "format": "fieldguide-pack",
        "format_version": 1,
        "app_version": "test",
        "created_at": "2026-11-25T09:00:00+00:00",
        "tutorials": [],
        "demo_ids": [],
        "workspaces": [],
        "files": listed,
        **(manifest or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as pack:
        for name, data in files.items():
            pack.writestr(name, data)
        for info, data in extra:
            pack.writestr(info, data)
        pack.writestr("manifest.json", json.dumps(document))
    return out.getvalue()


def tiny_tutorial(demo_lines: str = "::demo django-version\n") -> dict[str, bytes]:
    return {
        "tutorials/tiny/tutorial.md": (
            b"---\ntitle: Tiny\nsummary: One step.\naudience: Testers\n"
            b"estimated_minutes: 1\ndifficulty: beginner\n---\n\nTiny.\n"
        ),
        "tutorials/tiny/01-only.md": (
            "---\ntitle: Only step\n---\n\nHello.\n\n" + demo_lines
        ).encode(),
    }
