"""Packs received over HTTP: each kept in the home as ``packs/<id>.fgpack`` beside a small
``<id>.json`` record of its state, summary and errors, until it is applied.

The records live in files, not in the database, so that a refused pack leaves the database
exactly as it was, to the byte.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from fieldguide.packs import importer, reader
from fieldguide.packs.format import MAX_PACK_BYTES, SUFFIX, PackError


class PackState(StrEnum):
    READY = "ready"
    REFUSED = "refused"
    APPLYING = "applying"
    APPLIED = "applied"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    PackState.READY: "Verified, ready to apply",
    PackState.REFUSED: "Refused",
    PackState.APPLYING: "Applying",
    PackState.APPLIED: "Applied",
    PackState.FAILED: "Failed while applying: nothing was changed",
}

_progress: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()
# One apply at a time: two packs loading pages at once would only wait on SQLite's lock.
_applying = threading.Lock()


@dataclass
class Pack:
    id: str
    name: str
    state: PackState
    size: int = 0
    uploaded_at: str = field(default_factory=lambda: timezone.now().isoformat())
    summary: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.state = PackState(self.state)  # a record read back from JSON holds a plain str

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def file(self) -> Path:
        return folder() / f"{self.id}{SUFFIX}"

    def save(self) -> None:
        record = folder() / f"{self.id}.json"
        partial = record.with_suffix(".json.partial")
        partial.write_text(json.dumps(asdict(self), indent=1))
        os.replace(partial, record)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "progress": progress_of(self.id)}


def folder() -> Path:
    path = settings.HOME.root / "packs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def get(pack_id: str) -> Pack | None:
    try:
        canonical = str(uuid.UUID(str(pack_id)))
        return Pack(**json.loads((folder() / f"{canonical}.json").read_text()))
    except (ValueError, OSError, TypeError):
        return None


def get_or_404(pack_id: str) -> Pack:
    pack = get(pack_id)
    if pack is None:
        raise Http404("No such lesson pack.")
    return pack


def recent(limit: int = 20) -> list[Pack]:
    records = sorted(folder().glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [pack for pack in (get(p.stem) for p in records[:limit]) if pack is not None]


def progress_of(pack_id: str) -> dict[str, Any] | None:
    with _lock:
        return dict(_progress[pack_id]) if pack_id in _progress else None


def _reporter(pack: Pack, phase: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        with _lock:
            _progress[pack.id] = {"phase": phase, "done": done, "total": total}

    return report


def _forget_progress(pack: Pack) -> None:
    with _lock:
        _progress.pop(pack.id, None)


def receive(chunks: Iterable[bytes], name: str) -> Pack:
    """Store an upload and verify it: the pack comes back READY with a summary, or REFUSED."""
    pack = Pack(
        id=str(uuid.uuid4()), name=Path(name).name[:255] or f"pack{SUFFIX}", state=PackState.READY
    )
    try:
        with pack.file.open("wb") as out:
            for chunk in chunks:
                pack.size += len(chunk)
                if pack.size > MAX_PACK_BYTES:
                    raise PackError(f"{pack.name} is larger than {MAX_PACK_BYTES} bytes.")
                out.write(chunk)
        with tempfile.TemporaryDirectory(dir=folder(), prefix=".inspect-") as scratch:
            pack.summary = reader.inspect(
                pack.file, Path(scratch), pack.name, _reporter(pack, "verifying")
            ).summary
    except PackError as exc:
        pack.state, pack.errors = PackState.REFUSED, [exc.message, *exc.problems]
        pack.file.unlink(missing_ok=True)
    finally:
        _forget_progress(pack)
    pack.save()
    return pack


def apply(pack: Pack) -> Pack:
    """Verify the stored pack again (this machine may have changed since) and apply it."""
    if pack.state not in (PackState.READY, PackState.FAILED):
        raise PackError(f"{pack.name} is {pack.state_label.lower()}; it cannot be applied.")
    with _applying:
        pack.state = PackState.APPLYING
        pack.save()
        try:
            with tempfile.TemporaryDirectory(dir=folder(), prefix=".apply-") as scratch:
                inspection = reader.inspect(
                    pack.file, Path(scratch), pack.name, _reporter(pack, "verifying")
                )
                step = _reporter(pack, "applying")
                pack.result = importer.apply(inspection, lambda phase, i, n: step(i, n))
                pack.summary = inspection.summary
        except PackError as exc:
            pack.state, pack.errors = PackState.REFUSED, [exc.message, *exc.problems]
        except Exception as exc:
            pack.state, pack.errors = PackState.FAILED, [f"Nothing was changed: {exc}"]
        else:
            pack.state, pack.errors = PackState.APPLIED, []
            pack.file.unlink(missing_ok=True)
        finally:
            _forget_progress(pack)
        pack.save()
    return pack
