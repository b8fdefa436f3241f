"""Every setting, environment variable, CLI flag and management command is documented."""

import importlib
import re
import sys

import pytest
from fieldguide import options
from fieldguide.launcher import parser

from tests.servers import ROOT

DOCS = "\n".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))
SOURCES = [
    *(ROOT / "site").rglob("*.py"),
    *(ROOT / "scripts").glob("*.py"),
    ROOT / "tests" / "browsers.py",
    ROOT / ".ci" / "run",
    *(ROOT / "electron").glob("*.js"),
    *(ROOT / "electron" / "lib").glob("*.js"),
    *(ROOT / "packaging").rglob("*.py"),
]


def test_every_environment_variable_used_is_in_the_option_spec_and_only_those():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"\b(FIELDGUIDE_[A-Z_]+)\b", path.read_text()))
    assert used, "the scan found nothing: is it looking in the right place?"
    assert sorted(used - set(options.BY_NAME)) == [], "declare these in fieldguide/options.py"
    assert sorted(set(options.BY_NAME) - used) == [], "nothing uses these any more"


def test_the_settings_doc_shows_the_option_spec():
    settings_doc = (ROOT / "docs" / "settings.md").read_text()
    assert options.markdown_table() in settings_doc, (
        "regenerate the table: python site/fieldguide/options.py"
    )


def test_a_bad_option_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("FIELDGUIDE_DEMO_TIMEOUT", "soon")
    with pytest.raises(options.OptionError, match="FIELDGUIDE_DEMO_TIMEOUT must be a whole"):
        options.value("FIELDGUIDE_DEMO_TIMEOUT")
    monkeypatch.setenv("FIELDGUIDE_DEMO_TIMEOUT", "")
    assert options.value("FIELDGUIDE_DEMO_TIMEOUT") == 60


def test_every_cli_flag_and_command_is_documented():
    launch = (ROOT / "docs" / "launch.md").read_text()
    options = [
        option
        for action in parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]
    assert {"--home", "--port", "--open"} <= set(options)
    for option in options:
        assert f"`{option}" in launch, option
    for command in ("manage", "build", "build --force"):
        assert f"`{command}" in launch


def test_every_management_command_of_ours_is_documented():
    commands = [
        path.stem
        for path in (ROOT / "site" / "fieldguide").glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    ]
    assert commands
    for command in commands:
        assert command in DOCS, command


def test_readme_has_two_setup_commands_and_the_screenshot():
    readme = (ROOT / "README.md").read_text()
    assert "python3 scripts/bootstrap.py run --open" in readme
    assert "python3 scripts/bootstrap.py test" in readme
    assert "python3 scripts/bootstrap.py test" in (ROOT / ".ci" / "run").read_text()
    image = re.search(r"!\[[^\]]+\]\(([^)]+)\)", readme).group(1)
    assert (ROOT / image).is_file()


@pytest.mark.parametrize("script", ["build_bundle", "verify_bundle"])
def test_every_packaging_flag_is_documented(script):
    sys.path.insert(0, str(ROOT / "packaging"))
    options = [
        option
        for action in importlib.import_module(script).parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]
    packaging_doc = (ROOT / "docs" / "packaging.md").read_text()
    assert options
    assert [option for option in options if f"`{option}" not in packaging_doc] == []


def test_the_development_guide_names_every_app_and_its_layer():
    guide = (ROOT / "docs" / "development.md").read_text()
    apps = [path.parent.name for path in (ROOT / "site" / "fieldguide").glob("*/apps.py")]
    assert len(apps) >= 7
    assert [app for app in apps if f"`fieldguide.{app}`" not in guide] == []
