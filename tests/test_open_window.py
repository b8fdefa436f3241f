"""`run_django.py --open` on a machine without the shell: a real Chromium app window on a
virtual display, captured with ImageMagick and inspected."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.servers import Server, command, read_first_line, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "Fieldguide tutorials · Fieldguide"
WASH = (245, 246, 244)  # the header band
ACCENT = (11, 92, 173)  # buttons and links


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("FIELDGUIDE_SKIP_BROWSER_TESTS") == "1":
        pytest.skip("FIELDGUIDE_SKIP_BROWSER_TESTS=1")
    pytest.fail(f"{tool} is missing: the test command installs xvfb and imagemagick as root.")


@pytest.fixture
def display() -> Iterator[str]:
    """A virtual display. Xvfb picks a free number and writes it to ``-displayfd`` once it
    accepts clients: the test waits for that, not for a guessed time."""
    xvfb = require("Xvfb")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=[write_end],
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # "" if Xvfb died first
        assert number.isdigit(), f"Xvfb did not start (exit status {server.poll()})"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def screen(display: str, shot: Path) -> Image.Image:
    subprocess.run(
        [require("import"), "-display", display, "-window", "root", str(shot)], check=True
    )
    return Image.open(shot).convert("RGB")


def shows_fieldguide(image: Image.Image) -> bool:
    colours = image.getcolors(maxcolors=1 << 20) or []
    present = {colour for _, colour in colours}
    return len(colours) > 50 and WASH in present and ACCENT in present


def window_names(display: str) -> str:
    result = subprocess.run(
        [require("xwininfo"), "-root", "-tree", "-display", display],
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_open_shows_the_tutorial_list_in_a_real_window(tmp_path: Path, server_env, display):
    require("import")
    env = {**server_env, "DISPLAY": display}
    process = subprocess.Popen(
        command(tmp_path / "home", "--open"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    ready = read_first_line(process, 120, tmp_path / "home")
    server = Server(process, tmp_path / "home", ready, ready["token"])
    try:
        deadline = time.monotonic() + 60
        while TITLE not in window_names(display) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert TITLE in window_names(display), window_names(display)[-2000:]
        # The window has its title before it has painted: look until the page is on screen.
        shot = tmp_path / "open-window.png"
        deadline = time.monotonic() + 30
        image = screen(display, shot)
        while not shows_fieldguide(image) and time.monotonic() < deadline:
            time.sleep(0.25)
            image = screen(display, shot)
        assert image.size == (1024, 768)
        assert len(image.getcolors(maxcolors=1 << 20) or []) > 50, "the screen is blank"
        assert shows_fieldguide(image), "Fieldguide's page is not on the screen"
    finally:
        stop_server(server, timeout=10.0)
