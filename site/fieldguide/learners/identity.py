"""The seat's current learner and this installation's stable seat id."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction

from fieldguide.learners.models import LearnerSession


def current_learner(start: bool = True) -> str:
    """The open learner session's key, started by the first thing done after a reset.

    With ``start=False`` (for reading), no session is started: "" when there is none, so that
    merely looking at a page does not count as a new learner.
    """
    session = LearnerSession.objects.current()
    if session is not None:
        return session.key
    if not start:
        return ""
    try:
        with transaction.atomic():
            return LearnerSession.objects.create(key=secrets.token_hex(8)).key
    except IntegrityError:  # two first requests at once: both use the one that won
        winner = LearnerSession.objects.current()
        assert winner is not None
        return winner.key


def seat_id() -> str:
    """Stable for this installation (its home folder); survives resets and restarts."""
    path = settings.HOME.root / "seat_id"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    value = f"seat-{uuid.uuid4().hex[:12]}"
    try:
        with path.open("x", encoding="ascii") as handle:
            handle.write(value + "\n")
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    return value
