"""Project hygiene: Django's checks, no missing migrations, ruff, and offline-only assets."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from fieldguide.lessons.highlight import stylesheet

from tests.servers import ROOT

SITE = ROOT / "site" / "fieldguide"
# Anything that would make a browser reach off the machine: scheme-relative or http(s) URLs in
# src/href/url()/@import, outside the XML namespaces SVG needs.
REMOTE = re.compile(
    r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""",
    re.I,
)


def test_django_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


PYTHON_SOURCES = ["site", "tests", "bench", "scripts", "packaging", "run_django.py"]


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean():
    result = run_tool("ruff", "check", *PYTHON_SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run_tool("ruff", "format", "--check", *PYTHON_SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_types_check():
    """mypy with django-stubs over site/ and packaging/ (its settings are in pyproject.toml)."""
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_the_pre_commit_configuration_is_valid():
    result = run_tool("pre_commit", "validate-config", ".pre-commit-config.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layers_point_one_way():
    """The import-linter contract in pyproject.toml (the layers of docs/development.md)."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "site")},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_committed_highlight_css_matches_pygments():
    committed = SITE / "lessons" / "static" / "lessons" / "highlight.css"
    assert committed.read_text() == stylesheet(), "regenerate it: see docs/authoring.md"


def served_files() -> list[Path]:
    return [
        path
        for path in SITE.rglob("*")
        if path.suffix in {".html", ".css", ".js"} and "vendor" not in path.parts
    ]


def test_templates_and_static_files_refer_to_nothing_off_the_machine():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in served_files()
        for match in REMOTE.finditer(path.read_text())
    ]
    assert served_files() and not offenders


def test_wagtail_phones_nowhere():
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_WHATS_NEW_BANNER is False
    assert settings.WAGTAILEMBEDS_FINDERS == []


def test_site_is_a_source_folder_not_a_package():
    assert not (ROOT / "site" / "__init__.py").exists()
    import site as stdlib_site

    assert Path(stdlib_site.__file__).parent != ROOT / "site"
