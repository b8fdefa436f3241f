"""The first visit to a step with five screenshots, on a real server: renditions are made when
the lesson is loaded, so the first visit should cost what the second does.

    python bench/first_visit.py [--images 5] [--repeat 5]

Each repeat takes a fresh home, loads a copy of the shipped tutorials with one step showing
``--images`` 1600 by 1000 PNG screenshots (``manage load_content``), starts ``run_django.py``,
gets the tutorial list (what the window shows first), waits ``--pause`` seconds (a learner's
first click comes after the list has been read; the server warms up meanwhile), then times
the first and the second GET of that step (the page cache is empty at first).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, clean_env, report, spawn_until_ready, stop_server, summary
from PIL import Image

from tests.servers import command

STEP = "first-django-project/tour-the-project/"


def content_with_screenshots(folder: Path, count: int) -> Path:
    tutorials = folder / "tutorials"
    shutil.copytree(ROOT / "content" / "tutorials", tutorials)
    lesson = tutorials / "first-django-project"
    (lesson / "images").mkdir(exist_ok=True)
    lines = []
    for number in range(count):
        buffer = io.BytesIO()
        Image.effect_noise((1600, 1000), 40 + number).convert("RGB").save(buffer, "PNG")
        (lesson / "images" / f"screen-{number}.png").write_bytes(buffer.getvalue())
        lines.append(f"![Screenshot {number}](images/screen-{number}.png)")
    step = lesson / "02-tour-the-project.md"
    step.write_text(step.read_text() + "\n" + "\n\n".join(lines) + "\n")
    return tutorials


def timed_get(server, path: str) -> float:
    started = time.perf_counter()
    status, _ = server.get(path)
    elapsed = time.perf_counter() - started
    assert status == 200, status
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--images", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pause", type=float, default=1.0)
    options = parser.parse_args()
    first, second, loads = [], [], []
    for _ in range(options.repeat):
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            tutorials = content_with_screenshots(folder, options.images)
            home = folder / "home"
            started = time.perf_counter()
            subprocess.run(
                command(home, "manage", "load_content", str(tutorials)),
                env=clean_env(),
                check=True,
                capture_output=True,
            )
            loads.append(time.perf_counter() - started)
            _, server = spawn_until_ready(home, clean_env())
            try:
                server.get("")
                time.sleep(options.pause)
                first.append(timed_get(server, STEP))
                second.append(timed_get(server, STEP))
            finally:
                stop_server(server)
    report(
        "first_visit",
        {
            "images": options.images,
            "pause_seconds": options.pause,
            "load_content_seconds": summary(loads),
            "first_visit_seconds": summary(first),
            "second_visit_seconds": summary(second),
        },
    )


if __name__ == "__main__":
    main()
