"""Queries about runs that the status API and the launcher share."""

from __future__ import annotations

from fieldguide.demos.models import DemoRun


def running_demo_count() -> int:
    return DemoRun.objects.filter(status=DemoRun.Status.RUNNING).count()
