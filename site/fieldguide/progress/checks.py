"""Whether a run passes a step's check: the step must name that demo as its check, with the
same fixed parameters, and the run must have succeeded for this very learner."""

from __future__ import annotations

from fieldguide.demos.models import DemoRun
from fieldguide.lessons.blocks import DemoValue
from fieldguide.lessons.models import StepPage


def check_blocks(step: StepPage) -> list[DemoValue]:
    return [block.value for block in step.body.blocks_by_name("demo") if block.value["check"]]


def passes_check(step: StepPage, run: DemoRun, learner: str) -> str | None:
    """None if the run passes the step's check, else why not."""
    if run.status != DemoRun.Status.SUCCEEDED:
        return "the run did not succeed"
    if run.learner_id != learner:
        return "the run belongs to another learner"
    if any(check.accepts_run(run.demo, run.params) for check in check_blocks(step)):
        return None
    return "the run is not this step's check"
