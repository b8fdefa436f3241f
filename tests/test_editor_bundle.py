"""The code editor bundle (docs/development.md, "The code editor bundle").

``run_django.py build`` bundles it into the collected static files as one ES module that
fetches nothing from elsewhere; the static files are rebuilt when its sources or the npm lock
change; where Node is missing the build goes on without it, with a warning, and the next build
with Node adds it. In Chromium, under the site's Content-Security-Policy, the editor
highlights, saves with Ctrl-S, undoes, searches and lets the keyboard out, read-only files stay
unchanged, the diff view shows what changed, and the theme follows the system's colour scheme.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fieldguide.demos import editor
from fieldguide.launcher import fingerprint
from playwright.sync_api import Browser, Page, expect

from tests.servers import ROOT, Server

NODE = shutil.which("node")
INSTALLED = all(
    (ROOT / "node_modules" / name).is_dir() for name in ("esbuild", "@codemirror/merge")
)
needs_packages = pytest.mark.skipif(
    not (NODE and INSTALLED), reason="needs Node and the packages of the root `npm ci`"
)
# What the bundle may name with http(s): the SVG namespace (CodeMirror draws a tab marker as
# an inline data: image) and the scheme Markdown's paste-a-link helper puts before "www.".
# Names, never fetched; any other URL is a reason to look.
NAMES_NOT_FETCHED = {"http://www.w3.org/2000/svg", "https://"}


def collected(build: Path) -> dict[str, str]:
    return json.loads((build / "static" / "staticfiles.json").read_text())["paths"]


def run_build(build: Path, path: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELDGUIDE_"))}
    env.update(FIELDGUIDE_BUILD_DIR=str(build), PATH=path)
    return subprocess.run(
        [sys.executable, str(ROOT / "run_django.py"), "build"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def bundle(build_dir: Path) -> Path:
    return build_dir / "static" / collected(build_dir)["demos/editor.js"]


def test_the_static_fingerprint_follows_the_editor_sources_and_the_npm_lock(tmp_path, monkeypatch):
    source = tmp_path / "fieldguide"
    shutil.copytree(
        ROOT / "site" / "fieldguide" / "demos" / "editor", source / "demos" / "editor",
        ignore=shutil.ignore_patterns("__pycache__"),
    )  # fmt: skip
    lock = tmp_path / "package-lock.json"
    lock.write_text('{"lockfileVersion": 3}\n')
    monkeypatch.setattr(fingerprint, "SOURCE_ROOT", source)
    monkeypatch.setattr(fingerprint, "NPM_LOCK", lock)
    editor_folder = source / "demos" / "editor"
    for changed in [*(editor_folder / n for n in ("entry.js", "theme.js", "build.mjs")), lock]:
        before = fingerprint.static_fingerprint()
        changed.write_text(changed.read_text() + "\n// edited\n")
        assert fingerprint.static_fingerprint() != before, changed.name
    # The Python beside the sources is not made into the bundle.
    before = fingerprint.static_fingerprint()
    (editor_folder / "__init__.py").write_text("# edited\n")
    assert fingerprint.static_fingerprint() == before


def test_under_the_test_settings_pages_are_told_there_is_no_bundle():
    # Static files come from the apps' folders here; the bundle exists only once collected.
    assert editor.bundle_url() is None


@needs_packages
@pytest.mark.slow
def test_the_build_collects_the_bundle_hashed_compressed_and_with_its_licences(build_dir):
    paths = collected(build_dir)
    assert re.fullmatch(r"demos/editor\.[0-9a-f]{12}\.js", paths["demos/editor.js"])
    hashed = build_dir / "static" / paths["demos/editor.js"]
    assert hashed.with_name(f"{hashed.name}.gz").is_file()
    licences = (build_dir / "static" / paths["demos/editor.licenses.txt"]).read_text()
    assert "@codemirror/view" in licences and "Permission is hereby granted" in licences


@needs_packages
@pytest.mark.slow
def test_the_bundle_is_one_es_module_with_the_editor_api(bundle, tmp_path):
    # Alone in an empty folder, so an import of any other file would fail. ".mjs": Node reads
    # it as an ES module, as browsers do.
    module = tmp_path / "editor.mjs"
    shutil.copy(bundle, module)
    script = (
        "const m = await import(process.argv[1]);"
        "console.log(JSON.stringify([Object.keys(m).sort(), m.languageFor('polls/models.py')]));"
    )
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", script, str(module)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    exports, language = json.loads(result.stdout)
    assert {"createEditor", "createDiffView", "languageFor"} <= set(exports)
    assert language == "python"
    assert not re.search(r"\bimport\s*\(", module.read_text()), "nothing loaded later either"


@needs_packages
@pytest.mark.slow
def test_the_bundle_fetches_nothing_from_elsewhere(bundle):
    text = bundle.read_text()
    assert set(re.findall(r"https?://[^\s\"'`<>)]*", text)) <= NAMES_NOT_FETCHED
    assert "@import" not in re.sub(r'"@import"', "", text)  # the CSS grammar's keyword list only
    assert not re.search(r"//[\w.-]*(cdn|unpkg|jsdelivr|fonts\.googleapis)", text)


@needs_packages
@pytest.mark.slow
def test_pages_find_the_collected_bundle_and_none_where_it_was_left_out(
    settings, build_dir, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "fieldguide.core.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = build_dir / "static"
    assert editor.bundle_url() == f"/static/{collected(build_dir)['demos/editor.js']}"
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    settings.STATIC_ROOT = tmp_path
    assert editor.bundle_url() is None


@needs_packages
@pytest.mark.slow
def test_without_node_the_build_goes_on_without_the_editor_and_the_next_one_adds_it(
    tmp_path, build_dir
):
    build = tmp_path / "build"
    # The session's home template is up to date: only the static files are built here.
    shutil.copytree(build_dir / "home-template", build / "home-template")
    no_node = tmp_path / "bin"
    no_node.mkdir()

    without = run_build(build, str(no_node))
    assert without.returncode == 0, without.stderr[-3000:]
    assert "Building without the code editor: Node is not installed" in without.stderr
    assert "plain text area" in without.stderr
    assert "demos/editor.js" not in collected(build)
    assert not list((build / "static" / "demos").glob("editor*"))
    assert "Built: nothing" in run_build(build, str(no_node)).stderr

    with_node = run_build(build, os.environ["PATH"])
    assert "Built: static" in with_node.stderr, with_node.stderr[-3000:]
    assert "Building without" not in with_node.stderr
    assert (build / "static" / collected(build)["demos/editor.js"]).is_file()
    assert "Built: nothing" in run_build(build, str(no_node)).stderr  # kept without Node


@needs_packages
def test_a_packaged_build_borrows_the_npm_packages_and_refuses_to_ship_without_the_editor(
    tmp_path, monkeypatch
):
    sys.path.insert(0, str(ROOT / "packaging"))
    from bundler import build as bundling
    from bundler.errors import BundleError

    staging = tmp_path / "staging"
    staging.mkdir()
    with bundling._npm_packages_lent_to(staging):
        assert (staging / "node_modules" / "esbuild").is_dir()
    assert not (staging / "node_modules").exists(), "they never ship"
    with pytest.raises(BundleError, match="left the code editor bundle out"):
        bundling._check_editor_bundle(staging)
    monkeypatch.setattr(bundling, "ROOT", tmp_path)  # a clone where nobody ran npm ci
    with pytest.raises(BundleError, match="run `npm ci`"), bundling._npm_packages_lent_to(staging):
        pass


# In Chromium. Each test mounts the editor (and a diff view) from the collected bundle on a
# real page of a real server, so the site's Content-Security-Policy applies.

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

MOUNT = """async ([src, doc, diff]) => {
  const editor = await import(src);
  const host = document.createElement("div");
  host.id = "editor-host";
  const diffHost = document.createElement("div");
  diffHost.id = "diff-host";
  document.body.prepend(host, diffHost);
  window.__saved = [];
  window.__changes = 0;
  window.__editor = editor.createEditor(host, {
    doc,
    language: editor.languageFor("polls/views.py"),
    label: "Contents of polls/views.py",
    onSave: (text) => window.__saved.push(text),
    onChange: () => (window.__changes += 1),
  });
  window.__diff = editor.createDiffView(diffHost, { ...diff, language: "python" });
}"""

VIEWS = "def index(request):\n    return 1\n"


@pytest.fixture
def chromium(browser: Browser) -> Browser:
    return browser  # the session's one browser (conftest): one sync Playwright at a time


def mount(
    chromium: Browser, server: Server, bundle_path: str, diff: dict[str, str]
) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1024, "height": 768})
    elsewhere: list[str] = []

    def guard(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith(
            ("data:", "blob:")
        ):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.goto(f"{server.url}launch?token={server.token}")
    page.evaluate(MOUNT, [f"/static/{bundle_path}", VIEWS, diff])
    try:
        yield page
        assert page.evaluate("window.__csp") == []
        assert elsewhere == []
    finally:
        context.close()


@pytest.fixture
def page(chromium, shared_server, build_dir):
    diff = {"original": "a = 1\nb = 2\n", "modified": "a = 1\nb = 3\n", "label": "Changes"}
    yield from mount(chromium, shared_server, collected(build_dir)["demos/editor.js"], diff)


def text(page: Page) -> str:
    return page.evaluate("window.__editor.getText()")


@needs_packages
@pytest.mark.browser
def test_the_editor_highlights_python_saves_with_ctrl_s_and_undoes(page):
    content = page.get_by_role("textbox", name="Contents of polls/views.py")
    expect(page.locator("#editor-host .cm-lineNumbers")).to_contain_text("2")
    keyword = page.locator("#editor-host .cm-line span", has_text="def").first
    assert keyword.evaluate("(e) => getComputedStyle(e).color") == "rgb(0, 128, 0)"  # as lessons

    content.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("# edited")
    page.keyboard.press("Control+s")
    assert page.evaluate("window.__saved") == [f"{VIEWS}# edited"]
    assert page.evaluate("window.__changes") > 0

    page.keyboard.press("Control+z")
    assert text(page) == VIEWS
    page.keyboard.press("Control+Shift+z")
    assert text(page) == f"{VIEWS}# edited"


@needs_packages
@pytest.mark.browser
def test_search_tab_indents_and_escape_then_tab_leaves_the_editor(page):
    page.get_by_role("textbox", name="Contents of polls/views.py").click()
    page.keyboard.press("Control+f")
    field = page.locator("#editor-host .cm-search input[name=search]")
    expect(field).to_be_focused()
    page.keyboard.type("return")  # keys, not fill(): the panel reads the field on keyup
    page.keyboard.press("Enter")
    expect(page.locator("#editor-host .cm-searchMatch-selected")).to_have_text("return")
    page.keyboard.press("Escape")
    expect(page.locator("#editor-host .cm-search")).to_have_count(0)

    page.keyboard.press("Control+Home")
    page.keyboard.press("Tab")
    assert text(page).startswith((" ", "\t")) and text(page).strip() == VIEWS.strip()
    assert page.evaluate("document.activeElement.closest('#editor-host') !== null")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#editor-host') === null")


@needs_packages
@pytest.mark.browser
def test_a_read_only_file_keeps_its_text_and_says_so(page):
    page.evaluate("window.__editor.setReadOnly(true)")
    content = page.get_by_role("textbox", name="Contents of polls/views.py")
    assert content.get_attribute("aria-readonly") == "true"
    content.click()
    page.keyboard.type("oops")
    assert text(page) == VIEWS and page.evaluate("window.__changes") == 0
    page.evaluate("window.__editor.setReadOnly(false)")
    page.keyboard.type("ok")
    assert "ok" in text(page)


@needs_packages
@pytest.mark.browser
def test_the_diff_view_shows_the_changed_line_both_ways(page, build_dir):
    diff = page.locator("#diff-host")
    expect(diff.locator(".cm-deletedChunk")).to_contain_text("b = 2")
    expect(diff.locator(".cm-changedLine")).to_have_text("b = 3")
    assert diff.get_by_role("textbox", name="Changes").get_attribute("aria-readonly") == "true"

    page.evaluate(
        """([src]) => import(src).then((editor) => {
          window.__diff.destroy();
          editor.createDiffView(document.querySelector("#diff-host"), {
            original: "a = 1\\nb = 2\\n", modified: "a = 1\\nb = 3\\n", layout: "split",
          });
        })""",
        [f"/static/{collected(build_dir)['demos/editor.js']}"],
    )
    expect(diff.locator(".cm-mergeView .cm-editor")).to_have_count(2)
    expect(diff.locator(".cm-changedLine")).to_have_count(2)


@needs_packages
@pytest.mark.browser
def test_the_theme_follows_the_systems_colour_scheme(page):
    editor_box = page.locator("#editor-host .cm-editor")
    expect(editor_box).to_have_css("background-color", "rgb(255, 255, 255)")  # the site's --paper
    page.emulate_media(color_scheme="dark")
    expect(editor_box).to_have_css("background-color", "rgb(28, 32, 36)")
    page.emulate_media(color_scheme="light")
    expect(editor_box).to_have_css("background-color", "rgb(255, 255, 255)")
