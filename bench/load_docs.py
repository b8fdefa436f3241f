"""``load_content`` of a large documentation tree, start-up included: the first load on a fresh
home, then a reload with nothing changed.

    python bench/load_docs.py [--pages 200] [--images 50] [--repeat 3]

The tree is made here: ``--pages`` pages in sections of 20, each with headings, a list, a
code block, a pipe table, a callout and links to its neighbours; ``--images`` 800 by 500 PNG
images spread over the pages: drawn like screenshots (flat panels and lines of text), or
random noise with ``--noise`` (the worst case for PNG: every rendition costs the most). Each repeat takes a fresh home and runs the real entry point
(``run_django.py manage load_content``) twice.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import tempfile
import time
from pathlib import Path

from common import clean_env, report, summary
from PIL import Image, ImageDraw

from tests.servers import command

SECTION_SIZE = 20

PAGE = """---
title: {title}
---

Page {number} of the manual, with [the previous page]({previous}) and [the next]({next}).

## Before you start

- You need a terminal.
- You need *Python* 3.11 or newer, and `pip`.
    - On Windows, use the installer.

## Run it

```bash
python -m fieldnotes --page {number}
```

| Option | Meaning |
| :-- | --: |
| `--page` | the page to open |
| `--quiet` | say less |

:::tip
Press **Ctrl+C** to stop it.
:::

### What you should see

The page's title, then its sections, each a few lines long. Read on.
{image}"""


def screenshot(number: int, noise: bool) -> bytes:
    if noise:
        image = Image.effect_noise((800, 500), 30 + number % 40).convert("RGB")
    else:
        image = Image.new("RGB", (800, 500), (245, 246, 244))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, 800, 40), fill=(11, 92, 173))
        draw.rectangle((0, 40, 180, 500), fill=(230, 232, 235))
        for line in range(20):
            draw.text((200, 60 + line * 21), f"Line {line} of window {number}: ok", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def make_tree(root: Path, pages: int, images: int, noise: bool = False) -> Path:
    docs = root / "docs"
    (docs / "images").mkdir(parents=True)
    for number in range(images):
        (docs / "images" / f"figure-{number}.png").write_bytes(screenshot(number, noise))
    names = [(f"section-{n // SECTION_SIZE + 1:02d}", f"page-{n % SECTION_SIZE + 1:02d}")
             for n in range(pages)]  # fmt: skip
    for number, (section, page) in enumerate(names):
        folder = docs / section
        if not folder.exists():
            folder.mkdir()
            (folder / "index.md").write_text(f"---\ntitle: {section.title()}\n---\n\nA section.\n")
        previous = names[number - 1] if number else names[0]
        following = names[min(number + 1, pages - 1)]
        image = ""
        if number * images // pages != (number + 1) * images // pages:  # spread evenly
            figure = number * images // pages
            image = f"\n![Figure {figure}](../images/figure-{figure}.png)\n"
        (folder / f"{page}.md").write_text(
            PAGE.format(
                title=f"Page {number + 1}",
                number=number + 1,
                previous=f"../{previous[0]}/{previous[1]}.md",
                next=f"../{following[0]}/{following[1]}.md",
                image=image,
            )
        )
    return root


def timed_load(home: Path, content: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command(home, "manage", "load_content", str(content)),
        env=clean_env(),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--noise", action="store_true")
    options = parser.parse_args()
    first, again = [], []
    with tempfile.TemporaryDirectory() as scratch:
        content = make_tree(Path(scratch) / "content", options.pages, options.images,
                            options.noise)  # fmt: skip
        for run in range(options.repeat):
            home = Path(scratch) / f"home-{run}"
            # The home is seeded (migrations, shipped lessons) before the clock starts.
            subprocess.run(command(home, "manage", "check"), env=clean_env(), check=True,
                           capture_output=True)  # fmt: skip
            first.append(timed_load(home, content))
            again.append(timed_load(home, content))
    report(
        "load_docs",
        {
            "pages": options.pages,
            "images": options.images,
            "images_are": "noise" if options.noise else "screenshots",
            "first_load_seconds": summary(first),
            "unchanged_reload_seconds": summary(again),
        },
    )


if __name__ == "__main__":
    main()
