"""Every ``FIELDGUIDE_*`` environment variable, in one spec: its meaning, default and type.

docs/settings.md's table is generated from this spec (``python site/fieldguide/options.py``
prints it) and a test holds the two together, and holds every ``FIELDGUIDE_*`` name used in
the code, the shell and the test tools to an entry here. Imports nothing of Django: the
launcher and ``fieldguide.home`` read options before Django is configured.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class OptionError(ValueError):
    """A variable's value cannot be used; the message names the variable and why."""


def positive_int(name: str, text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise OptionError(f"{name} must be a whole number above 0, not {text!r}")
    return int(text)


def text(name: str, value: str) -> str:
    return value


@dataclass(frozen=True)
class Option:
    name: str
    used_by: str
    meaning: str
    default: Any = None
    parse: Callable[[str, str], Any] = text

    def value(self) -> Any:
        """From the environment (an empty value counts as unset), else the default."""
        raw = os.environ.get(self.name, "")
        return self.parse(self.name, raw) if raw else self.default


OPTIONS = (
    Option("FIELDGUIDE_HOME", "run_django.py, settings",
           "the home folder when `--home` is not given"),
    Option("FIELDGUIDE_LAUNCH_TOKEN", "run_django.py, settings",
           "the launch token; generated when unset (see launch.md)", ""),
    Option("FIELDGUIDE_BUILD_DIR", "run_django.py, settings",
           "where static files and the home template are built (default `build/` beside "
           "`run_django.py`)"),
    Option("FIELDGUIDE_CONTENT_DIR", "settings",
           "the content folder: lessons, `demos.toml`, workspaces (default `content/` beside "
           "`run_django.py`)"),
    Option("FIELDGUIDE_SECRET_KEY", "settings",
           "overrides the home's generated `secret_key` file (used by `build`)", ""),
    Option("FIELDGUIDE_DEMO_TIMEOUT", "settings",
           "seconds a demo may run when its allowlist entry sets no `timeout`", 60, positive_int),
    Option("FIELDGUIDE_DEMO_CONCURRENCY", "settings, run_django.py",
           "how many demos run at once: one demo worker each; the rest wait in the queue",
           2, positive_int),
    Option("FIELDGUIDE_DEMO_LOG_LIMIT", "settings",
           "bytes of output kept per run (2 MiB); the rest is read and discarded, with a marker",
           2 * 1024 * 1024, positive_int),
    Option("FIELDGUIDE_BROWSER", "`--open`",
           "the Chromium-family browser to open instead of searching PATH"),
    Option("FIELDGUIDE_PARENT_PID", "the worker",
           "set by run_django.py for its workers, which exit when that process dies; not for "
           "people"),
    Option("FIELDGUIDE_TEST_CHROMIUM", "tests, bootstrap",
           "the Chromium binary for browser tests", "/usr/bin/chromium"),
    Option("FIELDGUIDE_SKIP_BROWSER_TESTS", "tests, bootstrap",
           "`1` leaves browser tests out; without it a missing Chromium fails the suite"),
    Option("FIELDGUIDE_SKIP_SHELL_TESTS", "bootstrap",
           "`1` leaves the Electron shell's `node --test` suite out; without it a missing npm "
           "fails the test command"),
    Option("FIELDGUIDE_PYTHON", "the Electron shell",
           "the interpreter to run Fieldguide with, tried after the bundled one (see "
           "electron/README.md)"),
    Option("FIELDGUIDE_KIOSK", "the Electron shell",
           "`1` starts the shell in kiosk mode, like `--kiosk`"),
)  # fmt: skip
BY_NAME = {option.name: option for option in OPTIONS}


def value(name: str) -> Any:
    return BY_NAME[name].value()


def markdown_table() -> str:
    """The table of docs/settings.md."""
    rows = ["| variable | used by | default | meaning |", "|---|---|---|---|"]
    for option in OPTIONS:
        default = "" if option.default in (None, "") else f"`{option.default}`"
        rows.append(f"| `{option.name}` | {option.used_by} | {default} | {option.meaning} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
