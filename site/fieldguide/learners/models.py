from __future__ import annotations

from typing import Any

from django.db import models


class LearnerSessionQuerySet(models.QuerySet["LearnerSession"]):
    def current(self) -> LearnerSession | None:
        """The seat's open session: the newest (a reset deletes them all)."""
        return self.order_by("-started_at", "-pk").first()


class LearnerSession(models.Model):
    """One learner at this seat: from the first thing they do until the seat is reset.

    A seat has one learner at a time, so the learner is the seat's open session, not a browser
    cookie: every window of the app, and every restart, counts for the same person. Records of
    what a learner did point at ``key`` (a foreign key), so they go when the session goes.
    """

    key = models.CharField(max_length=32, unique=True)
    started_at = models.DateTimeField(auto_now_add=True)

    objects = LearnerSessionQuerySet.as_manager()

    class Meta:
        # The table progress made when it owned this model: moving it here moved no data.
        db_table = "progress_learnersession"

    def __str__(self) -> str:
        return self.key


def learner_field(**options: Any) -> models.ForeignKey[Any, Any]:
    """What a learner's record points at: their session, by its key (column ``learner``).
    The record goes when the session does."""
    return models.ForeignKey(
        LearnerSession,
        to_field="key",
        db_column="learner",
        on_delete=models.CASCADE,
        related_name="+",
        **options,
    )
