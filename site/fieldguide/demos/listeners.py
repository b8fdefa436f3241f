"""The TCP addresses a demo's processes listen on (Linux, through /proc).

A service is meant to bind 127.0.0.1 only, and the preview connects only there; but binding is
up to the command (``http.server`` without ``--bind`` takes every interface). Listening beyond
the loopback would put a learner's workspace on the network, so the runner asks this module
and stops a service that does. Elsewhere than Linux it sees nothing, and says so by ``[]``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

PROC = Path("/proc")
LISTEN = "0A"  # the TCP state in /proc/net/tcp{,6}
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def socket_inodes(pids: Iterable[int]) -> set[int]:
    """The inodes of the sockets these processes hold open."""
    inodes = set()
    for pid in pids:
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to look at
            for fd in (PROC / str(pid) / "fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(fd)
                    if target.startswith("socket:["):
                        inodes.add(int(target[8:-1]))
    return inodes


def decode(hex_address: str) -> tuple[Address, int]:
    """``0100007F:1F90`` → (127.0.0.1, 8080): the kernel writes each 32-bit word of the
    address in the machine's byte order (little-endian wherever Fieldguide runs)."""
    address, port = hex_address.split(":")
    raw = bytes.fromhex(address)
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    ip: Address = ipaddress.IPv4Address(words) if len(raw) == 4 else ipaddress.IPv6Address(words)
    return ip, int(port, 16)


def listening(inodes: set[int]) -> Iterator[tuple[Address, int]]:
    """(address, port) of every listening TCP socket among ``inodes``."""
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and fields[3] == LISTEN and int(fields[9]) in inodes:
                yield decode(fields[1])


def is_loopback(ip: Address) -> bool:
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def exposed(pids: Iterable[int]) -> list[str]:
    """What these processes listen on beyond the loopback, as ``address:port`` words."""
    inodes = socket_inodes(pids)
    if not inodes:
        return []
    return sorted(
        f"[{ip}]:{port}" if ip.version == 6 else f"{ip}:{port}"
        for ip, port in listening(inodes)
        if not is_loopback(ip)
    )
