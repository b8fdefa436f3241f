"""The code editor bundle that workspace pages load: how it is built, and where a page finds it.

``entry.js`` (CodeMirror 6 behind a small API) and the npm packages pinned in the top folder's
``package-lock.json`` become one minified ES module, the static file ``demos/editor.js``, when
``run_django.py build`` collects the static files (``build.mjs`` runs esbuild). That needs
Node and ``npm ci``'s ``node_modules``; without them the build goes on without the editor,
and :func:`bundle_url` says so, so that pages offer a plain text area instead. Nothing is
fetched at run time: a packaged app carries the bundle in its collected static files.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from fieldguide.home import CODE_ROOT

__all__ = ["STATIC_NAME", "EditorUnavailable", "build_bundle", "bundle_url", "toolchain_state"]

STATIC_NAME = "demos/editor.js"
SOURCE = Path(__file__).resolve().parent
NODE_MODULES = CODE_ROOT / "node_modules"
BUILD_TIMEOUT = 300


class EditorUnavailable(Exception):
    """The bundle cannot be built here; the message says why and what to do."""


def _node() -> str | None:
    return shutil.which("node")


def toolchain_state() -> str:
    """What the bundle could be built with here: changes when Node or the installed npm
    packages appear, go or change (npm rewrites ``node_modules/.package-lock.json``)."""
    installed = NODE_MODULES / ".package-lock.json"
    modules = "-"
    if installed.is_file():
        modules = hashlib.sha256(installed.read_bytes()).hexdigest()[:16]
    return f"node={'yes' if _node() else 'no'},modules={modules}"


def build_bundle(out: Path) -> Path:
    """Bundle the editor into ``out/demos/editor.js`` (beside it, the bundled packages'
    licences); raises :class:`EditorUnavailable` when that cannot be done here."""
    node = _node()
    if node is None:
        raise EditorUnavailable("Node is not installed (Node 20 or newer, with npm)")
    if not (NODE_MODULES / "esbuild").is_dir():
        raise EditorUnavailable(f"{NODE_MODULES} has no esbuild: run `npm ci` in {CODE_ROOT}")
    target = out / STATIC_NAME
    try:
        result = subprocess.run(
            [node, str(SOURCE / "build.mjs"), str(target)],
            cwd=CODE_ROOT,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EditorUnavailable(f"esbuild did not run: {exc}") from exc
    if result.returncode != 0 or not target.is_file():
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise EditorUnavailable(f"esbuild failed (exit {result.returncode}):\n{tail}")
    return target


def bundle_url() -> str | None:
    """The bundle's URL, for a page's data attribute, or None when this build has no bundle
    (the page then offers a plain text area).

    ``{% static %}`` cannot ask: with the hashed storage ``run_django.py`` uses, it raises for
    a file that was not collected.
    """
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage

    if isinstance(staticfiles_storage, ManifestFilesMixin):
        try:
            return staticfiles_storage.url(STATIC_NAME)
        except ValueError:
            return None
    return staticfiles_storage.url(STATIC_NAME) if finders.find(STATIC_NAME) else None
