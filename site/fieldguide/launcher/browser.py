"""``--open``: a window on the launch URL for machines without the Electron shell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import webbrowser
from pathlib import Path

from fieldguide import options

CHROMIUM_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
)
# A kiosk window must not talk to the network on its own either.
CHROMIUM_FLAGS = (
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=Translate",
)


def find_chromium() -> str | None:
    explicit = options.value("FIELDGUIDE_BROWSER")
    if explicit:
        return shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def chromium_command(executable: str, url: str, profile: Path) -> list[str]:
    command = [executable, f"--app={url}", f"--user-data-dir={profile}", *CHROMIUM_FLAGS]
    if sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to start as root otherwise.
    return command


def open_window(url: str, profile: Path) -> subprocess.Popen[bytes] | None:
    """A Chromium app window with its own profile, else the default browser.

    Returns the Chromium process (the server stops when its window closes), or None when the
    default browser was asked to open the page.
    """
    executable = find_chromium()
    if executable:
        profile.mkdir(parents=True, exist_ok=True)
        return subprocess.Popen(
            chromium_command(executable, url, profile),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    webbrowser.open(url)
    return None
