"""Lesson packs on real homes: a round trip between two machines, and every refusal leaving the
database exactly as it was, to the byte."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import environment_for_servers
from tests.pack_fixtures import field_notes, pack_bytes, tiny_tutorial
from tests.servers import ROOT

pytestmark = pytest.mark.slow


def manage(home: Path, env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "run_django.py"), "--home", str(home), "manage",
         *map(str, args)],
        capture_output=True, text=True, env=env, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def database_bytes(home: Path) -> bytes:
    return b"".join(
        (home / name).read_bytes() if (home / name).exists() else b""
        for name in ("db.sqlite3", "db.sqlite3-wal")
    )


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def env(build_dir: Path) -> dict[str, str]:
    return environment_for_servers(build_dir)


def test_a_pack_round_trip_between_two_machines(tmp_path, env):
    author, seat = tmp_path / "author-home", tmp_path / "seat-home"
    sources = tmp_path / "sources"
    ok(manage(author, env, "load_content", field_notes(sources)))
    pack = tmp_path / "workshop.fgpack"
    exported = ok(manage(author, env, "export_pack", "--tutorial", "field-notes",
                         "--tutorial", "first-django-project", "--out", pack))  # fmt: skip
    assert "2 tutorials" in exported

    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        for name, entry in manifest["files"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == entry["sha256"]
    assert manifest["format_version"] == 1 and manifest["app_version"]
    assert [t["slug"] for t in manifest["tutorials"]] == ["first-django-project", "field-notes"]
    assert {"django-version", "startapp"} <= set(manifest["demo_ids"])
    assert manifest["workspaces"] == ["django-starter"]
    assert "workspaces/django-starter/manage.py" in names
    assert not any(name.endswith("demos.toml") for name in names), "never demo definitions"

    imported = ok(manage(seat, env, "import_pack", pack, "--noinput"))
    assert "add the tutorial field-notes" in imported
    assert "update the tutorial first-django-project" in imported
    assert (seat / "imported-workspaces" / "django-starter" / "manage.py").is_file()

    # Pages and images are equal: both homes dump to the same lesson sources, byte for byte.
    for home in (author, seat):
        ok(manage(home, env, "dump_content", tmp_path / f"dump-{home.name}"))
    for slug in ("field-notes", "first-django-project"):
        before = tree(tmp_path / "dump-author-home" / "tutorials" / slug)
        assert before == tree(tmp_path / "dump-seat-home" / "tutorials" / slug)
    seat_dump = tmp_path / "dump-seat-home" / "tutorials"
    assert {"images/cover.png", "images/chart.png"} <= set(before) | set(
        tree(seat_dump / "field-notes")
    )
    # The link between tutorials still leads somewhere on the new machine.
    step = (seat_dump / "field-notes" / "01-look-around.md").read_text()
    assert "(/first-django-project/check-your-tools/)" in step
    with sqlite3.connect(seat / "db.sqlite3") as db:
        paths = {row[0] for row in db.execute("SELECT url_path FROM wagtailcore_page")}
    assert "/tutorials/first-django-project/check-your-tools/" in paths


def symlink_entry() -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo("tutorials/tiny/images/link.png")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, b"/etc/passwd"


def refusals(tmp: Path) -> list[tuple[str, bytes, str]]:
    files = tiny_tutorial()
    good = pack_bytes(files)
    tampered = dict(files)
    # Same size, other bytes: only the checksum can tell.
    tampered["tutorials/tiny/01-only.md"] = tampered["tutorials/tiny/01-only.md"].replace(
        b"Hello.", b"Jello."
    )
    return [
        ("zip-slip", pack_bytes(files, extra=[("tutorials/../../escape.txt", b"x")]),
         "a path that leaves the pack"),
        ("absolute path", pack_bytes(files, extra=[("/tmp/absolute.txt", b"x")]),
         "an absolute path"),
        ("symlink", pack_bytes(files, extra=[symlink_entry()]), "a symbolic link"),
        ("zip bomb", pack_bytes(files, extra=[("tutorials/tiny/zeros.txt", bytes(64 << 20))]),
         "when unpacked (a zip bomb?)"),
        ("too many entries",
         pack_bytes(files, extra=[(f"tutorials/tiny/n{i}.txt", b"") for i in range(20_001)],
                    compress=zipfile.ZIP_STORED),
         "entries (the limit is 20000)"),
        ("checksum", pack_bytes(tampered, manifest={"files": json.loads(
            zipfile.ZipFile(_io(good)).read("manifest.json"))["files"]}),
         "its sha256 does not match the manifest"),
        ("unlisted file", pack_bytes(files, extra=[("tutorials/tiny/02-extra.md", b"x")]),
         "in the pack but not in its manifest"),
        ("unknown demos", pack_bytes(tiny_tutorial("::demo no-such-demo\n\n::demo rm-rf\n")),
         "unknown demo id: no-such-demo"),
        ("invalid lesson", pack_bytes({**files, "tutorials/tiny/01-only.md": b"no front matter"}),
         "tutorials/tiny/01-only.md:1: a lesson file starts with"),
        ("wrong format", pack_bytes(files, manifest={"format_version": 99}),
         "pack format 99"),
        ("no manifest", _zip({"tutorials/tiny/tutorial.md": b"x"}), "has no manifest.json"),
        ("not a zip", b"just some bytes, not a zip", "is not a lesson pack"),
    ]  # fmt: skip


def _io(data: bytes):
    import io

    return io.BytesIO(data)


def _zip(files: dict[str, bytes]) -> bytes:
    out = _io(b"")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def seat(tmp_path_factory, env) -> Path:
    home = tmp_path_factory.mktemp("refusals") / "home"
    # Seeds the home from the template and opens its database once, as any start does (that
    # first connection switches it to WAL mode, a one-time header change).
    ok(manage(home, env, "export_progress"))
    return home


CASES = [case[0] for case in refusals(Path())]


@pytest.mark.parametrize("case", CASES)
def test_every_refusal_leaves_the_database_byte_for_byte_unchanged(seat, env, tmp_path, case):
    _, data, expected = next(c for c in refusals(tmp_path) if c[0] == case)
    pack = tmp_path / f"{case.replace(' ', '-')}.fgpack"
    pack.write_bytes(data)
    before = database_bytes(seat)
    workspaces_before = sorted((seat / "imported-workspaces").rglob("*")) if (
        seat / "imported-workspaces").exists() else []  # fmt: skip

    result = manage(seat, env, "import_pack", pack, "--noinput")

    assert result.returncode != 0
    assert expected in result.stderr, result.stderr
    assert "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert database_bytes(seat) == before
    assert (sorted((seat / "imported-workspaces").rglob("*")) if (
        seat / "imported-workspaces").exists() else []) == workspaces_before  # fmt: skip
    assert not (tmp_path / "escape.txt").exists() and not Path("/tmp/absolute.txt").exists()


def test_unknown_demos_are_all_listed(seat, env, tmp_path):
    pack = tmp_path / "ghosts.fgpack"
    pack.write_bytes(pack_bytes(tiny_tutorial("::demo no-such-demo\n\n::demo rm-rf\n")))
    result = manage(seat, env, "import_pack", pack, "--yes")  # the older spelling still works
    assert "unknown demo id: no-such-demo" in result.stderr
    assert "unknown demo id: rm-rf" in result.stderr
    assert "Packs never carry demo definitions" in result.stderr


def test_without_yes_and_without_a_terminal_nothing_is_applied(seat, env, tmp_path):
    pack = tmp_path / "tiny.fgpack"
    pack.write_bytes(pack_bytes(tiny_tutorial()))
    before = database_bytes(seat)
    result = manage(seat, env, "import_pack", pack)
    assert result.returncode != 0 and "add the tutorial tiny" in result.stdout
    assert "run again with --noinput" in result.stderr
    assert database_bytes(seat) == before


def notebook_content(root: Path) -> Path:
    """The shipped content, plus a workspace that no demo runs in: a tutorial shows it in a
    workspace panel only, and ships a solution for its step."""
    import shutil

    shutil.copytree(ROOT / "content", root, ignore=shutil.ignore_patterns("__pycache__"))
    notebook = root / "workspaces" / "notebook"
    (notebook / ".fieldguide" / "solutions" / "write-notes").mkdir(parents=True)
    (notebook / "notes.md").write_text("# Notes\n")
    (notebook / ".fieldguide" / "workspace.toml").write_text('writable = ["notes.md"]\n')
    (notebook / ".fieldguide" / "solutions" / "write-notes" / "notes.md").write_text(
        "# Notes\n\nTea needs no network.\n"
    )
    tutorial = root / "tutorials" / "notebook-tour"
    tutorial.mkdir(parents=True)
    (tutorial / "tutorial.md").write_text(
        "---\ntitle: Notebook tour\nsummary: Notes, written in the page.\naudience: Anyone\n---\n"
    )
    (tutorial / "01-write-notes.md").write_text(
        "---\ntitle: Write notes\n---\n\n::files notebook notes.md\n\n"
        ":::solution\nOne line is enough.\n:::\n"
    )
    return root


def test_a_pack_carries_the_workspaces_of_panels_with_settings_and_solutions(tmp_path, env):
    content = notebook_content(tmp_path / "content")
    author = {**env, "FIELDGUIDE_CONTENT_DIR": str(content)}
    home = tmp_path / "author-home"
    ok(manage(home, author, "load_content", content))
    pack = tmp_path / "panels.fgpack"
    ok(manage(home, author, "export_pack", "--tutorial", "notebook-tour",
              "--tutorial", "first-django-project", "--out", pack))  # fmt: skip
    with zipfile.ZipFile(pack) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
    # notebook: only a panel shows it; django-starter: the demos run in it, the panels too.
    assert manifest["workspaces"] == ["django-starter", "notebook"]
    assert {
        "workspaces/notebook/notes.md",
        "workspaces/notebook/.fieldguide/workspace.toml",
        "workspaces/notebook/.fieldguide/solutions/write-notes/notes.md",
        "workspaces/django-starter/.fieldguide/workspace.toml",
        "workspaces/django-starter/.fieldguide/solutions/create-an-app/starter/settings.py",
        "workspaces/django-starter/.fieldguide/solutions/run-the-checks/starter/urls.py",
    } <= names
    assert set(manifest["files"]) == names - {"manifest.json"}
