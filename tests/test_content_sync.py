"""load_content / dump_content against a real (test) database and real files."""

import filecmp
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from fieldguide.lessons.models import ContentImport, StepPage, TutorialPage
from fieldguide.lessons.sources.dumper import dump_tree
from fieldguide.lessons.sources.loader import load_tree
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from tests.conftest import CONTENT
from tests.servers import ROOT, command

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    """Everything a load may touch, to prove that a failed or no-op load touched nothing."""
    pages = tuple(
        Page.objects.order_by("pk").values_list("pk", "path", "title", "live", "latest_revision_id")
    )
    return (
        pages,
        Revision.objects.count(),
        ContentImport.objects.count(),
        get_image_model().objects.count(),
    )


def same_trees(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right)
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    return (
        not mismatch
        and not errors
        and all(same_trees(left / sub, right / sub) for sub in comparison.common_dirs)
    )


def test_ships_two_real_tutorials_with_demos_on_most_steps(lessons):
    tutorials = TutorialPage.objects.live()
    assert tutorials.count() >= 2
    for tutorial in tutorials:
        steps = list(tutorial.steps())
        assert len(steps) >= 5, tutorial.title
        with_demo = [s for s in steps if any(b.block_type == "demo" for b in s.body)]
        assert len(with_demo) * 2 > len(steps), tutorial.title


def test_second_load_changes_nothing(lessons):
    before = snapshot()
    report = load_tree(CONTENT)
    assert not report.changed
    assert snapshot() == before


def test_edited_source_updates_the_page_in_place(lessons, content_copy):
    load_tree(content_copy)
    step = StepPage.objects.get(slug="run-the-checks")
    pk, url, revisions = step.pk, step.url, step.revisions.count()
    path = content_copy / "first-django-project" / "03-run-the-checks.md"
    path.write_text(
        path.read_text().replace("title: Run the checks", "title: Run the system checks")
    )
    report = load_tree(content_copy)
    step = StepPage.objects.get(pk=pk)
    assert report.updated == [step.url_path]
    assert (step.title, step.url, step.live) == ("Run the system checks", url, True)
    assert step.revisions.count() == revisions + 1


def test_removed_and_reordered_steps(lessons, content_copy):
    folder = content_copy / "first-django-project"
    (folder / "02-tour-the-project.md").unlink()
    (folder / "06-see-a-view-respond.md").rename(folder / "00-see-a-view-respond.md")
    report = load_tree(content_copy)
    assert [u.rsplit("/", 2)[-2] for u in report.deleted] == ["tour-the-project"]
    tutorial = TutorialPage.objects.get(slug="first-django-project")
    assert [s.slug for s in tutorial.steps()][:2] == ["see-a-view-respond", "check-your-tools"]


@pytest.mark.parametrize(
    ("filename", "text", "where"),
    [
        ("03-run-the-checks.md", "---\ntitle: x\n---\n\n::demo not-allowlisted\n", ":5:"),
        ("03-run-the-checks.md", "---\ntitle: x\n---\n\n```python\nunclosed\n", ":5:"),
        ("tutorial.md", "---\ntitle: x\nsummary: y\naudience: z\ndifficulty: expert\n---\n", ":2:"),
        ("07-bad name.md", "---\ntitle: x\n---\n", ":1:"),
    ],
)
def test_malformed_source_fails_whole_load_and_changes_nothing(
    lessons, content_copy, filename, text, where
):
    # A valid edit elsewhere in the same load must not be applied either.
    good = content_copy / "writing-a-lesson" / "01-how-lessons-are-stored.md"
    good.write_text(good.read_text().replace("title: How lessons", "title: Where lessons"))
    bad = content_copy / "first-django-project" / filename
    bad.write_text(text)
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("load_content", str(content_copy))
    assert f"{bad}{where}" in str(caught.value)
    assert "Nothing was changed" in str(caught.value)
    assert snapshot() == before


def test_a_failure_after_writing_rolls_back_pages_and_image_files(
    lessons, content_copy, settings, monkeypatch
):
    from fieldguide.lessons.sources import loader

    folder = content_copy / "first-django-project"
    write_png(folder / "images" / "fresh.png", "red")
    step = folder / "01-check-your-tools.md"
    step.write_text(step.read_text() + "\n![A red square](images/fresh.png)\n")
    # The second tutorial fails after the first has been written (a full disk, say).
    original, calls = loader._Loader.tutorial, []

    def tutorial_then_fail(self, index, source):
        calls.append(source.slug)
        if len(calls) == 2:
            raise OSError("No space left on device")
        return original(self, index, source)

    monkeypatch.setattr(loader._Loader, "tutorial", tutorial_then_fail)
    before = snapshot()
    media_before = media_files(settings)
    with pytest.raises(OSError, match="No space left"):
        load_tree(content_copy)
    assert calls == ["first-django-project", "writing-a-lesson"]
    assert snapshot() == before
    assert media_files(settings) == media_before


def test_every_problem_in_the_tree_is_reported_in_one_run(lessons, content_copy):
    first = content_copy / "first-django-project"
    (first / "03-run-the-checks.md").write_text("---\ntitle: x\n---\n\n::demo nope\n\n::demo no\n")
    (first / "tutorial.md").write_text("---\ntitle: x\nsummary: y\naudience: z\nlevel: 3\n---\n")
    second = content_copy / "writing-a-lesson" / "01-how-lessons-are-stored.md"
    second.write_text("no front matter\n")
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("load_content", str(content_copy))
    message = str(caught.value)
    for expected in (
        f"{first / 'tutorial.md'}:2: unknown front matter key 'level'",
        f"{first / '03-run-the-checks.md'}:5: unknown demo 'nope'",
        f"{first / '03-run-the-checks.md'}:7: unknown demo 'no'",
        f"{second}:1: a lesson file starts with '---'",
    ):
        assert expected in message
    assert "4 problems. Nothing was changed." in message
    assert snapshot() == before


@pytest.mark.parametrize(
    ("reference", "make", "reason"),
    [
        ("images/notes.png", lambda f: (f / "notes.png").write_text("not a picture"),
         "images/notes.png is not a readable image"),
        ("images/gone.png", lambda f: None, "no such image: images/gone.png"),
        ("../../secret.png", lambda f: write_png(f.parent.parent.parent / "secret.png", "blue"),
         "../../secret.png is outside the lesson's folder"),
        ("https://example.org/cat.png", lambda f: None, "remote images are refused"),
        ("images/notes.txt", lambda f: (f / "notes.txt").write_text("text"),
         ".txt is not an image type"),
    ],
)  # fmt: skip
def test_a_broken_image_is_a_clear_error_at_its_line(
    lessons, content_copy, reference, make, reason
):
    folder = content_copy / "first-django-project"
    (folder / "images").mkdir(exist_ok=True)
    make(folder / "images")
    step = folder / "06-see-a-view-respond.md"
    lines = step.read_text().count("\n")
    step.write_text(step.read_text() + f"\n![A picture]({reference})\n")
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("load_content", str(content_copy))
    assert f"{step}:{lines + 2}: " in str(caught.value) and reason in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert snapshot() == before


def test_check_only_validates_and_says_so(lessons, content_copy, capsys):
    call_command("load_content", str(content_copy), "--check")
    assert "2 tutorials and 12 steps, no problems." in capsys.readouterr().out
    step = content_copy / "first-django-project" / "03-run-the-checks.md"
    step.write_text(step.read_text() + "\n::demo nope\n")
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("load_content", str(content_copy), "--check")
    assert "unknown demo 'nope'" in str(caught.value) and "1 problem." in str(caught.value)
    assert snapshot() == before


def test_check_only_exits_1_for_an_authors_ci(tmp_path, content_copy, server_env):
    step = content_copy / "first-django-project" / "03-run-the-checks.md"
    step.write_text(step.read_text() + "\n::demo nope\n")
    result = subprocess.run(
        command(tmp_path / "home", "manage", "load_content", str(content_copy), "--check"),
        env=server_env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{step}:" in result.stderr and "unknown demo 'nope'" in result.stderr


def media_files(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def write_png(path: Path, colour: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


def test_load_then_dump_reproduces_the_sources(lessons, tmp_path):
    call_command("dump_content", str(tmp_path / "dump"))
    assert same_trees(CONTENT / "tutorials", tmp_path / "dump" / "tutorials")
    assert same_trees(CONTENT / "docs", tmp_path / "dump" / "docs")


def test_images_and_cover_round_trip(db, content_copy, tmp_path):
    folder = content_copy / "writing-a-lesson"
    write_png(folder / "images" / "cover.png", "green")
    write_png(folder / "images" / "layout.png", "navy")
    tutorial = folder / "tutorial.md"
    tutorial.write_text(
        tutorial.read_text().replace("prerequisites:", "cover: images/cover.png\nprerequisites:", 1)
    )
    step = folder / "01-how-lessons-are-stored.md"
    step.write_text(
        step.read_text().replace(
            "List the draft lesson",
            '![The folder layout](images/layout.png "One folder per tutorial")\n\nList the draft lesson',
        )
    )
    load_tree(content_copy)
    assert get_image_model().objects.count() == 2
    assert TutorialPage.objects.get(slug="writing-a-lesson").cover_image.title == "cover.png"
    call_command("dump_content", str(tmp_path / "dump"))
    assert same_trees(content_copy, tmp_path / "dump" / "tutorials")
    # Loading the dump again finds the same images by content: nothing new.
    assert not load_tree(tmp_path / "dump").changed
    assert get_image_model().objects.count() == 2


def test_cms_edits_are_dumped(lessons, tmp_path):
    step = StepPage.objects.get(slug="create-an-app")
    step.title = "Create your first app"
    step.body = [
        *list(step.body.raw_data),
        {"type": "text", "value": '<p data-block-key="k1">Edited in the <b>admin</b>.</p>'},
    ]
    step.save_revision().publish()
    call_command("dump_content", str(tmp_path / "dump"), "--tutorial", "first-django-project")
    folder = tmp_path / "dump" / "tutorials" / "first-django-project"
    text = (folder / "05-create-an-app.md").read_text()
    assert text.startswith("---\ntitle: Create your first app\n---\n")
    assert text.endswith("\n\nEdited in the **admin**.\n")
    assert not (tmp_path / "dump" / "tutorials" / "writing-a-lesson").exists()


def test_load_records_the_content_version(lessons):
    record = ContentImport.objects.get()
    assert record.content_version == lessons.version
    assert len(record.content_version) == 64


def test_loading_makes_the_renditions_the_pages_show(client, lessons, content_copy):
    from fieldguide.lessons import renditions

    folder = content_copy / "first-django-project"
    write_png(folder / "images" / "cover.png", "green")
    write_png(folder / "images" / "shot.png", "red")
    tutorial = folder / "tutorial.md"
    tutorial.write_text(tutorial.read_text().replace("---\n", "---\ncover: images/cover.png\n", 1))
    step = folder / "02-tour-the-project.md"
    step.write_text(step.read_text() + "\n![A screenshot](images/shot.png)\n")
    load_tree(content_copy)

    made = get_image_model().get_rendition_model().objects
    specs = {(r.image.title, r.filter_spec) for r in made.select_related("image")}
    assert {
        ("cover.png", renditions.COVER),
        ("cover.png", renditions.COVER_CARD),
        ("shot.png", renditions.STEP_IMAGE),
    } <= specs
    before = made.count()
    for url in ("/", "/first-django-project/", "/first-django-project/tour-the-project/"):
        assert client.get(url).status_code == 200
    assert made.count() == before, "a first visit made a rendition"


def test_the_templates_show_the_renditions_that_loading_makes():
    from fieldguide.lessons import renditions

    templates = ROOT / "site" / "fieldguide" / "lessons" / "templates"
    shown = {
        "blocks/image_block.html": renditions.STEP_IMAGE,
        "lessons/tutorial_page.html": renditions.COVER,
        "lessons/tutorial_index_page.html": renditions.COVER_CARD,
    }
    for name, spec in shown.items():
        assert re.search(rf"{{% image \S+ {spec}\b", (templates / name).read_text()), name


def test_introductions_take_the_blocks_a_step_takes(client, lessons, content_copy, tmp_path):
    write_png(content_copy / "images" / "map.png", "purple")
    index = content_copy / "index.md"
    index.write_text(index.read_text() + "\n![A map of the tutorials](images/map.png)\n")
    tutorial = content_copy / "first-django-project" / "tutorial.md"
    tutorial.write_text(
        tutorial.read_text()
        + "\n:::note\nYou need **no network**.\n:::\n\n```console\n$ python -V\n```\n"
    )
    load_tree(content_copy)
    page = client.get("/first-django-project/").content.decode()
    assert "callout-note" in page and "<b>no network</b>" in page
    assert 'class="highlight"' in page  # the code block, highlighted
    assert 'alt="A map of the tutorials"' in client.get("/").content.decode()

    out = tmp_path / "dumped"
    dump_tree(out)
    assert same_trees(content_copy, out / "tutorials")


def test_an_unknown_code_language_loads_as_plain_text_with_a_warning(lessons, content_copy):
    step = content_copy / "first-django-project" / "03-run-the-checks.md"
    line = step.read_text().count("\n") + 2
    step.write_text(step.read_text() + "\n```nosuchlang\nsome code\n```\n")
    err = io.StringIO()
    call_command("load_content", str(content_copy), stderr=err)
    assert f"warning: {step}:{line}: unknown code language 'nosuchlang'" in err.getvalue()
    body = StepPage.objects.get(slug="run-the-checks").body
    assert body[len(body) - 1].value["language"] == "nosuchlang"


def test_a_page_saved_in_the_admin_reloads_from_its_dump_without_a_new_revision(lessons, tmp_path):
    step = StepPage.objects.get(slug="tour-the-project")
    step.title = "Tour the project (edited)"
    # What the admin stores: the blocks as its form made them, every field of every block.
    step.body = step.body.stream_block.to_python(list(step.body.raw_data))
    list(step.body)  # every block bound, as the form's are
    step.save_revision().publish()
    stored = StepPage.objects.get(pk=step.pk).body.raw_data
    assert "title" in next(b for b in stored if b["type"] == "code")["value"]
    out = tmp_path / "dumped"
    dump_tree(out)
    pages_and_revisions = snapshot()[:2]
    report = load_tree(out)
    assert not report.changed and snapshot()[:2] == pages_and_revisions


def test_a_load_empties_the_page_cache_once_not_per_row(lessons, content_copy):
    from fieldguide.core.page_cache import current_generation

    path = content_copy / "first-django-project" / "03-run-the-checks.md"
    path.write_text(path.read_text().replace("Run the checks", "Run the system checks"))
    before = current_generation()
    report = load_tree(content_copy)
    assert report.updated and current_generation() == before + 1
