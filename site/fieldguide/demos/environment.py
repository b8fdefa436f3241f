"""The scrubbed environment a demo runs in: nothing of the app leaks into it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fieldguide.demos.allowlist import Demo

MINIMAL_PATH = "/usr/local/bin:/usr/bin:/bin" if os.name != "nt" else r"C:\Windows\System32"


def demo_environment(demo: Demo, workspace: Path) -> dict[str, str]:
    """A minimal PATH (the app's interpreter folder first), HOME = the workspace, a UTF-8
    locale, unbuffered Python, and the demo's own ``env``. Nothing else: no settings module,
    no launch token, no secret key."""
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), MINIMAL_PATH]),
        "HOME": str(workspace),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TERM": "xterm-256color",
    }
    if os.name == "nt":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
    env.update(demo.env)
    return env
