"""Runs a crash left ``running``: marked ``interrupted``, their processes killed."""

from __future__ import annotations

import logging

from django.utils import timezone

from fieldguide.demos.models import DemoRun
from fieldguide.demos.processes import alive, boot_id, terminate_session

logger = logging.getLogger("fieldguide.demos")


def recover_interrupted(only_dead_workers: bool = False) -> list[int]:
    """At server start (every worker is gone) or worker start (only runs of dead workers)."""
    this_boot = boot_id()
    recovered = []
    for run in DemoRun.objects.running():
        if only_dead_workers and run.worker_pid and alive(run.worker_pid):
            continue
        # A pid from before a reboot belongs to someone else now: never signal it.
        if run.pid and run.boot_id == this_boot:
            terminate_session(run.pid)
        DemoRun.objects.filter(pk=run.pk, status=DemoRun.Status.RUNNING).update(
            status=DemoRun.Status.INTERRUPTED, finished_at=timezone.now()
        )
        recovered.append(run.pk)
    if recovered:
        logger.warning("Marked interrupted runs: %s", recovered)
    return recovered
