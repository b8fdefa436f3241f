"""Packs received over HTTP or from the command line: kept in the home until applied, with
their state in the database and, while they are verified or applied, their progress."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from fieldguide.packs import importer, reader
from fieldguide.packs.format import MAX_PACK_BYTES, PackError
from fieldguide.packs.models import Pack

_progress: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()
# One apply at a time: two packs loading pages at once would only wait on SQLite's lock.
_applying = threading.Lock()


def folder() -> Path:
    path = settings.HOME.root / "packs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_of(pack: Pack) -> Path:
    return folder() / f"{pack.pk}.fgpack"


def progress_of(pack: Pack) -> dict[str, Any] | None:
    with _lock:
        return dict(_progress[str(pack.pk)]) if str(pack.pk) in _progress else None


def _report(pack: Pack, phase: str):
    def report(done: int, total: int) -> None:
        with _lock:
            _progress[str(pack.pk)] = {"phase": phase, "done": done, "total": total}

    return report


def _inspect(pack: Pack, scratch: Path) -> reader.Inspection:
    return reader.inspect(file_of(pack), scratch, pack.name, _report(pack, "verifying"))


def receive(chunks: Iterable[bytes], name: str) -> Pack:
    """Store an upload and verify it: the pack comes back READY with a summary, or REFUSED."""
    pack = Pack.objects.create(name=Path(name).name[:255] or "pack.fgpack", state=Pack.State.READY)
    size = 0
    try:
        with file_of(pack).open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_PACK_BYTES:
                    raise PackError(f"{pack.name} is larger than {MAX_PACK_BYTES} bytes.")
                out.write(chunk)
        pack.size = size
        with tempfile.TemporaryDirectory(dir=folder(), prefix=".inspect-") as scratch:
            pack.summary = _inspect(pack, Path(scratch)).summary
    except PackError as exc:
        pack.state, pack.errors = Pack.State.REFUSED, [exc.message, *exc.problems]
        file_of(pack).unlink(missing_ok=True)
    finally:
        with _lock:
            _progress.pop(str(pack.pk), None)
    pack.save()
    return pack


def apply(pack: Pack) -> Pack:
    """Verify the stored pack again (this machine may have changed since) and apply it."""
    if pack.state not in (Pack.State.READY, Pack.State.FAILED):
        raise PackError(f"{pack.name} is {pack.get_state_display().lower()}; it cannot be applied.")
    with _applying:
        Pack.objects.filter(pk=pack.pk).update(state=Pack.State.APPLYING)
        try:
            with tempfile.TemporaryDirectory(dir=folder(), prefix=".apply-") as scratch:
                inspection = _inspect(pack, Path(scratch))
                step = _report(pack, "applying")
                pack.result = importer.apply(inspection, lambda phase, i, n: step(i, n))
                pack.summary = inspection.summary
        except PackError as exc:
            pack.state, pack.errors = Pack.State.REFUSED, [exc.message, *exc.problems]
        except Exception as exc:
            pack.state, pack.errors = Pack.State.FAILED, [f"Nothing was changed: {exc}"]
        else:
            pack.state, pack.errors = Pack.State.APPLIED, []
            file_of(pack).unlink(missing_ok=True)
        finally:
            with _lock:
                _progress.pop(str(pack.pk), None)
        pack.save()
    return pack


def as_json(pack: Pack) -> dict[str, Any]:
    return {
        "id": str(pack.pk),
        "name": pack.name,
        "size": pack.size,
        "uploaded_at": pack.uploaded_at.isoformat(),
        "state": pack.state,
        "summary": pack.summary,
        "errors": pack.errors,
        "result": pack.result,
        "progress": progress_of(pack),
    }


def discard(pack: Pack) -> None:
    file_of(pack).unlink(missing_ok=True)
    shutil.rmtree(folder() / str(pack.pk), ignore_errors=True)
    pack.delete()
