"""What the bundle does not carry: tests, caches, build tools, GUI toolkits, headers, package
static files (collected into build/static) and translations outside the keep-list.

Each function returns the bytes it removed, for the build's report.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

# Standard-library parts Fieldguide never imports at run time.
STDLIB_DIRS = ("test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3", "pydoc_data")
STDLIB_FILES = ("turtle.py",)
DYNLOAD_PREFIXES = ("_test", "_tkinter", "xxlimited", "_xxtestfuzz", "_ctypes_test", "xxsubtype")
# Beside the standard library: Tcl/Tk, headers, static and import libraries, man pages.
PYTHON_ROOT_GLOBS = (
    "include", "share", "libs", "Scripts", "tcl", "lib/tcl*", "lib/tk*", "lib/itcl*",
    "lib/thread*", "lib/pkgconfig", "lib/*.a",
    "DLLs/tcl*.dll", "DLLs/tk*.dll", "DLLs/_tkinter.pyd",
)  # fmt: skip
# Installers and build tools: needed to make the bundle, never to run it.
BUILD_TOOLS = ("pip", "setuptools", "wheel", "_distutils_hack", "pkg_resources")


def size_of(path: Path) -> int:
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def remove(paths: Iterable[Path]) -> int:
    removed = 0
    for path in paths:
        if not (path.exists() or path.is_symlink()):
            continue
        removed += size_of(path)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    return removed


def caches(root: Path) -> int:
    return remove(list(root.rglob("__pycache__")) + list(root.rglob("*.py[co]")))


def interpreter_extras(python_root: Path, stdlib: Path, interpreter: Path) -> int:
    removed = remove(p for pattern in PYTHON_ROOT_GLOBS for p in python_root.glob(pattern))
    # Linker-only names such as lib/libpython3.11.so -> libpython3.11.so.1.0.
    removed += remove(p for p in python_root.glob("lib/libpython*.so") if p.is_symlink())
    removed += remove(stdlib / name for name in STDLIB_DIRS + STDLIB_FILES)
    removed += remove(stdlib.glob("config-3.*"))
    for dynload in (stdlib / "lib-dynload", python_root / "DLLs"):
        if dynload.is_dir():
            removed += remove(p for p in dynload.iterdir() if p.name.startswith(DYNLOAD_PREFIXES))
    bin_dir = python_root / "bin"
    if bin_dir.is_dir():
        # One interpreter file, no aliases or scripts: what the shell runs is bin/python3.
        real = interpreter.resolve()
        if interpreter.is_symlink():
            interpreter.unlink()
            real.rename(interpreter)
        removed += remove(p for p in bin_dir.iterdir() if p != interpreter)
    return removed


def build_tools(purelib: Path) -> int:
    doomed = []
    for path in purelib.iterdir():
        name = path.name.split("-")[0].lower()
        if name in BUILD_TOOLS or path.name == "distutils-precedence.pth":
            doomed.append(path)
    return remove(doomed)


def package_tests(purelib: Path) -> int:
    """Test suites shipped inside packages. ``django/test`` stays: demos use its test client."""
    doomed = [p for p in purelib.rglob("tests") if p.is_dir()]
    doomed += [p for p in (purelib / "wagtail" / "test",) if p.is_dir()]
    return remove(doomed)


def package_static(purelib: Path) -> int:
    """Apps' static folders: collectstatic copied them into build/static, served from there."""
    return remove(
        p for p in purelib.rglob("static") if p.is_dir() and not (p / "__init__.py").exists()
    )


def locales(purelib: Path, keep: set[str]) -> int:
    """Translations outside the keep-list (``en`` keeps en, en_GB, en_AU…)."""
    doomed = []
    for folder in purelib.rglob("locale"):
        if not folder.is_dir():
            continue
        for language in folder.iterdir():
            code = language.name.replace("-", "_")
            if language.is_dir() and code not in keep and code.split("_")[0] not in keep:
                doomed.append(language)
    return remove(doomed)


def symlinks_to_files(root: Path) -> None:
    """Installers and the manifest deal in plain files: replace any symlink left by a copy."""
    for path in list(root.rglob("*")):
        if path.is_symlink():
            target = path.resolve()
            path.unlink()
            if target.is_file():
                shutil.copy2(target, path)
