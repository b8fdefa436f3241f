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
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect, sync_playwright

from tests.browsers import ARGS, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django must not mind.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


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
    details = page.locator("details.details-block")
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


def test_check_my_work_completes_the_step(page: Page, shared_server):
    open_page(page, f"{shared_server.url}writing-a-lesson/load-and-dump/")
    check = page.locator("section.demo-check")
    expect(check.locator("[data-check-passed]")).to_be_hidden()
    check.get_by_role("button", name="Check my work").click()
    expect(check.locator("[data-check-passed]")).to_be_visible(timeout=30000)
    expect(check.locator("[data-check-hint]")).to_be_hidden()
    page.reload()
    expect(page.locator("section.demo-check [data-check-passed]")).to_be_visible()


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
