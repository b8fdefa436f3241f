"""Debian's Chromium, driven by Playwright (which cannot download browsers here)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("FIELDGUIDE_TEST_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> str:
    """The browser tests fail without a browser, unless explicitly left out."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("FIELDGUIDE_SKIP_BROWSER_TESTS") == "1":
        pytest.skip("FIELDGUIDE_SKIP_BROWSER_TESTS=1")
    pytest.fail(
        f"Chromium is missing at {CHROMIUM}: install Debian's 'chromium' (the test command does "
        "this as root), or set FIELDGUIDE_SKIP_BROWSER_TESTS=1 to leave browser tests out."
    )
