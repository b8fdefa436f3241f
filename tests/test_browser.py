"""The learner's experience in real headless Chromium against a real run_django.py.

No test sleeps: each waits for a condition. Pages are opened with ``open_page``, which
waits until the page's modules have attached their handlers (``<html
data-fieldguide-ready>``), so a key pressed or a button clicked right after is never lost.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def context(browser: Browser, shared_server) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.off_machine = []  # type: ignore[attr-defined]

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            context.off_machine.append(route.request.url)  # type: ignore[attr-defined]
            route.abort()

    context.route("**/*", guard)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, shared_server) -> Page:
    page = context.new_page()
    page.goto(f"{shared_server.url}launch?token={shared_server.token}")
    return page


def wait_until_ready(page: Page) -> None:
    """Wait until the page's modules have attached their handlers (core/ready.js)."""
    expect(page.locator("html")).to_have_attribute("data-fieldguide-ready", "true")


def open_page(page: Page, url: str) -> Response | None:
    """Go to url and wait until its scripts are ready for keys and clicks."""
    response = page.goto(url)
    wait_until_ready(page)
    return response


def settle(page: Page) -> None:
    """Wait until the page has loaded and the tasks it queued meanwhile (such as
    securitypolicyviolation events) have run."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve))")


def eventually(read: Callable[[], Any], check: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """read() until check(value) holds (for what a test reads from the server, not a page)."""
    deadline = time.monotonic() + timeout
    while not check(value := read()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert check(value), value
    return value


def test_walk_the_whole_first_tutorial_with_the_keyboard(page: Page, context, shared_server):
    expect(page.get_by_role("heading", name="Fieldguide tutorials")).to_be_visible()
    page.get_by_role("link", name="Your first Django project, offline").click()
    page.get_by_role("link", name="Start the tutorial").click()
    total = 6
    for number in range(1, total + 1):
        expect(page.locator(".position")).to_have_text(f"Step {number} of {total}")
        current = page.locator('.steps-nav [aria-current="step"]')
        expect(current).to_have_count(1)
        expect(page.locator("h1")).to_have_text(current.inner_text())
        if number < total:
            wait_until_ready(page)
            with page.expect_navigation():
                page.keyboard.press("ArrowRight")
    expect(page.get_by_role("link", name="Back to the tutorial overview")).to_be_visible()
    wait_until_ready(page)
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")
    expect(page.locator(".position")).to_have_text(f"Step {total - 1} of {total}")
    assert context.off_machine == []


def test_typing_in_search_does_not_change_step(page: Page, shared_server):
    open_page(page, f"{shared_server.url}first-django-project/run-the-checks/")
    page.locator("#site-search").fill("migr")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{shared_server.url}search/?q=migr")
    expect(page.locator("mark").first).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "first-django-project/",
        "first-django-project/create-an-app/",
        "search/?q=migrations",
        "docs/",
        "docs/django/manage-commands/",
    ],
)
def test_no_serious_accessibility_violations(page: Page, shared_server, path):
    open_page(page, f"{shared_server.url}{path}")
    # Open every hint and solution so their contents are checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert serious_violations(page) == []


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_copy_button_copies_the_code(page: Page, context, shared_server):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, f"{shared_server.url}first-django-project/tour-the-project/")
    button = page.locator(".code-block .copy").first
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("from django.http import HttpResponse")


def test_hints_open_from_the_keyboard(page: Page, shared_server):
    page.goto(f"{shared_server.url}first-django-project/run-the-checks/")
    details = page.locator("details.details-block").first
    assert details.evaluate("d => d.open") is False
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True


def test_fits_a_kiosk_screen_and_prints_without_chrome(page: Page, shared_server):
    page.goto(f"{shared_server.url}first-django-project/create-the-database/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    expect(page.locator(".steps-nav")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".steps-nav")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".step-body")).to_be_visible()


def test_run_a_demo_and_watch_its_output(page: Page, shared_server):
    open_page(page, f"{shared_server.url}first-django-project/check-your-tools/")
    demo = page.locator("section.demo").first
    expect(demo.get_by_role("button", name="Cancel")).to_be_hidden()
    expect(demo.locator(".demo-log")).to_be_hidden()
    demo.get_by_role("button", name="Run").click()
    expect(demo.locator(".demo-status")).to_contain_text("Finished · exit status 0", timeout=30000)
    expect(demo.get_by_role("button", name="Cancel")).to_be_hidden()
    expect(demo.locator(".demo-log")).to_contain_text("5.2")
    expect(demo.get_by_role("link", name="Download transcript")).to_be_visible()
    # After a reload the run's output is shown again, from the stored log.
    page.reload()
    expect(page.locator("section.demo").first.locator(".demo-log")).to_contain_text("5.2")


def test_a_refused_parameter_is_explained(page: Page, shared_server):
    open_page(page, f"{shared_server.url}first-django-project/create-an-app/")
    demo = page.locator("section.demo").first
    demo.locator('[data-param="name"]').fill("Bad Name")
    expect(demo.locator("[data-command]")).to_have_text("python manage.py startapp 'Bad Name'")
    demo.get_by_role("button", name="Run").click()
    expect(demo.locator(".demo-status")).to_contain_text("parameter 'name'")


def test_check_my_work_completes_the_step(learner: Page, server):
    # The draft ships with mistakes: the lesson's last check fails until the learner (here,
    # the step's solution, which brings every fix of the lesson) makes them good.
    open_page(learner, f"{server.url}writing-a-lesson/load-and-dump/")
    check = learner.locator("section.demo-check")
    expect(check.locator("[data-check-passed]")).to_be_hidden()
    check_my_work(learner, passes=False)
    solution = learner.locator("details.details-block", has_text="The finished lesson")
    solution.locator("summary").click()
    solution.get_by_role("button", name="Apply solution").click()  # the confirmation is accepted
    expect(solution.locator(".solution-status")).to_contain_text("Solution applied")
    check_my_work(learner, passes=True)
    learner.reload()
    expect(learner.locator("section.demo-check [data-check-passed]")).to_be_visible()


# How ANSI colours become spans is unit-tested in tests/js/ansi.test.js.


def test_an_api_answering_with_error_pages_leaves_no_script_error(page: Page, shared_server):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(
        "**/api/**",
        lambda route: route.fulfill(
            status=404, content_type="text/html", body="<h1>Not found</h1>"
        ),
    )
    open_page(page, f"{shared_server.url}writing-a-lesson/load-and-dump/")
    check = page.locator("section.demo-check")
    check.get_by_role("button", name="Check my work").click()
    expect(check.locator(".demo-status")).to_have_text("The demo could not start.")
    expect(check.get_by_role("button", name="Check my work")).to_be_enabled()
    expect(page.locator("[data-mark-done]")).to_be_hidden()
    settle(page)
    assert errors == []


CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


def test_pages_satisfy_their_content_security_policy(page: Page, context, shared_server):
    context.add_init_script(CSP_WATCH)
    seen = {}
    for path in [
        "",
        "first-django-project/",
        "first-django-project/create-an-app/",
        "search/?q=migrations",
        "docs/django/manage-commands/",
        "no/such/page/",
    ]:
        # Ready also means every module loaded under the policy: a blocked one never runs.
        response = open_page(page, f"{shared_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        if "create-an-app" in path:
            demo = page.locator("section.demo").first
            demo.get_by_role("button", name="Run").click()
            expect(demo.locator(".demo-status")).to_contain_text("Finished", timeout=30000)
        settle(page)
        seen[path] = page.evaluate("window.__csp")
    assert all(not violations for violations in seen.values()), seen


def test_the_admin_works_under_its_policy(page: Page, context, shared_server):
    import subprocess

    from tests.servers import command

    subprocess.run(
        command(
            shared_server.home,
            "manage",
            "createsuperuser",
            "--noinput",
            "--username",
            "editor",
            "--email",
            "editor@example.org",
        ),
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELDGUIDE_"))},
            "DJANGO_SUPERUSER_PASSWORD": "pw-for-tests-1",
        },
        check=True,
        capture_output=True,
    )
    context.add_init_script(CSP_WATCH)
    page.goto(f"{shared_server.url}admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Toggle sidebar")).to_be_visible()
    settle(page)
    assert page.evaluate("window.__csp") == []
    page.goto(f"{shared_server.url}admin/pages/")
    # The sidebar is drawn by the admin's scripts: once it is there, they have run.
    expect(page.get_by_role("button", name="Toggle sidebar")).to_be_visible()
    settle(page)
    assert page.evaluate("window.__csp") == []


# What the shell's preload gives the page, recorded instead of acted on.
FAKE_SHELL = """
window.__shell = { notified: [], imported: [], listeners: [] };
window.fieldguide = {
  isOnline: () => false,
  onConnectivityChange: (callback) => window.__shell.listeners.push(callback),
  notify: (message) => { window.__shell.notified.push(message); return Promise.resolve(); },
  importPack: (file) => { window.__shell.imported.push(file.name); return Promise.resolve(); },
  appInfo: () => Promise.resolve({}),
};
"""


def test_inside_the_shell_the_page_uses_its_api(page: Page, context, shared_server):
    context.add_init_script(FAKE_SHELL)
    open_page(page, f"{shared_server.url}first-django-project/check-your-tools/")
    badge = page.locator(".offline-badge")
    expect(badge).to_be_visible()
    page.evaluate("window.__shell.listeners.forEach((callback) => callback(true))")
    expect(badge).to_be_hidden()
    demo = page.locator("section.demo").first
    demo.get_by_role("button", name="Run").click()
    expect(demo.locator(".demo-status")).to_contain_text("Finished", timeout=30000)
    notified = page.evaluate("window.__shell.notified")
    assert notified[0]["title"] == "Demo finished: django-version"
    page.evaluate(
        """() => {
            const data = new DataTransfer();
            data.items.add(new File(["zip"], "week-1.fgpack"));
            data.items.add(new File(["x"], "notes.txt"));
            document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true }));
        }"""
    )
    assert page.evaluate("window.__shell.imported") == ["week-1.fgpack"]


def test_in_a_plain_browser_nothing_of_the_shell_shows(page: Page, shared_server):
    open_page(page, f"{shared_server.url}first-django-project/check-your-tools/")
    expect(page.locator(".offline-badge")).to_have_count(0)


def test_mark_as_done_time_and_progress_bars_everywhere(browser: Browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.clock.install()  # the page's timers and Date.now follow the test's clock
    page.goto(f"{server.url}launch?token={server.token}")
    open_page(page, f"{server.url}first-django-project/tour-the-project/")
    step_id = page.locator("[data-step-page]").get_attribute("data-step-page")
    box = page.locator("[data-mark-done]")
    expect(box.get_by_role("button", name="Mark as done")).to_be_visible()
    box.get_by_role("button").click()
    expect(box.get_by_role("button")).to_have_text("Done ✓ (undo)")
    expect(box.get_by_role("button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".steps-nav .progress-label")).to_have_text("1 of 6 steps done")
    expect(page.locator(".steps-nav li.step-done")).to_have_count(1)

    page.clock.run_for(2500)  # on screen for a while (in no time); leaving reports the time
    open_page(page, f"{server.url}first-django-project/")
    expect(page.locator("[data-progress-for] .progress-label")).to_have_text("1 of 6 steps done")
    expect(page.locator(".step-list li.step-done")).to_have_count(1)
    open_page(page, server.url)
    cards = page.locator(".tutorial-card")
    expect(
        cards.filter(has_text="Your first Django project").locator(".progress-label")
    ).to_have_text("1 of 6 steps done")
    expect(
        cards.filter(has_text="Writing a Fieldguide lesson").locator(".progress-label")
    ).to_contain_text("Not started")
    # Progress and time survive a restart of the page (they live in the database). The time
    # left with the step page, in a request of its own: it may land after the pages since.
    state = eventually(
        lambda: server.json(f"/api/steps/{step_id}/progress"), lambda s: s["seconds"] >= 2
    )
    assert state["completed"] is True and state["method"] == "done"
    context.close()


def test_the_instructor_sets_up_imports_a_pack_and_applies_it(browser: Browser, server, tmp_path):
    from tests.pack_fixtures import pack_bytes, tiny_tutorial

    pack = tmp_path / "tiny.fgpack"
    pack.write_bytes(pack_bytes(tiny_tutorial()))
    context = browser.new_context()
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.goto(f"{server.url}launch?token={server.token}")

    page.goto(f"{server.url}admin/")  # no instructor yet: the set-up page comes first
    expect(page.get_by_role("heading", name="Set the instructor password")).to_be_visible()
    page.get_by_label("Password", exact=True).fill("field-trip-2026")
    page.get_by_label("The same password again").fill("field-trip-2026")
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("button", name="Toggle sidebar")).to_be_visible()

    page.goto(f"{server.url}instructor/")
    expect(page.get_by_role("heading", name="This seat")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Lesson packs: import and export").click()
    assert serious_violations(page) == []
    page.locator("#pack-file").set_input_files(str(pack))
    page.get_by_role("button", name="Check the pack").click()
    expect(page.locator("[data-pack-status]")).to_have_text("Verified, ready to apply")
    expect(page.get_by_role("row", name="Tiny tiny 1 new")).to_be_visible()
    wait_until_ready(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Apply the pack").click()
    expect(page.locator("[data-pack-status]")).to_have_text("Applied")
    page.goto(f"{server.url}tiny/")
    expect(page.get_by_role("heading", name="Tiny", exact=True)).to_be_visible()
    assert page.evaluate("window.__csp") == []
    context.close()


def test_documentation_pages_navigate_by_contents_sidebar_and_keys(page: Page, shared_server):
    open_page(page, f"{shared_server.url}docs/django/manage-commands/")
    contents = page.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="migrate").click()
    expect(page).to_have_url(f"{shared_server.url}docs/django/manage-commands/#migrate")
    expect(page.locator("#migrate")).to_be_in_viewport()
    page.locator("body").press("ArrowRight")  # as on a step: the next page
    expect(page).to_have_url(f"{shared_server.url}docs/django/project-layout/")
    sidebar = page.get_by_role("navigation", name="Documentation")
    expect(sidebar.locator('[aria-current="page"]')).to_have_text("Project layout")
    sidebar.get_by_role("link", name="Running demos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Running demos")
    page.get_by_role("link", name="Check your tools").click()  # a link from a doc to a step
    expect(page).to_have_url(f"{shared_server.url}first-django-project/check-your-tools/")


# Services: the run pane, the preview panel, Stop, and leaving the tutorial.


def service_run(server, run_id: int) -> dict:
    import json

    status, body = server.get(f"api/runs/{run_id}")
    assert status == 200, body
    return json.loads(body)


def test_a_service_shows_its_pages_in_the_preview_and_stops(page: Page, context, shared_server):
    import re
    import sqlite3

    from fieldguide.demos.processes import alive, session_members

    context.add_init_script(CSP_WATCH)
    open_page(page, f"{shared_server.url}first-django-project/see-a-view-respond/")
    demo = page.locator('section.demo[data-demo-kind="service"]')
    expect(demo.get_by_role("button", name="Stop")).to_be_hidden()
    demo.get_by_role("button", name="Run").click()
    badge = demo.locator("[data-run-badge]")
    expect(badge).to_have_text("ready", timeout=30000)
    expect(badge).to_have_attribute("data-tone", "ready")
    command = demo.locator("[data-run-command]")
    expect(command).to_have_text(
        re.compile(r"^python manage\.py runserver 127\.0\.0\.1:\d+ --noreload$")
    )
    expect(demo.locator(".demo-log")).to_contain_text("Quit the server with")
    preview = demo.locator("[data-preview]")
    expect(preview).to_be_visible()
    frame = demo.frame_locator("iframe.preview-frame")
    expect(frame.locator("body")).to_have_text(
        "Hello from your first Django project, running offline!"
    )
    href = demo.locator("[data-preview-open]").get_attribute("href")
    run_id = int(re.search(r"^/preview/(\d+)/$", href)[1])
    expect(demo.locator("[data-preview-path]")).to_have_value("/")
    # A path typed in the address bar opens in the frame: the app's own 404 page.
    demo.locator("[data-preview-path]").fill("/nowhere/")
    demo.locator("[data-preview-path]").press("Enter")
    expect(frame.locator("body")).to_contain_text("Page not found")
    assert demo.locator("[data-preview-open]").get_attribute("href") == (
        f"/preview/{run_id}/nowhere/"
    )
    assert serious_violations(page) == []

    demo.get_by_role("button", name="Stop").click()
    expect(badge).to_have_text("stopped by you", timeout=15000)
    expect(badge).to_have_attribute("data-tone", "stopped")
    expect(demo.locator(".demo-status")).to_contain_text("Stopped by you")
    expect(preview).to_be_hidden()
    expect(demo.get_by_role("button", name="Run")).to_be_enabled()
    with sqlite3.connect(shared_server.home / "db.sqlite3") as db:
        (pid,) = db.execute("SELECT pid FROM demos_demorun WHERE id = ?", (run_id,)).fetchone()
    eventually(lambda: alive(pid) or bool(session_members(pid)), lambda left: not left)
    assert shared_server.get(f"preview/{run_id}/")[0] == 404
    settle(page)
    assert page.evaluate("window.__csp") == []


def test_a_service_lives_through_its_tutorial_and_stops_outside_it(page: Page, shared_server):
    import re

    open_page(page, f"{shared_server.url}first-django-project/see-a-view-respond/")
    demo = page.locator('section.demo[data-demo-kind="service"]')
    demo.get_by_role("button", name="Run").click()
    expect(demo.locator("[data-run-badge]")).to_have_text("ready", timeout=30000)
    href = demo.locator("[data-preview-open]").get_attribute("href")
    run_id = int(re.search(r"/preview/(\d+)/", href)[1])
    with page.expect_navigation():
        page.keyboard.press("ArrowLeft")  # the previous step: the same tutorial
    wait_until_ready(page)
    assert service_run(shared_server, run_id)["status"] == "running"
    with page.expect_navigation():
        page.keyboard.press("ArrowRight")  # back: the block shows the run it left running
    wait_until_ready(page)
    expect(page.locator('section.demo[data-demo-kind="service"] [data-run-badge]')).to_have_text(
        "ready"
    )
    # Outside the tutorial, the page stops it. (Waiting on the response also lets Playwright
    # pass the page's requests through the context's route guard: a plain loop would not.)
    with page.expect_response(lambda r: r.url.endswith(f"/api/runs/{run_id}/cancel")) as sent:
        open_page(page, f"{shared_server.url}docs/")
    assert sent.value.status == 202
    eventually(
        lambda: service_run(shared_server, run_id)["status"],
        lambda status: status == "cancelled",
        timeout=15,
    )


# Hands-on steps: learners edit their copy of a workspace in the page, apply a step's solution,
# and pass checks that fail until the edit is made. These tests change the workspaces, so each
# has a fresh server of its own.


@pytest.fixture
def learner(browser: Browser, server) -> Iterator[Page]:
    """A page of the only learner of a fresh server."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # Revert file, Apply solution
    page.goto(f"{server.url}launch?token={server.token}")
    yield page
    context.close()


def post_api(server, path: str) -> Any:
    """POST to the API as the shell does (its token header needs no CSRF token)."""
    import json
    import urllib.request

    request = urllib.request.Request(
        server.url + path.lstrip("/"), data=b"{}", method="POST",
        headers={"X-Fieldguide-Token": server.token, "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def file_text(server, workspace: str, path: str) -> str:
    status, body = server.get(f"/api/workspaces/{workspace}/files/{path}")
    assert status == 200, body
    return body.decode()


def panel_opened(page: Page, path: str):
    """The step's workspace panel, once its editor shows ``path``."""
    panel = page.locator("section.workspace-panel")
    expect(panel.locator(".editor-path")).to_have_text(path)
    expect(panel.locator(".cm-content, .workspace-textarea")).to_be_visible()
    return panel


def edit_in_editor(page: Page, panel, anchor: str, text: str, *, replace: bool) -> None:
    """Type ``text`` in the editor, as a learner does: in place of the line holding ``anchor``
    (its indentation kept), or on a new line after it. In CodeMirror (the editor bundle) with
    the keyboard; in the text area that stands in where the bundle is missing, by its value."""
    if panel.locator(".cm-content").count():
        panel.locator(".cm-line", has_text=anchor).first.click()
        page.keyboard.press("End")
        page.keyboard.press("Shift+Home" if replace else "Enter")
        page.keyboard.type(text)
        page.keyboard.press("Escape")  # closes the completion list, if it opened
        return
    area = panel.locator(".workspace-textarea")
    lines = area.input_value().split("\n")
    at = next(i for i, line in enumerate(lines) if anchor in line)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines[at : at + 1] = [indent + text] if replace else [lines[at], indent + text]
    area.fill("\n".join(lines))


def save_in_panel(panel, path: str) -> None:
    panel.get_by_role("button", name="Save", exact=True).click()
    expect(panel.locator(".workspace-status")).to_have_text(f"Saved {path}.")


def check_my_work(page: Page, *, passes: bool) -> None:
    check = page.locator("section.demo-check")
    check.get_by_role("button", name="Check my work").click()
    passed, hint = check.locator("[data-check-passed]"), check.locator("[data-check-hint]")
    if passes:
        expect(passed).to_be_visible(timeout=30000)
        expect(hint).to_be_hidden()
    else:
        expect(hint).to_be_visible(timeout=30000)
        expect(passed).to_be_hidden()


def run_demo(page: Page, title: str) -> None:
    demo = page.locator("section.demo", has=page.locator(".demo-title", has_text=title)).first
    demo.get_by_role("button", name="Run").click()
    expect(demo).to_have_attribute("data-outcome", "succeeded", timeout=30000)


# Each shipped step with a check: its URL, the file its panel opens, and the learner's edits
# there, each (the line it starts from, the text typed, whether it replaces that line).
HANDS_ON_STEPS = {
    "first-django-project/run-the-checks": (
        "starter/urls.py", [('path("/about/", about),', 'path("about/", about),', True)]
    ),
    "first-django-project/create-an-app": (
        "starter/settings.py", [('"hello",', '"polls",', False)]
    ),
    "writing-a-lesson/front-matter": (
        "lesson/tutorial.md", [("summary:", "audience: Anyone with a kettle", False)]
    ),
    "writing-a-lesson/blocks": (
        "lesson/02-warm-the-pot.md", [("hold it by its handle", ":::", False)]
    ),
    "writing-a-lesson/add-a-step": (
        "lesson/04-serve.md",
        [("Write this step here.", "Pour the tea into the warm cups, and enjoy it.", True)],
    ),
    "writing-a-lesson/demos-and-the-allowlist": (
        "lesson/03-steep.md", [("::demo steep-timr", "::demo steep-timer", True)]
    ),
    "writing-a-lesson/load-and-dump": (
        "lesson/01-boil-water.md",
        [("* fresh water", "- fresh water, one cup per person", True),
         ("* one cup more", "- one cup more, to warm the pot", True)],
    ),
}  # fmt: skip


@pytest.mark.parametrize("step", HANDS_ON_STEPS)
def test_a_check_fails_until_the_edit_is_made_in_the_page(learner: Page, server, step):
    path, edits = HANDS_ON_STEPS[step]
    if step.endswith("load-and-dump"):
        # Its check is the whole lesson's: the learner fixed the rest in the steps before.
        for before in ("front-matter", "blocks", "add-a-step", "demos-and-the-allowlist"):
            post_api(server, f"/api/workspaces/lesson-draft/solutions/{before}/apply")
    open_page(learner, f"{server.url}{step}/")
    panel = panel_opened(learner, path)
    check_my_work(learner, passes=False)
    if step.endswith("create-an-app"):
        run_demo(learner, "Create an app")  # the app's folder first: the check names it
        check_my_work(learner, passes=False)
    for anchor, text, replace in edits:
        edit_in_editor(learner, panel, anchor, text, replace=replace)
    save_in_panel(panel, path)
    check_my_work(learner, passes=True)
    learner.reload()
    expect(learner.locator("section.demo-check [data-check-passed]")).to_be_visible()


def test_the_workspace_panel_saves_shows_changes_and_reverts(learner: Page, server):
    open_page(learner, f"{server.url}first-django-project/create-an-app/")
    panel = panel_opened(learner, "starter/settings.py")
    settings_item = panel.locator(
        ".tree-file", has=learner.get_by_role("button", name="settings.py")
    )
    expect(settings_item.locator(".mark.changed")).to_have_count(0)

    edit_in_editor(learner, panel, "USE_TZ = True", 'TIME_ZONE = "Europe/Paris"', replace=False)
    expect(panel.locator(".workspace-status")).to_have_text("Not saved yet.")
    learner.keyboard.press("Control+s")  # the editor's own key
    expect(panel.locator(".workspace-status")).to_have_text("Saved starter/settings.py.")
    expect(settings_item.locator(".mark.changed")).to_have_text("changed")
    assert file_text(server, "django-starter", "starter/settings.py").endswith(
        'USE_TZ = True\nTIME_ZONE = "Europe/Paris"\n'
    )

    panel.get_by_role("button", name="Show changes").click()
    added = panel.locator(".diff .diff-added")
    expect(added.filter(has_text='+TIME_ZONE = "Europe/Paris"')).to_have_count(1)
    panel.get_by_role("button", name="Hide changes").click()

    panel.get_by_role("button", name="Revert file").click()  # the confirmation is accepted
    expect(panel.locator(".workspace-status")).to_have_text("Reverted starter/settings.py.")
    expect(settings_item.locator(".mark.changed")).to_have_count(0)
    expect(
        panel.locator(".cm-line, .workspace-textarea").filter(has_text="TIME_ZONE")
    ).to_have_count(0)
    assert "TIME_ZONE" not in file_text(server, "django-starter", "starter/settings.py")

    # A read-only file opens, but neither the button nor the key saves it.
    panel.get_by_role("button", name="manage.py").click()
    panel = panel_opened(learner, "manage.py")
    expect(panel.locator(".workspace-status")).to_have_text("manage.py is read-only.")
    expect(panel.get_by_role("button", name="Save", exact=True)).to_be_disabled()
    expect(
        panel.locator(".tree-file", has_text="manage.py").locator(".mark.readonly")
    ).to_be_visible()
    before = file_text(server, "django-starter", "manage.py")
    panel.locator(".cm-content, .workspace-textarea").click()
    learner.keyboard.type("# mine")
    learner.keyboard.press("Control+s")
    expect(panel.locator(".workspace-status")).to_contain_text("read-only")
    assert file_text(server, "django-starter", "manage.py") == before


def test_apply_solution_shows_the_changes_writes_them_and_the_check_passes(learner: Page, server):
    open_page(learner, f"{server.url}first-django-project/create-an-app/")
    panel = panel_opened(learner, "starter/settings.py")
    check_my_work(learner, passes=False)

    solution = learner.locator("details.details-block", has_text="Add the app to the project")
    solution.locator("summary").click()
    solution.get_by_role("button", name="Show the changes").click()
    changes = solution.locator(".solution-diff")
    expect(changes.locator(".diff-added").filter(has_text='"polls",')).to_have_count(1)
    expect(changes.locator(".solution-file code")).to_contain_text(
        ["polls/apps.py", "starter/settings.py"]
    )
    empty = changes.locator(".solution-file", has_text="polls/__init__.py")
    expect(empty).to_have_text("polls/__init__.py: a new, empty file.")

    solution.get_by_role("button", name="Apply solution").click()  # the confirmation is accepted
    expect(solution.locator(".solution-status")).to_contain_text("Solution applied")
    # The panel follows: the open file shows the solution, the new files are in the tree.
    expect(
        panel.locator(".cm-line, .workspace-textarea").filter(has_text='"polls",')
    ).to_have_count(1)
    expect(panel.get_by_role("button", name="apps.py")).to_be_visible()
    # The diff, still shown, now says every file matches.
    expect(changes.locator(".diff")).to_have_count(0)
    expect(empty).to_have_text("polls/__init__.py is already as in the solution.")
    check_my_work(learner, passes=True)
