"""The workspace file API on real files in a temporary home: every refusal leaves the copy
byte for byte as it was; saves are atomic, even under kill -9; solutions apply whole or not."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fieldguide.demos import atomic_files
from fieldguide.demos.atomic_files import PARTIAL_SUFFIX
from fieldguide.demos.file_errors import TooLarge
from fieldguide.demos.workspace_files import (
    FILE_LIMIT,
    WORKSPACE_LIMIT,
    open_workspace,
    save_file,
)
from fieldguide.demos.workspace_paths import walk_files
from fieldguide.demos.workspace_settings import WorkspaceSettingsError, load_settings
from fieldguide.demos.workspace_solutions import apply_solution
from fieldguide.demos.workspaces import learner_copy, reset
from fieldguide.learners.models import LearnerSession

from tests.servers import ROOT

pytestmark = pytest.mark.django_db

API = "/api/workspaces/lab"
SETTINGS = """\
writable = ["notes/", "notes.md"]
readonly = ["greet.py", "tools/*"]
"""
SOLVED_PRISTINE = "solved\n"
SOLVED_GREET = "print('solved')\n"
SOLVED_ANSWER = "# The answer\n"


@pytest.fixture
def lab(demo_content: Path) -> Path:
    """The test workspace 'lab' (see demo_fixtures) with settings, a read-only folder, files
    the editor cannot show and one step's solution; the pristine folder."""
    pristine = demo_content / "workspaces" / "lab"
    author = pristine / ".fieldguide"
    (author / "solutions" / "step-one" / "notes").mkdir(parents=True)
    (author / "workspace.toml").write_text(SETTINGS)
    (author / "solutions" / "step-one" / "pristine.txt").write_text(SOLVED_PRISTINE)
    (author / "solutions" / "step-one" / "greet.py").write_text(SOLVED_GREET)
    (author / "solutions" / "step-one" / "notes" / "answer.md").write_text(SOLVED_ANSWER)
    (pristine / "tools").mkdir()
    (pristine / "tools" / "run.py").write_text("print('run')\n")
    (pristine / "data.bin").write_bytes(b"\x89PNG\x00\x01")
    (pristine / "latin1.txt").write_bytes("café\n".encode("latin-1"))
    return pristine


@pytest.fixture
def copy(lab: Path, client) -> Path:
    """The learner's copy, made by the API's first listing."""
    assert client.get(f"{API}/files").status_code == 200
    return learner_copy("lab")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the home that no request may read or write."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("secret\n")
    return folder


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a link's target, a folder's name."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[key] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            entries[key] = "dir"
        else:
            entries[key] = path.read_bytes()
    return entries


def put(client, path: str, data: bytes | str, **headers: str):
    body = data.encode() if isinstance(data, str) else data
    return client.put(
        f"{API}/files/{path}", body, content_type="text/plain; charset=utf-8", headers=headers
    )


def sha(data: bytes) -> str:
    return f'"{hashlib.sha256(data).hexdigest()}"'


# Happy paths


def test_the_listing_shows_the_copy_sorted_with_changed_and_readonly_marks(client, lab):
    response = client.get(f"{API}/files")
    assert response.status_code == 200
    files = response.json()["files"]
    assert [f["path"] for f in files] == [
        "data.bin",
        "greet.py",
        "latin1.txt",
        "pristine.txt",
        "spawner.py",
        "tools/run.py",
    ]
    by_path = {f["path"]: f for f in files}
    assert by_path["pristine.txt"] == {
        "path": "pristine.txt",
        "size": 9,
        "changed": False,
        "readonly": False,
    }
    assert by_path["greet.py"]["readonly"] and by_path["tools/run.py"]["readonly"]


def test_reading_a_file_answers_its_text_and_etag(client, copy):
    response = client.get(f"{API}/files/pristine.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"pristine\n"
    assert response["ETag"] == sha(b"pristine\n")


def test_a_save_writes_the_copy_only_and_marks_the_file_changed(client, copy, lab):
    response = put(client, "pristine.txt", "edited ✓\n")
    assert response.status_code == 200
    assert response.json() == {"path": "pristine.txt", "size": 11, "changed": True}
    assert response["ETag"] == sha("edited ✓\n".encode())
    assert (copy / "pristine.txt").read_text() == "edited ✓\n"
    assert (lab / "pristine.txt").read_text() == "pristine\n"
    listed = {f["path"]: f for f in client.get(f"{API}/files").json()["files"]}
    assert listed["pristine.txt"]["changed"]
    # Saving the shipped text again makes it unchanged.
    assert put(client, "pristine.txt", "pristine\n").json()["changed"] is False


def test_new_files_are_made_where_the_author_allows_with_their_folders(client, copy):
    assert put(client, "notes.md", "# Notes\n").status_code == 200
    response = put(client, "notes/deep/er/idea.md", "idea\n")
    assert response.status_code == 200 and response.json()["changed"] is True
    assert (copy / "notes" / "deep" / "er" / "idea.md").read_text() == "idea\n"
    listed = [f["path"] for f in client.get(f"{API}/files").json()["files"]]
    assert "notes.md" in listed and "notes/deep/er/idea.md" in listed


def test_a_save_keeps_the_files_mode(client, copy):
    (copy / "spawner.py").chmod(0o755)
    assert put(client, "spawner.py", "print('x')\n").status_code == 200
    assert (copy / "spawner.py").stat().st_mode & 0o777 == 0o755


def test_reading_does_not_start_a_learner_session_but_saving_does(client, lab):
    client.get(f"{API}/files")
    client.get(f"{API}/files/pristine.txt")
    assert not LearnerSession.objects.exists()
    put(client, "pristine.txt", "mine\n")
    assert LearnerSession.objects.count() == 1


# If-Match: another window saved first


def test_a_save_with_the_current_etag_succeeds(client, copy):
    tag = client.get(f"{API}/files/pristine.txt")["ETag"]
    response = put(client, "pristine.txt", "one\n", **{"If-Match": tag})
    assert response.status_code == 200
    again = put(client, "pristine.txt", "two\n", **{"If-Match": response["ETag"]})
    assert again.status_code == 200
    assert put(client, "pristine.txt", "three\n", **{"If-Match": "*"}).status_code == 200


def test_a_save_over_a_newer_version_is_a_conflict_with_both_versions(client, copy):
    opened = client.get(f"{API}/files/pristine.txt")["ETag"]
    assert put(client, "pristine.txt", "other window\n").status_code == 200
    before = snapshot(copy)
    response = put(client, "pristine.txt", "this window\n", **{"If-Match": opened})
    assert response.status_code == 409
    data = response.json()
    assert "changed since" in data["error"]
    assert data["current"] == "other window\n" and data["etag"] == sha(b"other window\n")
    assert snapshot(copy) == before


def test_a_save_over_a_file_deleted_since_is_a_conflict(client, copy):
    opened = client.get(f"{API}/files/pristine.txt")["ETag"]
    (copy / "pristine.txt").unlink()
    response = put(client, "pristine.txt", "back\n", **{"If-Match": opened})
    assert response.status_code == 409
    assert response.json()["current"] is None and response.json()["etag"] is None
    assert not (copy / "pristine.txt").exists()


# Revert and diff


def test_revert_brings_the_pristine_version_back(client, copy):
    put(client, "pristine.txt", "edited\n")
    response = client.post(f"{API}/files/pristine.txt/revert")
    assert response.status_code == 200
    assert response.json() == {"path": "pristine.txt", "size": 9, "changed": False}
    assert response["ETag"] == sha(b"pristine\n")
    assert (copy / "pristine.txt").read_text() == "pristine\n"


def test_revert_restores_a_read_only_file_a_demo_changed(client, copy, lab):
    (copy / "greet.py").write_text("changed by a demo\n")
    assert client.post(f"{API}/files/greet.py/revert").status_code == 200
    assert (copy / "greet.py").read_bytes() == (lab / "greet.py").read_bytes()


def test_revert_restores_a_file_deleted_from_the_copy(client, copy):
    (copy / "tools" / "run.py").unlink()
    (copy / "tools").rmdir()
    assert client.post(f"{API}/files/tools/run.py/revert").status_code == 200
    assert (copy / "tools" / "run.py").read_text() == "print('run')\n"


def test_revert_deletes_a_file_the_learner_made(client, copy):
    put(client, "notes/mine.md", "mine\n")
    response = client.post(f"{API}/files/notes/mine.md/revert")
    assert response.status_code == 200
    assert response.json() == {"path": "notes/mine.md", "deleted": True}
    assert not (copy / "notes" / "mine.md").exists()
    assert client.post(f"{API}/files/notes/mine.md/revert").status_code == 404


def test_the_diff_runs_from_the_pristine_version_to_the_copy(client, copy):
    assert client.get(f"{API}/files/pristine.txt/diff").json() == {"diff": ""}
    put(client, "pristine.txt", "pristine\nand more")
    diff = client.get(f"{API}/files/pristine.txt/diff").json()["diff"]
    assert diff == (
        "--- a/pristine.txt\n+++ b/pristine.txt\n@@ -1 +1,2 @@\n pristine\n+and more\n"
        "\\ No newline at end of file\n"
    )
    put(client, "notes.md", "new\n")
    new = client.get(f"{API}/files/notes.md/diff").json()["diff"]
    assert new.startswith("--- /dev/null\n+++ b/notes.md\n") and new.endswith("+new\n")


# Solutions


def test_a_solution_shows_its_diff_against_the_learners_files(client, copy):
    put(client, "pristine.txt", "my attempt\n")
    response = client.get(f"{API}/solutions/step-one")
    assert response.status_code == 200
    files = {f["path"]: f["diff"] for f in response.json()["files"]}
    assert list(files) == ["greet.py", "notes/answer.md", "pristine.txt"]
    assert "-my attempt\n+solved\n" in files["pristine.txt"]
    assert files["notes/answer.md"].startswith("--- /dev/null\n+++ b/notes/answer.md\n")


def test_applying_a_solution_writes_every_file_read_only_ones_too(client, copy, lab):
    response = client.post(f"{API}/solutions/step-one/apply")
    assert response.status_code == 200
    assert response.json() == {"applied": ["greet.py", "notes/answer.md", "pristine.txt"]}
    assert (copy / "greet.py").read_text() == SOLVED_GREET
    assert (copy / "notes" / "answer.md").read_text() == SOLVED_ANSWER
    assert (copy / "pristine.txt").read_text() == SOLVED_PRISTINE
    assert (lab / "pristine.txt").read_text() == "pristine\n"
    diffs = client.get(f"{API}/solutions/step-one").json()["files"]
    assert all(f["diff"] == "" for f in diffs)


def test_a_solution_that_fails_half_way_puts_everything_back(client, copy, monkeypatch):
    put(client, "pristine.txt", "my attempt\n")
    before = snapshot(copy)
    real_replace = os.replace
    calls = []

    def replace_then_fail(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the last file of three: two are already in
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    with pytest.raises(OSError, match="No space"):
        apply_solution(open_workspace("lab", ""), "step-one")
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(copy) == before
    assert not any(PARTIAL_SUFFIX in name for name in os.listdir(copy))


def test_an_unknown_solution_is_404(client, copy):
    for step in ("step-two", "..", ".", "step one"):
        assert client.get(f"{API}/solutions/{step}").status_code == 404
        assert client.post(f"{API}/solutions/{step}/apply").status_code == 404


def test_a_solution_over_the_limits_applies_nothing(client, copy, lab):
    overlay = lab / ".fieldguide" / "solutions" / "step-one"
    before = snapshot(copy)
    (overlay / "zz-big.txt").write_bytes(b"x" * (FILE_LIMIT + 1))
    assert client.post(f"{API}/solutions/step-one/apply").status_code == 413
    (overlay / "zz-big.txt").write_bytes(b"\x00binary")
    assert client.post(f"{API}/solutions/step-one/apply").status_code == 415
    assert snapshot(copy) == before


def test_a_solution_does_not_write_through_a_symlink_in_the_copy(client, copy, outside):
    (copy / "notes").symlink_to(outside, target_is_directory=True)
    before, outside_before = snapshot(copy), snapshot(outside)
    response = client.post(f"{API}/solutions/step-one/apply")
    assert response.status_code == 403 and "symbolic link" in response.json()["error"]
    assert client.get(f"{API}/solutions/step-one").status_code == 403
    assert snapshot(copy) == before and snapshot(outside) == outside_before


# The author's folder


def test_the_authors_folder_is_not_copied_and_not_reachable(client, copy, lab):
    assert not (copy / ".fieldguide").exists()
    assert not (reset("lab") / ".fieldguide").exists()
    before = snapshot(copy)
    for path in (
        ".fieldguide/workspace.toml",
        ".fieldguide/solutions/step-one/greet.py",
        ".FieldGuide/workspace.toml",
    ):
        assert client.get(f"{API}/files/{path}").status_code == 404
        assert put(client, path, "x").status_code == 404
        assert client.post(f"{API}/files/{path}/revert").status_code == 404
        assert client.get(f"{API}/files/{path}/diff").status_code == 404
    assert snapshot(copy) == before
    # One a demo made in the copy is left out too.
    (copy / ".fieldguide").mkdir()
    (copy / ".fieldguide" / "planted.txt").write_text("x")
    before = snapshot(copy)
    assert client.get(f"{API}/files/.fieldguide/planted.txt").status_code == 404
    listed = [f["path"] for f in client.get(f"{API}/files").json()["files"]]
    assert not any(p.startswith(".fieldguide") for p in listed)
    assert snapshot(copy) == before


# The refusal table: every case answers JSON, and nothing in the copy changes.

BIG = b"x" * (FILE_LIMIT + 1)
REFUSALS = [
    # (what, method, path, body, status)
    ("dot-dot", "PUT", "../escape.txt", "x", 400),
    ("dot-dot inside", "PUT", "notes/../../escape.txt", "x", 400),
    ("dot segment", "PUT", "notes/./a.md", "x", 400),
    ("absolute", "PUT", "/tmp/escape.txt", "x", 400),
    ("absolute read", "GET", "/etc/passwd", None, 400),
    ("backslash", "PUT", "notes%5C..%5Cescape.txt", "x", 400),
    ("NUL", "PUT", "notes/a%00.md", "x", 400),
    ("empty segment", "PUT", "notes//a.md", "x", 400),
    ("trailing slash", "PUT", "notes/", "x", 400),
    ("colon (Windows streams)", "PUT", "notes.md:stream", "x", 400),
    ("a file as a folder", "PUT", "pristine.txt/x.md", "x", 400),
    ("a folder as a file", "GET", "tools", None, 400),
    ("over 1 MiB", "PUT", "pristine.txt", BIG, 413),
    ("NUL bytes", "PUT", "pristine.txt", b"text\x00more", 415),
    ("not UTF-8", "PUT", "pristine.txt", "café".encode("latin-1"), 415),
    ("read binary", "GET", "data.bin", None, 415),
    ("read non-UTF-8", "GET", "latin1.txt", None, 415),
    ("new file outside writable", "PUT", "elsewhere.md", "x", 403),
    ("new file beside a writable file", "PUT", "notes.md.bak", "x", 403),
    ("new folder outside writable", "PUT", "tools2/x.py", "x", 403),
    ("read-only file", "PUT", "greet.py", "x", 403),
    ("read-only by pattern", "PUT", "tools/run.py", "x", 403),
    ("read-only pattern, new file", "PUT", "tools/new.py", "x", 403),
    ("missing file", "GET", "nothing.txt", None, 404),
    ("revert of nothing", "POST", "nothing.txt/revert", None, 404),
    ("diff of nothing", "GET", "nothing.txt/diff", None, 404),
    ("author's folder", "GET", ".fieldguide/workspace.toml", None, 404),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_every_refusal_answers_json_and_writes_nothing(client, copy, method, path, body, status):
    before = snapshot(copy)
    url = f"{API}/files/{path}"
    if method == "PUT":
        response = put(client, path, body)
    elif method == "POST":
        response = client.post(url)
    else:
        response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert snapshot(copy) == before
    assert not (copy.parent / "escape.txt").exists()


def test_an_unknown_workspace_is_404_and_makes_nothing(client, lab, settings):
    for name in ("nope", "LAB", "lab..", "-lab"):
        assert client.get(f"/api/workspaces/{name}/files").status_code == 404
        response = client.put(
            f"/api/workspaces/{name}/files/notes.md", b"x", content_type="text/plain"
        )
        assert response.status_code == 404 and response.json()["error"]
    assert list(settings.HOME.workspaces.iterdir()) == []


def test_a_body_over_the_limit_is_refused_even_if_its_length_header_lies(copy):
    ws = open_workspace("lab", "")
    before = snapshot(copy)
    with pytest.raises(TooLarge):
        save_file(ws, "pristine.txt", BIG)
    assert snapshot(copy) == before


def test_a_workspace_over_50_mib_after_the_write_is_refused(client, copy):
    used = sum(s.st_size for _, s in walk_files(copy))
    with (copy / "notes.log").open("wb") as handle:  # sparse: a large size that costs nothing
        handle.truncate(WORKSPACE_LIMIT - used - 10)
    before = snapshot(copy)
    grown = put(client, "pristine.txt", "pristine\n" + "x" * 11)
    assert grown.status_code == 413 and "50 MiB" in grown.json()["error"]
    assert put(client, "notes.md", "x" * 11).status_code == 413
    assert snapshot(copy) == before
    assert put(client, "pristine.txt", "PRISTINE\n").status_code == 200  # same size: fits


def test_a_symlink_in_the_copy_is_never_followed(client, copy, outside):
    (copy / "escape.txt").symlink_to(outside / "secret.txt")
    (copy / "linked").symlink_to(outside, target_is_directory=True)
    (copy / "alias.txt").symlink_to(copy / "pristine.txt")  # pointing inside: refused too
    before, outside_before = snapshot(copy), snapshot(outside)
    for path in ("escape.txt", "linked/secret.txt", "alias.txt"):
        for response in (
            client.get(f"{API}/files/{path}"),
            put(client, path, "overwritten\n"),
            client.post(f"{API}/files/{path}/revert"),
            client.get(f"{API}/files/{path}/diff"),
        ):
            assert response.status_code == 403, (path, response.content)
            assert "symbolic link" in response.json()["error"]
    assert put(client, "linked/new.md", "x").status_code == 403
    listed = [f["path"] for f in client.get(f"{API}/files").json()["files"]]
    assert not {"escape.txt", "alias.txt"} & set(listed)
    assert not any(p.startswith("linked") for p in listed)
    assert snapshot(copy) == before and snapshot(outside) == outside_before


def test_a_copy_that_is_itself_a_symlink_is_refused(client, lab, settings, outside):
    (settings.HOME.workspaces / "lab").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    assert client.get(f"{API}/files").status_code == 403
    assert put(client, "notes.md", "x").status_code == 403
    assert snapshot(outside) == before


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", f"{API}/files"),
        ("get", f"{API}/files/pristine.txt"),
        ("put", f"{API}/files/pristine.txt"),
        ("post", f"{API}/files/pristine.txt/revert"),
        ("get", f"{API}/files/pristine.txt/diff"),
        ("get", f"{API}/solutions/step-one"),
        ("post", f"{API}/solutions/step-one/apply"),
    ],
)
def test_a_request_without_the_launch_token_is_refused(anonymous_client, copy, method, url):
    before = snapshot(copy)
    if method == "get":
        response = anonymous_client.get(url)
    else:
        response = getattr(anonymous_client, method)(url, b"x", content_type="text/plain")
    assert response.status_code == 403
    assert snapshot(copy) == before


# The author's settings


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ("writable = [", "workspace.toml: cannot be read"),
        ('writeable = ["notes/"]', "unknown key 'writeable'"),
        ('writable = "notes/"', "'writable' must be a list"),
        ("readonly = [1]", "'readonly' must be a list"),
        ('writable = ["../up/"]', "'writable': The path '../up'"),
        ('readonly = ["/etc/*"]', "'readonly': The path '/etc/*' is absolute"),
        ('writable = [".fieldguide/"]', "'writable': '.fieldguide/' is Fieldguide's own"),
        ('writable = ["notes/*.md"]', "'writable': 'notes/*.md': patterns are for 'readonly'"),
    ],
)
def test_bad_settings_name_the_file_and_the_key(client, lab, settings, toml, named):
    (lab / ".fieldguide" / "workspace.toml").write_text(toml)
    with pytest.raises(WorkspaceSettingsError, match=r"workspace\.toml") as raised:
        load_settings(lab)
    assert named in str(raised.value)
    response = client.get(f"{API}/files")
    assert response.status_code == 500 and named in response.json()["error"]
    assert not (settings.HOME.workspaces / "lab").exists()  # no copy made from it


def test_a_shipped_file_deleted_from_the_copy_may_be_saved_again(client, copy):
    (copy / "spawner.py").unlink()
    assert put(client, "spawner.py", "print('again')\n").status_code == 200


def test_without_settings_existing_files_are_editable_and_no_file_is_new(client, lab):
    (lab / ".fieldguide" / "workspace.toml").unlink()
    assert put(client, "greet.py", "print('mine')\n").status_code == 200
    assert put(client, "notes.md", "x").status_code == 403


# Atomic saves

WRITER = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from fieldguide.demos.atomic_files import write_atomically
    target = Path(sys.argv[1])
    versions = [b"a" * int(sys.argv[2]), b"b" * int(sys.argv[2])]
    write_atomically(target, versions[1])
    print("ready", flush=True)
    n = 0
    while True:
        write_atomically(target, versions[n % 2])
        n += 1
""")


@pytest.mark.parametrize("attempt", range(6))
def test_a_save_killed_mid_way_leaves_the_old_file_or_the_new_one(tmp_path, attempt):
    size = 8 * 1024 * 1024  # long enough to write that a kill often lands mid-file
    target = tmp_path / "big.txt"
    target.write_bytes(b"a" * size)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), str(size)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "site")},
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(0.005 + 0.037 * attempt)  # kills spread over a write's whole cycle
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
    assert writer.returncode == -signal.SIGKILL
    assert target.read_bytes() in (b"a" * size, b"b" * size)
    # A leftover of the write it interrupted is never listed as a file.
    assert [path for path, _ in walk_files(tmp_path)] == ["big.txt"]


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "file.txt"
    target.write_text("old\n")
    monkeypatch.setattr(os, "replace", lambda *_: (_ for _ in ()).throw(OSError("full")))
    with pytest.raises(OSError):
        atomic_files.write_atomically(target, b"new\n")
    assert os.listdir(tmp_path) == ["file.txt"] and target.read_text() == "old\n"
