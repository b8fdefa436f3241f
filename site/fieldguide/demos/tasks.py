"""The task the API enqueues and the supervised demo workers run."""

from __future__ import annotations

from django_tasks import task

from fieldguide.demos import runner

QUEUE = "demos"


@task(queue_name=QUEUE)
def run_demo(run_id: int) -> str:
    """Run the queued demo run ``run_id``; returns its final status."""
    return runner.execute(run_id)
