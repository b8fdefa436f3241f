"""The size report: each top-level component, uncompressed and as ``tar.xz``."""

from __future__ import annotations

import tarfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


class _Counter:
    """A write-only sink that only counts: the compressed size without writing an archive."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


@dataclass(frozen=True)
class Component:
    name: str
    files: int
    bytes: int
    xz_bytes: int


def measure(root: Path, name: str) -> Component:
    path = root / name
    sink = _Counter()
    files = total = 0
    # lzma releases the GIL while compressing, so components compress in parallel threads.
    # (typeshed wants a file with read() too for "w|xz"; a stream opened for writing never reads)
    with tarfile.open(fileobj=sink, mode="w|xz") as tar:  # type: ignore[call-overload]
        tar.add(path, arcname=name)
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        if item.is_file():
            files += 1
            total += item.stat().st_size
    return Component(name, files, total, sink.size)


def report(root: Path, workers: int = 2) -> list[Component]:
    names = sorted(child.name for child in root.iterdir())
    with ThreadPoolExecutor(max_workers=workers) as pool:
        components = list(pool.map(lambda name: measure(root, name), names))
    return sorted(components, key=lambda c: c.xz_bytes, reverse=True)


def as_table(components: list[Component]) -> str:
    def mb(value: int) -> str:
        return f"{value / 1e6:9.1f}"

    lines = [f"{'component':<20}{'files':>8}{'MB':>10}{'MB tar.xz':>11}"]
    for c in components:
        lines.append(f"{c.name:<20}{c.files:>8}{mb(c.bytes)}{mb(c.xz_bytes)}  ")
    files = sum(c.files for c in components)
    lines.append(
        f"{'total':<20}{files:>8}{mb(sum(c.bytes for c in components))}"
        f"{mb(sum(c.xz_bytes for c in components))}"
    )
    return "\n".join(line.rstrip() for line in lines)
