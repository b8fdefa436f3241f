#!/usr/bin/env python3
"""Set-up in one command, on a fresh machine with Python 3.11+ (standard library only).

    python3 scripts/bootstrap.py run [--open] [run_django.py options]
        make .venv, install the locked dependencies (and, where Node is installed, the npm
        packages the code editor is built from), build, and start Fieldguide.
    python3 scripts/bootstrap.py test [pytest options]
        make .venv, install the locked test dependencies (and Chromium when missing,
        where apt is available) and the root npm packages (`npm ci` from the root
        package-lock.json: the editor's build and the JavaScript tools), then run the whole
        suite: pytest, then the Electron shell's `node --test` suite (after `npm ci` from
        electron/package-lock.json), then ESLint, Prettier and the site scripts' `node --test`
        suite (`npm run lint`, `npm test`).

Installs are skipped when the lock file has not changed since the last one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
CHROMIUM = os.environ.get("FIELDGUIDE_TEST_CHROMIUM", "/usr/bin/chromium")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: str | Path, **kwargs) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True, cwd=ROOT, **kwargs)


def install(lock_name: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may run under an old python3
        sys.exit("Fieldguide needs Python 3.11 or newer.")
    if not venv_python().exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = ROOT / lock_name
    stamp = VENV / f".installed-{lock_name}"
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    python = venv_python()
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock)
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
    stamp.write_text(digest)


# Debian packages the browser tests use, and a file each one installs.
BROWSER_PACKAGES = {
    "chromium": CHROMIUM,
    "xvfb": "/usr/bin/Xvfb",  # a virtual display for the real --open window
    "imagemagick": "/usr/bin/import",  # to capture that window
    "x11-utils": "/usr/bin/xwininfo",  # to find it by its title
}


def ensure_browser_packages() -> None:
    """The browser tests need Debian's chromium and a few X tools; install them where we can
    (as root, with apt), else say how."""
    if os.environ.get("FIELDGUIDE_SKIP_BROWSER_TESTS") == "1":
        return
    missing = [name for name, path in BROWSER_PACKAGES.items() if not Path(path).exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(apt, "-qq", "update", env=env)
        run(apt, "-qq", "install", "-y", *missing, env=env)
        return
    sys.exit(
        f"The browser tests need {', '.join(missing)}: install them (Debian/Ubuntu: "
        f"'sudo apt-get install {' '.join(missing)}'), or set FIELDGUIDE_SKIP_BROWSER_TESTS=1 "
        "to leave those tests out."
    )


def find_npm(needed_by: str, escape_hatch: str = "") -> str | None:
    """npm, or None after saying what needs it: a missing Node fails the suite, never skips it."""
    npm = shutil.which("npm")
    if npm is None:
        print(f"{needed_by} need Node 20 and npm. Install them{escape_hatch}.", file=sys.stderr)
    return npm


def npm_ci(folder: Path, npm: str, env: dict[str, str] | None = None) -> None:
    """`npm ci` in `folder`, skipped while its package-lock.json is the one last installed
    (npm ci empties node_modules first, so it would cost every run seconds)."""
    lock = folder / "package-lock.json"
    stamp = folder / "node_modules" / ".installed-lock"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=folder, env=env, check=True)
    stamp.write_text(digest)


def editor_packages() -> None:
    """`run`: the npm packages the code editor bundle is built from. Fieldguide runs without
    them (pages then offer a plain text area), so a missing Node or a failed install only warns."""
    npm = shutil.which("npm")
    if npm is None:
        print(
            "Node and npm are not installed: Fieldguide is built without its code editor "
            "(pages offer a plain text area). Install Node 20 and run this again to add it.",
            file=sys.stderr,
        )
        return
    try:
        npm_ci(ROOT, npm)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"npm ci failed ({exc}): building without the code editor.", file=sys.stderr)


def shell_tests() -> int:
    """The Electron shell's tests. Electron's binary is never downloaded (none is needed)."""
    if os.environ.get("FIELDGUIDE_SKIP_SHELL_TESTS") == "1":
        print("Skipping the shell's tests (FIELDGUIDE_SKIP_SHELL_TESTS=1).")
        return 0
    npm = find_npm(
        "The Electron shell's tests",
        ", or set FIELDGUIDE_SKIP_SHELL_TESTS=1 to leave those tests out",
    )
    if npm is None:
        return 1
    env = {**os.environ, "ELECTRON_SKIP_BINARY_DOWNLOAD": "1"}
    shell = ROOT / "electron"
    npm_ci(shell, npm, env)
    return subprocess.run([npm, "test"], cwd=shell, env=env).returncode


# The root package.json's scripts: ESLint then Prettier --check, and the tests/js suite.
NPM_CHECKS = (("run", "lint"), ("test",))


def javascript_checks() -> int:
    """ESLint and Prettier over all of the repository's JavaScript, then the site scripts' unit
    tests, with the tools pinned in the root package-lock.json: the versions CI uses. Both run
    even when the first fails, so that one run shows every problem."""
    npm = find_npm("The JavaScript lint and tests")
    if npm is None:
        return 1
    npm_ci(ROOT, npm)
    results = [subprocess.run([npm, *command], cwd=ROOT).returncode for command in NPM_CHECKS]
    return next((result for result in results if result), 0)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = venv_python()
    if command == "run":
        install("requirements.lock")
        editor_packages()
        run(python, "run_django.py", "build")
        return subprocess.run([str(python), "run_django.py", *rest], cwd=ROOT).returncode
    install("requirements-test.lock")
    ensure_browser_packages()
    npm = shutil.which("npm")
    if npm:  # before pytest, whose builds include the code editor; no npm fails the JS checks
        npm_ci(ROOT, npm)
    python_result = subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT).returncode
    return python_result or shell_tests() or javascript_checks()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
