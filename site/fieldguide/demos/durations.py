"""Durations in the words the page and the run's notes use: "30 s", "15 min", "1 min 30 s"
(run-status.js says them the same way)."""

from __future__ import annotations


def duration_words(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" + (f" {rest} s" if rest else "")
