"""A run's output: appended to the database in chunks, capped, never blocking the process."""

from __future__ import annotations

import codecs
import time

from django.conf import settings

from fieldguide.demos.models import DemoRun, RunLogChunk

FLUSH_BYTES = 32 * 1024
FLUSH_SECONDS = 0.1


def truncation_marker(limit: int) -> str:
    return (
        f"\n[Fieldguide: output truncated after {limit // 1024} KiB. "
        "The demo kept running; the rest of its output was discarded.]\n"
    )


class LogWriter:
    """Buffers output and appends it as ``RunLogChunk`` rows, at most ``limit`` bytes per run.

    Past the limit, output is still read (so the process never blocks on a full pipe) but
    dropped, and one visible marker says so.
    """

    def __init__(self, run: DemoRun, limit: int | None = None) -> None:
        self.run = run
        self.limit = limit if limit is not None else settings.FIELDGUIDE_DEMO_LOG_LIMIT
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.pending: list[str] = []
        self.pending_bytes = 0
        self.stored = 0
        self.seen = 0
        self.truncated = False
        self.seq = run.chunks.count()
        # The first output goes out at once: it is what the learner is waiting to see.
        self.last_flush = 0.0

    def write(self, data: bytes) -> None:
        self.seen += len(data)
        if self.truncated:
            return
        room = self.limit - self.stored - self.pending_bytes
        if len(data) > room:
            data = data[: max(room, 0)]
            self._add(data)
            self._add_text(self.decoder.decode(b"", final=True) + truncation_marker(self.limit))
            self.truncated = True
            self.flush()
            return
        self._add(data)
        if self.pending_bytes >= FLUSH_BYTES:
            self.flush()
        else:
            self.flush_if_due()

    def flush_if_due(self) -> None:
        """Quiet output still reaches readers within ``FLUSH_SECONDS``."""
        if self.pending and time.monotonic() - self.last_flush > FLUSH_SECONDS:
            self.flush()

    def _add(self, data: bytes) -> None:
        self.pending_bytes += len(data)
        self._add_text(self.decoder.decode(data))

    def _add_text(self, text: str) -> None:
        if text:
            self.pending.append(text)

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.pending:
            return
        self.seq += 1
        RunLogChunk.objects.create(run=self.run, seq=self.seq, data="".join(self.pending))
        self.stored += self.pending_bytes
        self.pending, self.pending_bytes = [], 0
        DemoRun.objects.filter(pk=self.run.pk).update(
            log_bytes=self.stored, truncated=self.truncated
        )

    def close(self) -> None:
        if not self.truncated:
            self._add_text(self.decoder.decode(b"", final=True))
        self.flush()


def transcript(run: DemoRun) -> str:
    return "".join(run.chunks.order_by("seq").values_list("data", flat=True))
