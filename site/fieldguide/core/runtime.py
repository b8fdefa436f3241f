"""State the launcher shares with the views of the same process (the server runs in-process)."""

from __future__ import annotations

from collections.abc import Callable

_worker_probe: Callable[[], bool] | None = None


def set_worker_probe(probe: Callable[[], bool] | None) -> None:
    global _worker_probe
    _worker_probe = probe


def worker_alive() -> bool:
    """True while the supervised ``db_worker`` runs; False when nothing supervises one."""
    return bool(_worker_probe and _worker_probe())
