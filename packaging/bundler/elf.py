"""Read an ELF file's RUNPATH/RPATH without external tools, to find paths a copy would break."""

from __future__ import annotations

import struct
from pathlib import Path

PT_LOAD, PT_DYNAMIC = 1, 2
DT_NULL, DT_STRTAB, DT_RPATH, DT_RUNPATH = 0, 5, 15, 29


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def search_paths(path: Path) -> list[str]:
    """The RUNPATH (or RPATH) entries of an ELF file; [] when it has none."""
    data = path.read_bytes()
    is64, little = data[4] == 2, data[5] == 1
    order = "<" if little else ">"
    if is64:
        phoff = struct.unpack_from(order + "Q", data, 32)[0]
        phentsize, phnum = struct.unpack_from(order + "HH", data, 54)
        header, dyn_entry = order + "IIQQQQQQ", order + "qQ"
    else:
        phoff = struct.unpack_from(order + "I", data, 28)[0]
        phentsize, phnum = struct.unpack_from(order + "HH", data, 42)
        header, dyn_entry = order + "IIIIIIII", order + "iI"
    loads, dynamic = [], None
    for index in range(phnum):
        fields = struct.unpack_from(header, data, phoff + index * phentsize)
        if is64:
            kind, _flags, offset, vaddr, _paddr, filesz = fields[:6]
        else:
            kind, offset, vaddr, _paddr, filesz = fields[:5]
        if kind == PT_LOAD:
            loads.append((vaddr, offset, filesz))
        elif kind == PT_DYNAMIC:
            dynamic = (offset, filesz)
    if dynamic is None:
        return []
    entries: dict[int, int] = {}
    size = struct.calcsize(dyn_entry)
    for position in range(dynamic[0], dynamic[0] + dynamic[1], size):
        tag, value = struct.unpack_from(dyn_entry, data, position)
        if tag == DT_NULL:
            break
        entries.setdefault(tag, value)
    string_offset = next(
        (value - vaddr + offset for tag, value in [(DT_STRTAB, entries.get(DT_STRTAB, -1))]
         for vaddr, offset, filesz in loads if vaddr <= value < vaddr + filesz),
        None,
    )  # fmt: skip
    for tag in (DT_RUNPATH, DT_RPATH):
        if tag in entries and string_offset is not None:
            start = string_offset + entries[tag]
            raw = data[start : data.index(b"\0", start)].decode()
            return [entry for entry in raw.split(":") if entry]
    return []
