"""Upgrades keep what learners did: LearnerSession's move to the learners app, and the
learner fields becoming foreign keys, on a database that holds records from before."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from fieldguide.demos.models import DemoRun
from fieldguide.lessons.models import StepPage
from fieldguide.progress.models import StepCompletion, StepTime

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("learners", None)]  # and so progress 0002 and demos 0001, which came before it


def migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def test_learner_records_survive_the_move_to_foreign_keys():
    migrate(BEFORE)
    old = (
        MigrationExecutor(connection)
        .loader.project_state(
            [("progress", "0002_learner_sessions_and_step_time"), ("demos", "0001_initial")]
        )
        .apps
    )
    first, second = StepPage.objects.order_by("path").values_list("pk", flat=True)[:2]
    old.get_model("progress", "LearnerSession").objects.create(key="a1b2c3")
    completions = old.get_model("progress", "StepCompletion").objects
    completions.create(learner="a1b2c3", step_id=first, method="done")
    completions.create(learner="no-such-session", step_id=second, method="done")
    times = old.get_model("progress", "StepTime").objects
    times.create(learner="a1b2c3", step_id=first, seconds=30)
    times.create(learner="no-such-session", step_id=first, seconds=40)
    runs = old.get_model("demos", "DemoRun").objects
    for learner in ("a1b2c3", "", "no-such-session"):
        runs.create(demo="django-version", argv=[], timeout=5, learner=learner)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    kept = StepCompletion.objects.get()
    assert kept.learner.key == "a1b2c3" and kept.step_id == first
    assert list(StepTime.objects.values_list("learner_id", "seconds")) == [("a1b2c3", 30)]
    runs_now = DemoRun.objects.order_by("pk").values_list("learner_id", flat=True)
    assert list(runs_now) == ["a1b2c3", None, None]


def test_rich_text_introductions_become_the_first_block_of_a_stream():
    from fieldguide.lessons.models import TutorialPage
    from wagtail.models import Revision

    before = [("lessons", "0004_headings_strikethrough_and_tables")]
    migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    tutorials = old.get_model("lessons", "TutorialPage").objects
    tutorial = tutorials.get(slug="first-django-project")
    tutorials.filter(pk=tutorial.pk).update(intro="<p>Hello <b>there</b>.</p>")
    tutorials.exclude(pk=tutorial.pk).update(intro="")
    revision = Revision.objects.filter(object_id=str(tutorial.pk)).order_by("-pk").first()
    revision.content["intro"] = "<p>An older intro.</p>"
    Revision.objects.filter(pk=revision.pk).update(content=revision.content)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    intro = TutorialPage.objects.get(pk=tutorial.pk).intro
    assert [(block.block_type, str(block.value)) for block in intro] == [
        ("text", "<p>Hello <b>there</b>.</p>")
    ]
    assert all(not page.intro for page in TutorialPage.objects.exclude(pk=tutorial.pk))
    stored = Revision.objects.get(pk=revision.pk).content["intro"]
    assert [block["value"] for block in json.loads(stored)] == ["<p>An older intro.</p>"]


def test_callouts_take_blocks_and_give_them_back_as_rich_text():
    from wagtail.models import Revision

    before = [("lessons", "0008_markdown_block")]
    step = StepPage.objects.get(slug="check-your-tools")
    body = list(step.body.raw_data)
    index = next(i for i, block in enumerate(body) if block["type"] == "callout")
    body[index]["value"] = {"kind": "tip", "title": "Mind <this>", "body": [
        {"type": "text", "value": "<p>Run <b>it</b>:</p>", "id": "a"},
        {"type": "code", "value": {"language": "console", "code": "$ ls <x>"}, "id": "b"},
    ]}  # fmt: skip
    StepPage.objects.filter(pk=step.pk).update(body=body)

    migrate(before)  # back: the blocks as rich text, the title in bold
    old = MigrationExecutor(connection).loader.project_state(before).apps
    steps = old.get_model("lessons", "StepPage").objects
    callout = list(steps.get(pk=step.pk).body.raw_data)[index]
    assert callout["value"] == {"kind": "tip", "body": (
        "<p><b>Mind &lt;this&gt;</b></p><p>Run <b>it</b>:</p><p><code>$ ls &lt;x&gt;</code></p>"
    )}  # fmt: skip
    revision = Revision.objects.filter(object_id=str(step.pk)).order_by("-pk").first()
    revision.content["body"] = json.dumps([{"type": "callout", "id": "c",
                                           "value": {"kind": "note", "body": "<p>Older.</p>"}}])  # fmt: skip
    Revision.objects.filter(pk=revision.pk).update(content=revision.content)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # on: rich text as a block

    callout = list(StepPage.objects.get(pk=step.pk).body.raw_data)[index]
    assert callout["value"]["title"] == ""
    assert [(b["type"], b["value"]) for b in callout["value"]["body"]] == [
        ("text", "<p><b>Mind &lt;this&gt;</b></p><p>Run <b>it</b>:</p>"
                 "<p><code>$ ls &lt;x&gt;</code></p>")
    ]  # fmt: skip
    [older] = json.loads(Revision.objects.get(pk=revision.pk).content["body"])
    assert older["value"]["title"] == ""
    assert [(b["type"], b["value"]) for b in older["value"]["body"]] == [("text", "<p>Older.</p>")]
    assert "Mind" in StepPage.objects.get(pk=step.pk).body.render_as_block()
