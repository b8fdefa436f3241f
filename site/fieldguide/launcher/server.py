"""The production server: waitress in this process, on a socket we bind ourselves."""

from __future__ import annotations

import socket
from typing import Any

from waitress.server import create_server

THREADS = 8


def bind(port: int) -> socket.socket:
    """127.0.0.1 only. Port 0 asks the OS for a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no port sharing.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


def make_server(application: Any, sock: socket.socket) -> Any:
    return create_server(
        application,
        sockets=[sock],
        threads=THREADS,
        ident="Fieldguide",
        # Long-lived responses (log streams) must not hold back the rest.
        connection_limit=200,
        channel_timeout=300,
        clear_untrusted_proxy_headers=True,
    )
