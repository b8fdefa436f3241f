"""Take the README's screenshot: a step page in headless Chromium, 1024x768.

    python scripts/screenshot.py [--out docs/images/step-page.png]

Starts a real run_django.py on a throw-away home, so the picture shows what learners see.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browsers import ARGS, CHROMIUM  # noqa: E402
from tests.servers import start_server, stop_server  # noqa: E402

STEP = "first-django-project/check-your-tools/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "step-page.png")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        server = start_server(Path(folder) / "home", {})
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page(viewport={"width": 1024, "height": 768})
                page.goto(f"{server.url}launch?token={server.token}&next=/{STEP}")
                demo = page.locator("section.demo").first
                demo.get_by_role("button", name="Run").click()
                demo.locator(".demo-status").get_by_text("Finished").wait_for(timeout=30000)
                options.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(options.out))
                browser.close()
        finally:
            stop_server(server)
    print(options.out)


if __name__ == "__main__":
    main()
