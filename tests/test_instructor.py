"""The instructor: the account, the first-visit set-up, pages that refuse learners, seat reset
from the page, progress export, and lesson packs over HTTP."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from fieldguide.home import Home
from fieldguide.instructor import account
from fieldguide.learners.identity import current_learner, seat_id
from fieldguide.lessons.models import StepPage, TutorialPage
from fieldguide.packs import importer, reader, store
from fieldguide.packs.format import PackError
from fieldguide.progress import report
from fieldguide.progress.models import StepCompletion, StepTime

from tests.pack_fixtures import pack_bytes, tiny_tutorial

pytestmark = pytest.mark.django_db
PASSWORD = "field-trip-2026"


@pytest.fixture(autouse=True)
def home(settings, tmp_path) -> Home:
    home = Home(tmp_path / "home")
    home.prepare()
    settings.HOME = home
    settings.MEDIA_ROOT = home.media
    return home


@pytest.fixture
def learner(settings) -> Client:
    browser = Client()
    browser.get("/launch", {"token": settings.FIELDGUIDE_LAUNCH_TOKEN})
    return browser


@pytest.fixture
def instructor(learner) -> Client:
    account.set_password(PASSWORD)
    assert learner.login(username=account.USERNAME, password=PASSWORD)
    return learner


# The account


def test_set_instructor_password_from_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    call_command("set_instructor_password", "--password-stdin")
    assert account.password_matches(PASSWORD) and not account.password_matches("wrong")
    user = account.instructors().get()
    assert user.username == "instructor" and user.is_staff


def test_a_weak_password_is_refused_and_nothing_changes(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("abc\n"))
    with pytest.raises(CommandError, match="too short"):
        call_command("set_instructor_password", "--password-stdin")
    assert not account.exists()


def test_the_kiosk_unlocks_with_the_instructor_password(client):
    account.set_password(PASSWORD)
    response = client.post(
        "/api/kiosk/unlock", json.dumps({"password": PASSWORD}), content_type="application/json"
    )
    assert response.json() == {"unlocked": True}


def test_the_first_admin_visit_sets_the_instructor_password(learner):
    response = learner.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/instructor/setup/?next=%2Fadmin%2F"
    form = learner.get(response["Location"])
    assert b"Set the instructor password" in form.content
    mismatch = learner.post(
        response["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"}
    )
    assert "The two password fields didn" in mismatch.content.decode() and not account.exists()
    weak = learner.post(response["Location"], {"new_password1": "abc", "new_password2": "abc"})
    assert "too short" in weak.content.decode() and not account.exists()
    done = learner.post(
        response["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert learner.get("/admin/").status_code == 200  # logged in as the instructor
    assert account.password_matches(PASSWORD)


def test_once_set_the_setup_page_cannot_change_the_password(learner):
    account.set_password(PASSWORD)
    attempt = {"new_password1": "another-pass-1", "new_password2": "another-pass-1"}
    response = learner.post("/instructor/setup/", attempt)
    assert response.status_code == 302
    assert account.password_matches(PASSWORD)


# Every instructor route refuses a learner

SOME_PACK = "0f91e977-e284-4224-b905-9943a08acd5f"  # fixed: xdist workers must collect the same ids
INSTRUCTOR_ROUTES = [
    ("get", "/instructor/"),
    ("get", "/instructor/packs/"),
    ("get", "/instructor/progress.csv"),
    ("get", "/instructor/progress.json"),
    ("get", f"/instructor/packs/{SOME_PACK}/"),
    ("post", "/instructor/reset/"),
    ("post", "/instructor/packs/export"),
    ("post", "/instructor/packs/upload"),
    ("post", f"/instructor/packs/{SOME_PACK}/apply"),
    ("post", "/api/packs"),
    ("get", f"/api/packs/{SOME_PACK}"),
    ("post", f"/api/packs/{SOME_PACK}/apply"),
    ("get", "/admin/"),
    ("get", "/admin/pages/"),
]


@pytest.mark.parametrize(("method", "path"), INSTRUCTOR_ROUTES)
def test_every_instructor_route_refuses_a_learner(learner, lessons, method, path):
    account.set_password(PASSWORD)
    StepCompletion.objects.create(learner_id=current_learner(), step=StepPage.objects.first())
    response = getattr(learner, method)(path)
    if path.startswith("/api/"):
        assert response.status_code == 403
        assert "/admin/login/" in response.json()["login_url"]
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert StepCompletion.objects.count() == 1  # the reset did not happen


@pytest.mark.parametrize(("method", "path"), INSTRUCTOR_ROUTES[:5])
def test_the_instructor_gets_in(instructor, lessons, method, path):
    expected = 404 if SOME_PACK in path else 200
    assert getattr(instructor, method)(path).status_code == expected


# Seat overview, reset and progress export


def test_the_overview_shows_the_seat_and_the_learners_progress(instructor, lessons):
    step = StepPage.objects.get(slug="check-your-tools")
    StepCompletion.objects.create(learner_id=current_learner(), step=step, method="done")
    StepTime.objects.create(learner_id=current_learner(), step=step, seconds=180)
    page = instructor.get("/instructor/").content.decode()
    assert seat_id() in page and current_learner() in page
    assert "1 of 6" in page and "3 min" in page


def test_reset_from_the_instructor_page(instructor, lessons):
    StepCompletion.objects.create(learner_id=current_learner(), step=StepPage.objects.first())
    response = instructor.post("/instructor/reset/", follow=True)
    assert '<div class="callout callout-tip" role="status"><p>Seat reset in' in (
        response.content.decode()
    )
    assert not StepCompletion.objects.exists()
    assert account.password_matches(PASSWORD)  # the instructor stays


def test_progress_export_csv_and_json(instructor, lessons):
    learner = current_learner()
    step = StepPage.objects.get(slug="check-your-tools")
    StepCompletion.objects.create(learner_id=learner, step=step, method="done")
    StepTime.objects.create(learner_id=learner, step=step, seconds=42)

    response = instructor.get("/instructor/progress.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f"fieldguide-progress-{seat_id()}-" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == report.COLUMNS
    steps = StepPage.objects.live().count()
    assert len(rows) == steps  # every step of every tutorial, for the one learner session
    done = next(r for r in rows if r["step"] == "check-your-tools")
    assert done["seat_id"] == seat_id() and done["learner_session"] == learner
    assert done["completed_by"] == "done" and done["completed_at"]
    assert done["time_spent_seconds"] == "42" and done["checks_passed"] == "0"

    document = json.loads(instructor.get("/instructor/progress.json").content)
    assert document["seat_id"] == seat_id() and document["columns"] == report.COLUMNS
    assert len(document["rows"]) == steps


def test_the_seat_id_is_stable_across_resets(lessons, home):
    first = seat_id()
    call_command("reset_seat")
    assert seat_id() == first and (home.root / "seat_id").read_text().strip() == first


def test_export_progress_command_writes_into_a_folder(lessons, tmp_path, capsys):
    current_learner()
    usb = tmp_path / "usb"
    usb.mkdir()
    call_command("export_progress", "--format", "json", "--out", str(usb))
    written = next(usb.glob("fieldguide-progress-*.json"))
    assert json.loads(written.read_text())["seat_id"] == seat_id()


# Lesson packs over HTTP


def upload(client: Client, data: bytes, name: str = "tiny.fgpack"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/api/packs", {"file": SimpleUploadedFile(name, data)})


def test_upload_summarise_and_apply_over_http(instructor, lessons):
    response = upload(instructor, pack_bytes(tiny_tutorial()))
    assert response.status_code == 201
    created = response.json()
    assert created["state"] == "ready"
    assert created["summary"]["tutorials"] == [
        {"slug": "tiny", "title": "Tiny", "steps": 1, "action": "add"}
    ]
    assert not TutorialPage.objects.filter(slug="tiny").exists()  # nothing applied yet

    state = instructor.get(f"/api/packs/{created['id']}").json()
    assert state["state"] == "ready" and state["progress"] is None

    applied = instructor.post(f"/api/packs/{created['id']}/apply")
    assert applied.status_code == 200 and applied.json()["state"] == "applied"
    assert TutorialPage.objects.filter(slug="tiny").exists()
    assert instructor.get(f"/api/packs/{created['id']}").json()["state"] == "applied"
    again = instructor.post(f"/api/packs/{created['id']}/apply")
    assert again.status_code == 409

    page = instructor.get(f"/instructor/packs/{created['id']}/").content.decode()
    assert "Tiny" in page and "Applied" in page


def test_a_refused_upload_says_why(instructor, lessons):
    response = upload(instructor, pack_bytes(tiny_tutorial("::demo no-such-demo\n")))
    assert response.status_code == 400
    body = response.json()
    assert body["state"] == "refused"
    assert "unknown demo id: no-such-demo" in body["errors"]
    assert not store.get(body["id"]).file.exists()


def test_a_demo_in_an_introduction_is_checked_too(instructor, lessons):
    files = tiny_tutorial()
    intro = files["tutorials/tiny/tutorial.md"] + b"\n::demo not-on-this-machine\n"
    response = upload(instructor, pack_bytes({**files, "tutorials/tiny/tutorial.md": intro}))
    assert response.status_code == 400
    assert "unknown demo id: not-on-this-machine" in response.json()["errors"]


def test_the_export_page_downloads_a_pack(instructor, lessons):
    response = instructor.post("/instructor/packs/export", {"tutorial": ["writing-a-lesson"]})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.fgpack"')
    data = b"".join(response.streaming_content)
    response.close()
    assert upload(instructor, data).json()["summary"]["tutorials"][0]["action"] == "update"
    assert not list(store.folder().glob(".export-*")), "the temporary export is gone"


def test_a_failure_while_applying_changes_nothing(lessons, monkeypatch, tmp_path, home):
    files = tiny_tutorial()
    second = {name.replace("tiny", "tiny-two"): data for name, data in files.items()}
    workspace = {"workspaces/lab-kit/readme.txt": b"from the pack"}
    path = tmp_path / "two.fgpack"
    path.write_bytes(pack_bytes({**files, **second, **workspace}))
    inspection = reader.inspect(path, tmp_path / "extracted")
    real_load = importer.load_tree
    calls = []

    def load_then_fail(folder: Path):
        calls.append(real_load(folder))  # both tutorials load, then the disk fills up
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importer, "load_tree", load_then_fail)
    pages = TutorialPage.objects.count()
    with pytest.raises(RuntimeError):
        importer.apply(inspection)
    assert len(calls[0].created) > 2
    assert TutorialPage.objects.count() == pages  # both tutorials were rolled back
    assert not (home.root / "imported-workspaces" / "lab-kit").exists()
    assert [p.name for p in (home.root / "imported-workspaces").iterdir()] == []


def test_entry_limits_from_the_zip_directory():
    import zipfile

    def entry(name: str, size: int, compressed: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name)
        info.file_size, info.compress_size = size, compressed
        return info

    huge = reader.entry_problems([entry("tutorials/a/big.png", 600 << 20, 600 << 20)])
    assert huge == [f"tutorials/a/big.png: {600 << 20} bytes (the limit is {512 << 20})"]
    many = [entry(f"tutorials/a/{i}.png", 400 << 20, 400 << 20) for i in range(6)]
    assert any("in all (the limit is" in p for p in reader.entry_problems(many))
    drive = reader.entry_problems([entry("C:/evil.txt", 1, 1)])
    assert drive == ["C:/evil.txt: an absolute path"]
    with pytest.raises(PackError, match="not a lesson pack"):
        reader.inspect(Path(__file__), Path("/nonexistent"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose at least one tutorial to export."),
        ({"tutorial": ["no-such-tutorial"]}, "Select a valid choice."),
    ],
)
def test_the_export_form_says_what_is_missing(instructor, lessons, data, message):
    response = instructor.post("/instructor/packs/export", data, follow=True)
    assert f'<div class="callout callout-warning" role="alert"><p>{message}' in (
        response.content.decode()
    )
    assert not list(store.folder().glob(".export-*"))


def test_the_upload_form_asks_for_a_file(instructor, lessons):
    response = instructor.post("/instructor/packs/upload", {}, follow=True)
    assert "Choose a .fgpack file to import." in response.content.decode()
    assert store.recent() == []
