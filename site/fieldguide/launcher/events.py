"""The launch contract's machine-readable lines on stdout: one ``ready`` or one ``error``."""

from __future__ import annotations

import json
import sys
from typing import Any


class LaunchError(Exception):
    """A failure a person can act on; becomes the ``"event": "error"`` line."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


def emit(event: str, **fields: Any) -> None:
    sys.stdout.write(json.dumps({"event": event, **fields}, sort_keys=False) + "\n")
    sys.stdout.flush()


def emit_error(error: LaunchError) -> None:
    emit("error", message=error.message, **error.details)
