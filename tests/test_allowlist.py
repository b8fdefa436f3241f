from pathlib import Path

import pytest
from fieldguide.demos.allowlist import AllowlistError, load, parse_file

from tests.conftest import CONTENT

VALID = """
[demos.django-version]
title = "Show the Django version"
argv = ["{python}", "-m", "django", "--version"]
timeout = 20

[demos.startapp]
title = "Create an app"
argv = ["{python}", "manage.py", "startapp", "{name}"]
params.name = { pattern = "^[a-z_][a-z0-9_]{0,30}$", default = "polls" }
"""


def write(tmp_path: Path, text: str, name: str = "demos.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_shipped_allowlist_is_valid_and_its_workspaces_exist():
    demos = load(CONTENT / "demos.toml", workspaces=CONTENT / "workspaces")
    assert {"django-version", "startapp", "lesson-check"} <= set(demos)
    assert all(demo.argv[0] == "{python}" for demo in demos.values())


def test_parses_the_documented_format(tmp_path):
    demos = parse_file(write(tmp_path, VALID))
    assert demos["django-version"].timeout == 20
    assert demos["startapp"].timeout == 60
    assert demos["startapp"].command_line() == "python manage.py startapp polls"
    assert demos["startapp"].command_line({"name": "blog"}) == "python manage.py startapp blog"
    assert demos["startapp"].params["name"].accepts("blog")
    assert not demos["startapp"].params["name"].accepts("blog; rm -rf /")


@pytest.mark.parametrize(
    ("entry", "field", "reason"),
    [
        ('title = "x"\nargv = "python -V"', "argv", "list of strings"),
        ('title = "x"\nargv = []', "argv", "list of strings"),
        ('argv = ["{python}"]', "title", "required"),
        (
            'title = "x"\nargv = ["{python}", "--name={name}"]\nparams.name = { choices = ["a"] }',
            "argv[1]",
            "whole argv item",
        ),
        ('title = "x"\nargv = ["{python}", "{nope}"]', "argv[1]", "no param"),
        (
            'title = "x"\nargv = ["{python}"]\nparams.name = { choices = ["a"] }',
            "params",
            "not used",
        ),
        (
            'title = "x"\nargv = ["{python}", "{n}"]\nparams.n = { pattern = "(" }',
            "params.n.pattern",
            "invalid regex",
        ),
        (
            'title = "x"\nargv = ["{python}", "{n}"]\nparams.n = { pattern = "a", choices = ["a"] }',
            "params.n",
            "exactly one",
        ),
        (
            'title = "x"\nargv = ["{python}", "{n}"]\nparams.n = { pattern = "^[a-z]+$", default = "A" }',
            "params.n.default",
            "acceptable",
        ),
        ('title = "x"\nargv = ["{python}"]\ntimeout = 0', "timeout", "1 to 3600"),
        ('title = "x"\nargv = ["{python}"]\ntimeout = "5"', "timeout", "1 to 3600"),
        ('title = "x"\nargv = ["{python}"]\nenv = { path = "x" }', "env", "UPPER_CASE"),
        ('title = "x"\nargv = ["{python}"]\nshell = true', "shell", "unknown field"),
        ('title = "x"\nargv = ["{python}"]\nworkspace = "../etc"', "workspace", "plain folder"),
    ],
)
def test_invalid_entries_name_file_demo_and_field(tmp_path, entry, field, reason):
    path = write(tmp_path, f"[demos.broken]\n{entry}\n")
    with pytest.raises(AllowlistError) as caught:
        parse_file(path)
    error = caught.value
    assert (error.path, error.demo, error.field) == (path, "broken", field)
    assert reason in str(error)
    assert str(path) in str(error) and "'broken'" in str(error)


def test_missing_workspace_folder_is_an_error(tmp_path):
    path = write(tmp_path, '[demos.a]\ntitle = "x"\nargv = ["{python}"]\nworkspace = "nowhere"\n')
    with pytest.raises(AllowlistError, match="no folder 'nowhere'"):
        parse_file(path, workspaces=tmp_path)


def test_bad_toml_and_bad_ids(tmp_path):
    with pytest.raises(AllowlistError, match="not valid TOML"):
        parse_file(write(tmp_path, "[demos.a\n"))
    with pytest.raises(AllowlistError, match="lower-case"):
        parse_file(write(tmp_path, '[demos.Bad_Id]\ntitle = "x"\nargv = ["x"]\n'))


def test_admin_file_extends_but_never_overrides(tmp_path):
    shipped = write(tmp_path, VALID, "shipped.toml")
    admin = write(
        tmp_path, '[demos.extra]\ntitle = "Extra"\nargv = ["{python}", "-V"]\n', "admin.toml"
    )
    assert set(load(shipped, admin)) == {"django-version", "startapp", "extra"}
    write(tmp_path, '[demos.startapp]\ntitle = "Evil"\nargv = ["/bin/sh"]\n', "admin.toml")
    with pytest.raises(AllowlistError, match="already defined"):
        load(shipped, admin)
    assert set(load(shipped, tmp_path / "absent.toml")) == {"django-version", "startapp"}
