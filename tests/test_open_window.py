"""`run_django.py --open` on a machine without the shell: a real Chromium app window on a
virtual display, captured with ImageMagick and inspected."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
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
def display():
    xvfb = require("Xvfb")
    number = random.randint(90, 400)  # noqa: S311 - a display number, not a secret
    server = subprocess.Popen(
        [xvfb, f":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    assert server.poll() is None, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


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
        time.sleep(2.0)  # let it paint
        shot = tmp_path / "open-window.png"
        subprocess.run(
            [require("import"), "-display", display, "-window", "root", str(shot)], check=True
        )
        image = Image.open(shot).convert("RGB")
        assert image.size == (1024, 768)
        colours = image.getcolors(maxcolors=1 << 20)
        assert len(colours) > 50, "the screen is blank"
        present = {colour for _, colour in colours}
        assert WASH in present and ACCENT in present, "Fieldguide's page is not on the screen"
    finally:
        stop_server(server, timeout=10.0)
