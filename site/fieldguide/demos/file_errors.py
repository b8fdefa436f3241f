"""Why a workspace file request is refused, each with the HTTP status the API answers.

The file logic raises these; the views turn them into ``{"error": message, …fields}``.
"""

from __future__ import annotations


class FileRefused(Exception):
    status = 400

    def __init__(self, message: str, **fields: object) -> None:
        super().__init__(message)
        self.fields = fields


class BadPath(FileRefused):
    """Not a plain relative path inside the workspace, or a folder where a file is meant."""

    status = 400


class Forbidden(FileRefused):
    """A symlink on the way, a read-only file, or a new file where the author allows none."""

    status = 403


class FileNotFound(FileRefused):
    status = 404


class Conflict(FileRefused):
    """The file changed since the client read it; ``fields`` carry the current version."""

    status = 409


class TooLarge(FileRefused):
    status = 413


class NotText(FileRefused):
    """Binary or not UTF-8: the editor shows text only."""

    status = 415
