"""Build the bundle: interpreter, locked dependencies, app, artefacts, pruning, bytecode,
VERSION and manifest. Everything happens in a temporary sibling folder renamed into place at
the end, so a failed build leaves no half-written output."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bundler import interpreter, manifest, prune, sizes
from bundler.errors import BundleError
from bundler.pins import PINS_FILE, host_platform, load_pin

ROOT = Path(__file__).resolve().parents[2]
APP_PARTS = ("run_django.py", "site", "content")
NOT_SHIPPED = shutil.ignore_patterns(
    "__pycache__", "*.py[co]", ".pytest_cache", ".ruff_cache", ".DS_Store", "*.sqlite3*"
)


@dataclass
class Options:
    out: Path
    python_archive: Path | None = None
    python_home: Path | None = None
    pins: Path = PINS_FILE
    platform: str = field(default_factory=host_platform)
    wheelhouse: Path | None = None
    requirements: Path = ROOT / "requirements.lock"
    keep_locales: set[str] = field(default_factory=lambda: {"en"})
    force: bool = False
    size_report: bool = True


def step(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def build(options: Options) -> dict[str, Any]:
    out = options.out.absolute()
    _check_options(options, out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.work-", dir=out.parent) as work:
            report = _build_into(staging, Path(work), options)
        _move_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report["out"] = str(out)
    return report


def _check_options(options: Options, out: Path) -> None:
    if out.exists() and not options.force:
        raise BundleError(f"--out {out} already exists; pass --force to replace it.")
    if options.python_home and options.python_archive:
        raise BundleError("Give --python-archive or --python-home, not both.")
    if options.platform != host_platform():
        raise BundleError(
            f"--platform {options.platform}: a bundle is built on the platform it is for "
            f"(this machine is {host_platform()}), because its interpreter installs and "
            "compiles the dependencies."
        )
    if options.wheelhouse and not options.wheelhouse.is_dir():
        raise BundleError(f"--wheelhouse {options.wheelhouse} is not a folder.")
    if not options.requirements.is_file():
        raise BundleError(f"The requirements file {options.requirements} does not exist.")


def _build_into(staging: Path, work: Path, options: Options) -> dict[str, Any]:
    python_root, source = _interpreter(staging, work, options)
    python = interpreter.interpreter(python_root)
    info = interpreter.describe(python)
    stdlib, purelib = Path(info["stdlib"]), Path(info["purelib"])
    version = ".".join(map(str, info["version"]))

    step(f"Installing {options.requirements.name} into Python {version}")
    _install_requirements(python, options)
    step("Copying Fieldguide")
    for part in APP_PARTS:
        source_path = ROOT / part
        if source_path.is_dir():
            shutil.copytree(source_path, staging / part, ignore=NOT_SHIPPED)
        else:
            shutil.copy2(source_path, staging / part)
    step("Building static files (with the code editor bundle) and the database template")
    with _npm_packages_lent_to(staging):
        _run_bundled(python, staging, "build", "--force", home=None)
    _check_editor_bundle(staging)

    step("Pruning")
    pruned = {
        "caches": prune.caches(staging),
        "interpreter extras": prune.interpreter_extras(python_root, stdlib, python),
        "build tools": prune.build_tools(purelib),
        "package tests": prune.package_tests(purelib),
        "package static (collected)": prune.package_static(purelib),
        "translations": prune.locales(purelib, options.keep_locales),
    }
    prune.symlinks_to_files(staging)
    step("Checking the pruned bundle (manage check)")
    _run_bundled(python, staging, "manage", "check", home=work / "check-home")
    prune.caches(staging)
    step("Compiling bytecode")
    _compile(python, [stdlib, purelib, staging / "site"])

    app_version = _app_version()
    (staging / "VERSION").write_text(app_version + "\n")
    written = manifest.write(
        staging,
        {
            "name": "fieldguide",
            "version": app_version,
            "platform": options.platform,
            "python": version,
            "python_source": source,
            "keep_locales": sorted(options.keep_locales),
            "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        },
    )
    report: dict[str, Any] = {
        "version": app_version,
        "platform": options.platform,
        "python": version,
        "files": len(written["files"]),
        "pruned_bytes": pruned,
    }
    if options.size_report:
        step("Measuring (tar.xz per component)")
        components = sizes.report(staging)
        report["components"] = [c.__dict__ for c in components]
        report["total_bytes"] = sum(c.bytes for c in components)
        report["total_xz_bytes"] = sum(c.xz_bytes for c in components)
        report["table"] = sizes.as_table(components)
    return report


def _interpreter(staging: Path, work: Path, options: Options) -> tuple[Path, str]:
    if options.python_home:
        step(f"Copying the local interpreter {options.python_home} (development option)")
        root = interpreter.copy_home(options.python_home, staging)
        return root, "local interpreter (--python-home, development only)"
    pin = load_pin(options.pins, options.platform)
    if options.python_archive:
        step(f"Checking {options.python_archive}")
        archive = interpreter.check_archive(pin, options.python_archive)
    else:
        step(f"Downloading {pin.url}")
        archive = interpreter.download(pin, work / "python.tar.gz")
    step("Unpacking the interpreter")
    root = interpreter.extract(archive, staging)
    return root, f"python-build-standalone {pin.version} sha256:{pin.sha256}"


def _install_requirements(python: Path, options: Options) -> None:
    env = interpreter.clean_env()
    has_pip = subprocess.run(
        [str(python), "-I", "-B", "-m", "pip", "--version"], capture_output=True, env=env
    )
    if has_pip.returncode != 0:  # a --python-home copy has no site-packages; ensurepip is offline
        _checked([str(python), "-I", "-B", "-m", "ensurepip", "--default-pip"], env, "ensurepip")
    command = [
        str(python), "-I", "-B", "-m", "pip", "install", "--disable-pip-version-check",
        "--no-warn-script-location", "--no-compile", "--no-deps", "--require-hashes",
        "--only-binary", ":all:", "-r", str(options.requirements),
    ]  # fmt: skip
    if options.wheelhouse:
        command += ["--no-index", "--find-links", str(options.wheelhouse)]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode == 0:
        return
    missing = re.search(r"No matching distribution found for (\S+)", result.stderr)
    if missing and options.wheelhouse:
        raise BundleError(
            f"The wheelhouse {options.wheelhouse} has no wheel for {missing.group(1)} "
            f"(needed by {options.requirements.name}) for this platform and Python. Fill it "
            "with: pip download --only-binary :all: --require-hashes -r "
            f"{options.requirements.name} -d {options.wheelhouse}"
        )
    if missing:
        raise BundleError(f"No wheel of {missing.group(1)} for this platform and Python.")
    tail = "\n".join(result.stderr.strip().splitlines()[-15:])
    raise BundleError(f"Installing {options.requirements} into the bundle failed:\n{tail}")


def _run_bundled(python: Path, staging: Path, *args: str, home: Path | None) -> None:
    env = interpreter.clean_env()
    if home is not None:
        env["FIELDGUIDE_HOME"] = str(home)
    _checked(
        [str(python), "-I", "-B", str(staging / "run_django.py"), *args], env,
        f"run_django.py {' '.join(args)}",
    )  # fmt: skip


@contextmanager
def _npm_packages_lent_to(staging: Path) -> Iterator[None]:
    """The checkout's node_modules, visible from the staging folder while its build runs: the
    code editor bundle is made from them (esbuild), then they go; the bundle ships, they never
    do. A symlink, or a copy where symlinks are not allowed (Windows without developer mode)."""
    packages = ROOT / "node_modules"
    if shutil.which("node") is None or not (packages / "esbuild").is_dir():
        raise BundleError(
            "The code editor bundle is built with Node and the npm packages of "
            f"package-lock.json: install Node 20 and run `npm ci` in {ROOT} first."
        )
    lent = staging / "node_modules"
    try:
        os.symlink(packages, lent, target_is_directory=True)
    except OSError:
        shutil.copytree(packages, lent, symlinks=True)
    try:
        yield
    finally:
        if lent.is_symlink():
            lent.unlink()
        else:
            shutil.rmtree(lent, ignore_errors=True)


def _check_editor_bundle(staging: Path) -> None:
    collected = staging / "build" / "static" / "demos" / "editor.js"
    if not collected.is_file():
        raise BundleError(
            "The build left the code editor bundle out (build/static/demos/editor.js); "
            "`python run_django.py build --force` in the checkout says why."
        )


def _compile(python: Path, folders: list[Path]) -> None:
    # unchecked-hash: an installer need not keep mtimes, and the install folder is read-only,
    # so timestamp-checked bytecode would be recompiled, in memory, on every start.
    _checked(
        [str(python), "-I", "-m", "compileall", "-q", "-j", "0", "-f",
         "--invalidation-mode", "unchecked-hash", *map(str, folders)],
        interpreter.clean_env(), "compileall",
    )  # fmt: skip


def _checked(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
        raise BundleError(f"{what} failed in the bundle (exit {result.returncode}):\n{tail}")


def _app_version() -> str:
    source = (ROOT / "site" / "fieldguide" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__\s*=\s*"([^"]+)"', source)
    if not found:
        raise BundleError("site/fieldguide/__init__.py defines no __version__.")
    return found.group(1)


def _move_into_place(staging: Path, out: Path) -> None:
    if out.exists():
        old = out.with_name(f".{out.name}.old-{staging.name}")
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
