"""The pinned python-build-standalone archive for each platform (``packaging/python.toml``)."""

from __future__ import annotations

import platform
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bundler.errors import BundleError

PINS_FILE = Path(__file__).resolve().parent.parent / "python.toml"


@dataclass(frozen=True)
class Pin:
    platform: str
    version: str
    url: str
    sha256: str


def host_platform() -> str:
    """``linux-x86_64``, ``macos-arm64``, ``windows-x86_64``…: the keys of python.toml."""
    system = {"linux": "linux", "darwin": "macos", "win32": "windows"}.get(
        sys.platform, sys.platform
    )
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if system == "macos" and machine == "aarch64":
        machine = "arm64"
    return f"{system}-{machine}"


def load_pin(pins_file: Path, platform_key: str) -> Pin:
    try:
        data = tomllib.loads(pins_file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BundleError(f"Cannot read the pins file {pins_file}: {exc.strerror}.") from None
    except tomllib.TOMLDecodeError as exc:
        raise BundleError(f"The pins file {pins_file} is not valid TOML: {exc}.") from None
    platforms = data.get("platforms", {})
    entry = platforms.get(platform_key)
    if entry is None:
        known = ", ".join(sorted(platforms)) or "none"
        raise BundleError(
            f"The pins file {pins_file} has no archive for platform {platform_key!r} "
            f"(it pins: {known})."
        )
    for field in ("url", "sha256"):
        if not isinstance(entry.get(field), str) or not entry[field]:
            raise BundleError(
                f"The pins file {pins_file}: platforms.{platform_key}.{field} is missing."
            )
    version = str(data.get("python", {}).get("version", ""))
    return Pin(platform_key, version, entry["url"], entry["sha256"].lower())
