"""Lesson pack export and import with a ~100 MB pack, mostly images (target: ≥ 80 MB/s).

    python bench/packs.py [--megabytes 100] [--repeat 3]

In-process against a real home (a copy of the home template, production settings), so the
numbers are the pack work itself; the manage commands add the usual ~1 s of start-up.
Import is everything `manage import_pack --noinput` does: every entry checked, every file
extracted and its sha256 checked, the lessons parsed, then pages, images and workspaces
applied in one transaction.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import django_on_a_fresh_home, report

IMAGE_SIDE = 820  # noise PNGs of about 2 MB each


def make_tutorial(folder: Path, megabytes: int) -> int:
    from PIL import Image

    images = folder / "images"
    images.mkdir(parents=True)
    count, total = 0, 0
    steps = []
    while total < megabytes * 1_000_000:
        out = io.BytesIO()
        noise = Image.frombytes("RGB", (IMAGE_SIDE, IMAGE_SIDE), os.urandom(IMAGE_SIDE**2 * 3))
        noise.save(out, "PNG", compress_level=1)
        (images / f"photo-{count:03d}.png").write_bytes(out.getvalue())
        total += len(out.getvalue())
        steps.append(f"![Photo {count}](images/photo-{count:03d}.png)")
        count += 1
    (folder / "tutorial.md").write_text(
        "---\ntitle: Field photos\nsummary: Many pictures.\naudience: Anyone\n"
        "estimated_minutes: 5\ndifficulty: beginner\n---\n\nPictures.\n"
    )
    for number in range(0, count, 10):
        body = "\n\n".join(steps[number : number + 10])
        (folder / f"{number // 10 + 1:02d}-photos-{number}.md").write_text(
            f"---\ntitle: Photos from {number}\n---\n\n{body}\n\n::demo django-version\n"
        )
    return total


def forget_tutorial() -> None:
    """Back to a machine that never had it: pages and images (and their files) go."""
    from fieldguide.lessons.models import TutorialPage
    from wagtail.images import get_image_model

    for page in TutorialPage.objects.filter(slug="field-photos"):
        page.delete()
    for image in get_image_model().objects.filter(title__startswith="photo-"):
        image.file.delete(save=False)
        image.delete()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        django_on_a_fresh_home(folder)
        from fieldguide.lessons.sources.loader import load_tree
        from fieldguide.packs import importer, reader
        from fieldguide.packs.writer import export_pack

        payload = make_tutorial(folder / "sources" / "field-photos", options.megabytes)
        load_tree(folder / "sources" / "field-photos")
        exports, imports, checks = [], [], []
        for attempt in range(options.repeat):
            pack = folder / f"bench-{attempt}.fgpack"
            started = time.perf_counter()
            export_pack(["field-photos", "first-django-project"], pack)
            exports.append(time.perf_counter() - started)

            forget_tutorial()
            started = time.perf_counter()
            inspection = reader.inspect(pack, folder / f"extracted-{attempt}")
            checks.append(time.perf_counter() - started)
            result = importer.apply(inspection)
            imports.append(time.perf_counter() - started)
            assert "/tutorials/field-photos/" in result["created"], result
        size = pack.stat().st_size

    def rate(seconds: list[float]) -> dict[str, float]:
        best = statistics.median(seconds)
        return {"median_seconds": round(best, 3), "mb_per_s": round(size / 1e6 / best, 1)}

    report(
        "packs",
        {
            "pack_mb": round(size / 1e6, 1),
            "images_mb": round(payload / 1e6, 1),
            "export": rate(exports),
            "import": rate(imports),
            "import_check_and_extract_seconds": round(statistics.median(checks), 3),
            "target_mb_per_s": 80,
        },
    )


if __name__ == "__main__":
    main()
