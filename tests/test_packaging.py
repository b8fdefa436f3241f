"""The offline bundle: built from the local interpreter laid out like python-build-standalone,
copied elsewhere and verified there; the pinned-download path; first launch and upgrades; and
every bad input refused with nothing left behind."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.servers import ROOT, read_first_line

PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
from bundler import manifest  # noqa: E402
from bundler.interpreter import copy_home  # noqa: E402
from bundler.pins import host_platform  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle tests run on Linux"),
]
LOCAL_PYTHON = Path(sys.base_prefix)


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELDGUIDE_"))}


def build_bundle(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PACKAGING / "build_bundle.py"), *map(str, args)],
        capture_output=True, text=True, env=clean_env(), timeout=900,
    )  # fmt: skip


def verify_bundle(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(PACKAGING / "verify_bundle.py"), *map(str, args)],
        capture_output=True, text=True, env=clean_env(), timeout=600,
    )  # fmt: skip


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial-" in p.name or ".work-" in p.name)


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The locked wheels, fetched once, so the bundles below build offline (--wheelhouse)."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--only-binary", ":all:", "--require-hashes", "-r", str(ROOT / "requirements.lock"),
         "-d", str(folder)],
        check=True, capture_output=True, env=clean_env(),
    )  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, wheelhouse: Path) -> dict:
    folder = tmp_path_factory.mktemp("built")
    out, report = folder / "bundle", folder / "report.json"
    result = build_bundle(
        "--out", out, "--python-home", LOCAL_PYTHON, "--wheelhouse", wheelhouse,
        "--report-json", report,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    return {"out": out, "report": json.loads(report.read_text()), "stdout": result.stdout}


def test_the_bundle_carries_interpreter_app_artefacts_and_version(built):
    out = built["out"]
    assert (out / "python" / "bin" / "python3").is_file()  # where the shell looks for it
    assert (out / "run_django.py").is_file()
    assert (out / "site" / "fieldguide" / "urls.py").is_file()
    assert (out / "content" / "demos.toml").is_file()
    assert (out / "build" / "home-template" / "db.sqlite3").is_file()
    static = out / "build" / "static"
    assert (static / "staticfiles.json").is_file()
    assert list(static.rglob("*.css.gz")), "static files are compressed"
    from fieldguide import __version__

    assert (out / "VERSION").read_text().strip() == __version__
    imported = subprocess.run(
        [str(out / "python" / "bin" / "python3"), "-I", "-c", "import django, wagtail, PIL"],
        capture_output=True, text=True, env={},
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr


def test_the_manifest_lists_every_file_with_size_and_sha256(built):
    out = built["out"]
    listed = json.loads((out / "manifest.json").read_text())
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(listed["files"]) == on_disk - {"manifest.json"}
    entry = listed["files"]["run_django.py"]
    assert entry["size"] == (out / "run_django.py").stat().st_size
    assert entry["sha256"] == hashlib.sha256((out / "run_django.py").read_bytes()).hexdigest()
    assert listed["python_source"].startswith("local interpreter")
    assert not [p for p in out.rglob("*") if p.is_symlink()]


def test_the_bundle_is_pruned_and_compiled(built):
    out = built["out"]
    lib = out / "python" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    packages = lib / "site-packages"
    assert not (lib / "test").exists() and not (lib / "tkinter").exists()
    assert not (packages / "pip").exists() and not list(packages.glob("setuptools*"))
    assert not list(packages.rglob("tests"))
    assert (packages / "django" / "test").is_dir(), "demos use Django's test client"
    assert not (packages / "wagtail" / "admin" / "static").exists(), "collected into build/"
    assert (packages / "django" / "conf" / "locale" / "en").is_dir()
    assert not (packages / "django" / "conf" / "locale" / "fr").exists()
    assert not (out / "python" / "include").exists()
    assert sorted(p.name for p in (out / "python" / "bin").iterdir()) == ["python3"]
    # Hash-based, unchecked bytecode: valid whatever mtimes an installer leaves.
    pyc = next((out / "site" / "fieldguide" / "__pycache__").glob("urls.*.pyc"))
    flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
    assert flags == 0b01


def test_the_size_report_measures_every_component(built):
    report = built["report"]
    names = {c["name"] for c in report["components"]}
    assert {"python", "site", "content", "build", "run_django.py", "VERSION"} <= names
    assert all(c["xz_bytes"] > 0 for c in report["components"])
    assert report["total_xz_bytes"] < report["total_bytes"]
    assert report["total_xz_bytes"] <= 60_000_000, "the payload target is 60 MB as tar.xz"
    assert "MB tar.xz" in built["stdout"] and "total" in built["stdout"]


def test_a_copy_of_the_bundle_verifies_in_a_scrubbed_environment(built, tmp_path):
    copy = tmp_path / "elsewhere" / "fieldguide"
    shutil.copytree(built["out"], copy)
    result = verify_bundle(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "network: isolated" in out or "network NOT isolated" in out
    assert "ready line" in out and "step page" in out
    assert "ran to success through the run API" in out
    assert "nothing left running" in out
    assert out.strip().endswith("verified")


def test_verify_refuses_a_changed_missing_or_extra_runnable_file(built, tmp_path):
    copy = tmp_path / "bundle"
    shutil.copytree(built["out"], copy)
    (copy / "notes.txt").write_text("an organiser's note")
    assert verify_bundle(copy, "--manifest-only").returncode == 0

    with (copy / "site" / "fieldguide" / "urls.py").open("a") as handle:
        handle.write("\n# tampered\n")
    (copy / "content" / "demos.toml").unlink()
    (copy / "site" / "sneaky.py").write_text("print('hello')\n")
    result = verify_bundle(copy, "--manifest-only")
    assert result.returncode == 1
    assert "changed: site/fieldguide/urls.py" in result.stdout
    assert "missing: content/demos.toml" in result.stdout
    assert "extra file that could run: site/sneaky.py" in result.stdout
    assert "NOT verified" in result.stdout


def start(bundle: Path, home: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(bundle / "python" / "bin" / "python3"), str(bundle / "run_django.py"),
         "--home", str(home), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={"FIELDGUIDE_LAUNCH_TOKEN": "upgrade-test"},
    )  # fmt: skip
    assert read_first_line(process, 120, home)["event"] == "ready"
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    assert process.wait(timeout=30) == 0


def manage(bundle: Path, home: Path, *args: str) -> str:
    result = subprocess.run(
        [str(bundle / "python" / "bin" / "python3"), str(bundle / "run_django.py"),
         "--home", str(home), "manage", *args],
        capture_output=True, text=True, env={},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_first_launch_copies_the_template_and_an_upgrade_migrates_keeping_everything(
    built, tmp_path
):
    bundle = tmp_path / "installed"
    shutil.copytree(built["out"], bundle)
    home = tmp_path / "user-data"

    stop(start(bundle, home))  # first launch: the template becomes the home's database
    assert (home / "db.sqlite3").is_file() and not list((home / "backups").iterdir())

    # The home as the previous release left it: a learner's progress, an instructor's edit in
    # the CMS, and a schema without the page-cache table that this release added.
    manage(bundle, home, "shell", "-c", (
        "from fieldguide.lessons.models import StepPage;"
        "from fieldguide.learners.models import LearnerSession;"
        "from fieldguide.progress.models import StepCompletion;"
        "step = StepPage.objects.order_by('path').first();"
        "learner = LearnerSession.objects.create(key='learner-7');"
        "StepCompletion.objects.create(learner=learner, step=step);"
        "step.title = 'Edited by the instructor'; step.save_revision().publish()"
    ))  # fmt: skip
    manage(bundle, home, "migrate", "core", "zero", "--no-input")
    (home / "schema.fingerprint").write_text("the-previous-release\n")

    stop(start(bundle, home))  # the newer build starts on the older home

    backups = list((home / "backups").glob("db-*.sqlite3"))
    assert len(backups) == 1
    applied = "SELECT COUNT(*) FROM django_migrations WHERE app='core'"
    with sqlite3.connect(backups[0]) as before:
        assert before.execute(applied).fetchone() == (0,)
    with sqlite3.connect(home / "db.sqlite3") as after:
        assert after.execute(applied).fetchone() == (1,)
        assert after.execute("SELECT learner FROM progress_stepcompletion").fetchall() == [
            ("learner-7",)
        ]
        titles = [row[0] for row in after.execute("SELECT title FROM wagtailcore_page")]
        assert "Edited by the instructor" in titles

    # The install folder was never written to.
    check = manifest.check(bundle, manifest.load(bundle))
    assert check.ok and not check.extra_other, check.problems() + check.extra_other


def pbs_like_archive(folder: Path) -> Path:
    """The local interpreter laid out like a python-build-standalone install_only archive."""
    layout = folder / "layout"
    copy_home(LOCAL_PYTHON, layout)
    archive = folder / "cpython-local-install_only.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        tar.add(layout / "python", arcname="python")
    shutil.rmtree(layout)
    return archive


def pins_file(folder: Path, url: str, sha256: str, platform: str | None = None) -> Path:
    pins = folder / "python.toml"
    pins.write_text(
        f'[python]\nversion = "local"\n\n[platforms.{platform or host_platform()}]\n'
        f'url = "{url}"\nsha256 = "{sha256}"\n'
    )
    return pins


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_pinned_archive_is_downloaded_checked_and_used(tmp_path, wheelhouse):
    archive = pbs_like_archive(tmp_path)
    pins = pins_file(tmp_path, archive.as_uri(), sha256(archive))
    out = tmp_path / "bundle"
    result = build_bundle(
        "--out", out, "--pins", pins, "--wheelhouse", wheelhouse, "--no-size-report"
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert f"Downloading {archive.as_uri()}" in result.stderr
    listed = json.loads((out / "manifest.json").read_text())
    assert listed["python_source"] == f"python-build-standalone local sha256:{sha256(archive)}"
    assert leftovers(tmp_path) == []


def test_a_wrong_checksum_refuses_to_build(tmp_path):
    archive = tmp_path / "python.tar.gz"
    archive.write_bytes(b"not the archive that was pinned")
    pins = pins_file(tmp_path, archive.as_uri(), "0" * 64)
    result = build_bundle("--out", tmp_path / "bundle", "--pins", pins)
    assert result.returncode == 1
    assert f"{archive.as_uri()} has sha256 {sha256(archive)}" in result.stderr
    assert "Refusing to build" in result.stderr
    assert not (tmp_path / "bundle").exists() and leftovers(tmp_path) == []


def corrupt_archive(folder: Path) -> tuple[list[str], str]:
    archive = folder / "corrupt.tar.gz"
    archive.write_bytes(b"\x1f\x8b" + os.urandom(4096))
    pins = pins_file(folder, archive.as_uri(), sha256(archive))
    return ["--pins", str(pins), "--python-archive", str(archive)], f"{archive} is corrupt"


def foreign_archive(folder: Path) -> tuple[list[str], str]:
    archive = folder / "foreign.tar.gz"
    (folder / "notes.txt").write_text("no interpreter here")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder / "notes.txt", arcname="stuff/notes.txt")
    pins = pins_file(folder, archive.as_uri(), sha256(archive))
    return (
        ["--pins", str(pins), "--python-archive", str(archive)],
        f"{archive} is not a python-build-standalone install_only archive",
    )


def missing_archive(folder: Path) -> tuple[list[str], str]:
    archive = folder / "nowhere.tar.gz"
    pins = pins_file(folder, archive.as_uri(), "0" * 64)
    return (
        ["--pins", str(pins), "--python-archive", str(archive)],
        f"Cannot read the Python archive {archive}",
    )


def unpinned_platform(folder: Path) -> tuple[list[str], str]:
    pins = pins_file(folder, "file:///nowhere", "0" * 64, platform="plan9-mips")
    return ["--pins", str(pins)], f"{pins} has no archive for platform '{host_platform()}'"


def empty_wheelhouse(folder: Path) -> tuple[list[str], str]:
    wheels = folder / "wheels"
    wheels.mkdir()
    return (
        ["--python-home", str(LOCAL_PYTHON), "--wheelhouse", str(wheels)],
        f"The wheelhouse {wheels} has no wheel for",
    )


def existing_out(folder: Path) -> tuple[list[str], str]:
    (folder / "bundle").mkdir()
    (folder / "bundle" / "keep.txt").write_text("an earlier build")
    return ["--python-home", str(LOCAL_PYTHON)], "already exists; pass --force"


@pytest.mark.parametrize(
    "case",
    [corrupt_archive, foreign_archive, missing_archive, unpinned_platform, empty_wheelhouse,
     existing_out],
)  # fmt: skip
def test_bad_input_names_the_file_and_leaves_no_half_written_output(tmp_path, case):
    args, expected = case(tmp_path)
    result = build_bundle("--out", tmp_path / "bundle", *args)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert leftovers(tmp_path) == []
    if case is existing_out:
        assert (tmp_path / "bundle" / "keep.txt").read_text() == "an earlier build"
    else:
        assert not (tmp_path / "bundle").exists()


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node for the shell's modules")
def test_the_shell_finds_and_accepts_the_bundled_interpreter(built, tmp_path):
    resources = tmp_path / "resources"  # an installed app's resources folder
    shutil.copytree(built["out"], resources / "fieldguide")
    script = (
        "const { resolvePython } = require(process.argv[1]);"
        "console.log(JSON.stringify(resolvePython({ resourcesPath: process.argv[2], env: {} })));"
    )
    result = subprocess.run(
        ["node", "-e", script, str(ROOT / "electron" / "lib" / "python.js"), str(resources)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    resolved = json.loads(result.stdout)
    assert resolved["python"] == str(resources / "fieldguide" / "python" / "bin" / "python3")
    assert resolved["tried"][0] == {
        "source": "bundled", "path": resolved["python"], "ok": True, "reason": None,
    }  # fmt: skip
