"""The learner's pages, rendered by the real templates from the shipped lessons."""

import re
import shutil

import pytest
from fieldguide.lessons.models import (
    DocPage,
    DocsIndexPage,
    StepPage,
    TutorialIndexPage,
    TutorialPage,
)
from wagtail.test.utils import WagtailPageTestCase

from tests.clients import TokenClient

pytestmark = pytest.mark.django_db


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_index_lists_tutorials(client, lessons):
    page = html(client, "/")
    assert "Your first Django project, offline" in page
    assert "Writing a Fieldguide lesson" in page
    assert 'role="search"' in page


def test_tutorial_page_shows_facts_and_steps(client, lessons):
    page = html(client, "/first-django-project/")
    assert "Python beginners who have never used Django" in page
    assert "about 40 minutes" in page and "Beginner" in page
    assert "Basic Python (variables, functions, imports)" in page
    assert page.count('"><a href="/first-django-project/') == 6
    assert 'href="/first-django-project/check-your-tools/" rel="next"' in page


def test_step_page_navigation_and_position(client, lessons):
    page = html(client, "/first-django-project/run-the-checks/")
    assert "Step 3 of 6" in page
    assert re.search(r'<a href="/first-django-project/run-the-checks/"\s+aria-current="step"', page)
    assert 'href="/first-django-project/tour-the-project/" rel="prev" data-key="ArrowLeft"' in page
    assert (
        'href="/first-django-project/create-the-database/" rel="next" data-key="ArrowRight"' in page
    )
    assert 'media="print"' in page


def test_first_and_last_steps(client, lessons):
    first = html(client, "/first-django-project/check-your-tools/")
    assert 'rel="prev"' not in first
    last = html(client, "/first-django-project/see-a-view-respond/")
    assert 'rel="next"' not in last and "Back to the tutorial overview" in last


def test_blocks_render(client, lessons):
    page = html(client, "/first-django-project/create-an-app/")
    # Code: highlighted on the server, labelled, with a copy button (shown by the script).
    assert '<div class="highlight">' in page and '<span class="language">Python</span>' in page
    assert "data-copy" in page
    # Solution: collapsed.
    assert "<details" in page and "<summary>Add the app to the project</summary>" in page
    # Demo: title, the exact command line, its parameter, Run and Reset workspace.
    assert "Demo · Create an app" in page
    assert "python manage.py startapp polls" in page
    demo = page.split('class="demo"')[1].split("</section>")[0]
    assert 'data-param="name"' in demo and "data-run" in demo and "data-reset" in demo
    callouts = html(client, "/first-django-project/check-your-tools/")
    assert 'class="callout callout-tip"' in callouts


def test_unknown_url_gets_the_sites_404(client, lessons):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and 'class="site-header"' in body


def test_preview_renders_a_draft(client, lessons, django_user_model):
    step = StepPage.objects.get(slug="run-the-checks")
    step.title = "Draft title"
    step.save_revision()
    admin = django_user_model.objects.create_superuser("editor", "e@example.org", "pw-12345678")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{step.pk}/edit/preview/")
    assert response.status_code == 200
    assert StepPage.objects.get(pk=step.pk).title == "Run the checks"  # live page unchanged


class TreeRulesTests(WagtailPageTestCase):
    client_class = TokenClient

    def smallest_tree(self) -> TutorialPage:
        """A tutorial of its own (under the session's tutorial index), and an editor logged in."""
        index = TutorialIndexPage.objects.get()
        self.login()
        return index.add_child(
            instance=TutorialPage(title="T", slug="t", summary="s", audience="a")
        )

    def test_page_tree_rules(self):
        self.assertAllowedParentPageTypes(TutorialPage, {TutorialIndexPage})
        self.assertAllowedSubpageTypes(TutorialPage, {StepPage})
        self.assertAllowedParentPageTypes(StepPage, {TutorialPage})
        self.assertAllowedSubpageTypes(StepPage, set())
        self.assertAllowedSubpageTypes(TutorialIndexPage, {TutorialPage, DocsIndexPage})
        self.assertAllowedSubpageTypes(DocsIndexPage, {DocPage})
        self.assertAllowedParentPageTypes(DocPage, {DocsIndexPage, DocPage})
        self.assertAllowedSubpageTypes(DocPage, {DocPage})

    def test_editor_can_create_a_step_with_blocks(self):
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        tutorial = self.smallest_tree()
        self.assertCanCreate(
            tutorial,
            StepPage,
            nested_form_data(
                {
                    "title": "A step",
                    "slug": "a-step",
                    "body": streamfield(
                        [
                            ("text", rich_text("<p>Hello</p>")),
                            ("code", {"language": "python", "code": "print(1)"}),
                            (
                                "callout",
                                {
                                    "kind": "tip",
                                    "title": "",
                                    "body": streamfield([("text", rich_text("<p>Tip</p>"))]),
                                },
                            ),
                            ("demo", {"demo": "django-version"}),
                        ]
                    ),
                }
            ),
        )

    def test_code_typed_in_the_admin_is_stored_with_unix_newlines(self):
        from wagtail.test.utils.form_data import nested_form_data, streamfield

        tutorial = self.smallest_tree()
        data = nested_form_data(
            {
                "title": "Windows",
                "slug": "windows",
                "body": streamfield(
                    [
                        ("code", {"language": "python", "code": "a = 1\r\nb = 2\r\n"}),
                        ("demo", {"demo": "startapp", "params": "name=blog\r\n"}),
                    ]
                ),
                "action-publish": "publish",
            }
        )
        self.client.post(f"/admin/pages/add/lessons/steppage/{tutorial.pk}/", data)
        body = StepPage.objects.get(slug="windows").body.raw_data
        assert body[0]["value"]["code"] == "a = 1\nb = 2"  # (the form strips the last newline)
        assert body[1]["value"]["params"] == "name=blog"

    def test_editor_cannot_pick_an_unlisted_demo(self):
        from wagtail.test.utils.form_data import nested_form_data, streamfield

        tutorial = self.smallest_tree()
        data = nested_form_data(
            {
                "title": "Bad",
                "slug": "bad",
                "body": streamfield([("demo", {"demo": "rm-rf-slash"})]),
            }
        )
        response = self.client.post(
            f"/admin/pages/add/lessons/steppage/{tutorial.pk}/", data, follow=True
        )
        assert not StepPage.objects.filter(slug="bad").exists()
        assert "Select a valid choice" in response.content.decode()


def test_cached_pages_follow_edits_in_this_and_other_processes(client, lessons):
    from django.db.models import F
    from fieldguide.core.models import ContentGeneration

    url = "/writing-a-lesson/front-matter/"
    assert "<h1>Front matter</h1>" in html(client, url)
    step = StepPage.objects.get(slug="front-matter")
    step.title = "Front matter, explained"
    step.save_revision().publish()
    assert "<h1>Front matter, explained</h1>" in html(client, url)
    # Another process (a worker, a `manage load_content`) changes rows and bumps the counter.
    StepPage.objects.filter(pk=step.pk).update(title="Changed elsewhere")
    assert "<h1>Front matter, explained</h1>" in html(client, url), "served from the cache"
    ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    assert "<h1>Changed elsewhere</h1>" in html(client, url)


def test_editors_never_get_a_cached_page(client, lessons, django_user_model):
    url = "/writing-a-lesson/"
    assert "wagtail-userbar" not in html(client, url)
    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw-12345678")
    client.force_login(editor)
    assert "wagtail-userbar" in html(client, url).lower()


class DemoBlockValidationTests(WagtailPageTestCase):
    client_class = TokenClient

    def test_fixed_parameters_are_checked_against_the_allowlist(self):
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        tutorial = TutorialIndexPage.objects.get().add_child(
            instance=TutorialPage(title="T", slug="t", summary="s", audience="a")
        )
        self.login()

        def save(params: str):
            data = nested_form_data(
                {
                    "title": "Step",
                    "slug": f"step-{len(params)}",
                    "body": streamfield(
                        [
                            (
                                "demo",
                                {
                                    "demo": "startapp",
                                    "params": params,
                                    "check": False,
                                    "check_hint": rich_text(""),
                                },
                            )
                        ]
                    ),
                }
            )
            return self.client.post(f"/admin/pages/add/lessons/steppage/{tutorial.pk}/", data)

        refused = save("name=Not Valid!")
        assert refused.status_code == 200 and not StepPage.objects.filter(slug="step-15").exists()
        assert "is not allowed" in refused.content.decode()
        assert save("shell=/bin/sh").status_code == 200
        accepted = save("name=blog")
        assert accepted.status_code == 302 and StepPage.objects.filter(slug="step-9").exists()


def test_a_demo_blocks_value_knows_its_demo_and_the_runs_it_accepts():
    from fieldguide.lessons.blocks import DemoBlock, DemoValue

    value = DemoBlock().to_python({"demo": "startapp", "params": "name=blog", "check": True})
    assert isinstance(value, DemoValue) and value.definition.id == "startapp"
    assert value.fixed == {"name": "blog"}
    assert value.command_line() == "python manage.py startapp blog"
    assert [(name, fixed) for name, _, fixed in value.inputs()] == [("name", "blog")]
    assert value.accepts_run("startapp", {"name": "blog"})
    assert not value.accepts_run("startapp", {"name": "polls"})
    assert not value.accepts_run("django-check", {"name": "blog"})

    unknown = DemoBlock().to_python({"demo": "not-on-this-machine", "params": "a b c"})
    assert unknown.definition is None and unknown.fixed == {} and unknown.command_line() == ""


def test_a_tutorials_text_fields_keep_unix_newlines(lessons):
    tutorial = TutorialPage.objects.get(slug="first-django-project")
    tutorial.summary, tutorial.prerequisites = "One.\r\nTwo.", "Python\r\nA terminal"
    tutorial.full_clean()
    assert (tutorial.summary, tutorial.prerequisites) == ("One.\nTwo.", "Python\nA terminal")


def test_the_migration_normalises_what_the_admin_stored_before(lessons):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "fieldguide.lessons.migrations.0003_code_and_params_keep_unix_newlines"
    )
    step = StepPage.objects.get(slug="tour-the-project")
    raw = list(step.body.raw_data)
    code = next(block for block in raw if block["type"] == "code")
    code["value"]["code"] = code["value"]["code"].replace("\n", "\r\n")
    StepPage.objects.filter(pk=step.pk).update(body=raw)

    def stored_code() -> str:
        body = StepPage.objects.get(pk=step.pk).body.raw_data
        return next(block for block in body if block["type"] == "code")["value"]["code"]

    assert "\r\n" in stored_code()
    migration.normalise_newlines(apps, None)
    assert "\r" not in stored_code() and stored_code().count("\n") > 0


def test_headings_get_stable_unique_ids():
    from fieldguide.lessons.headings import add_heading_ids

    taken: set[str] = set()
    html = add_heading_ids(
        '<h2>Before you start</h2><p>x</p><h3 data-block-key="k1">Before you start!</h3>'
        '<h4 id="kept">Kept</h4><h2><b></b></h2>',
        taken,
    )
    assert html == (
        '<h2 id="before-you-start">Before you start</h2><p>x</p>'
        '<h3 data-block-key="k1" id="before-you-start-2">Before you start!</h3>'
        '<h4 id="kept">Kept</h4><h2 id="section"><b></b></h2>'
    )
    # A later block of the same page goes on from the ids already taken.
    assert add_heading_ids("<h2>Before you start</h2>", taken) == (
        '<h2 id="before-you-start-3">Before you start</h2>'
    )


def test_in_page_anchor_links_land_on_a_heading(client, lessons, tmp_path):
    from fieldguide.lessons.sources.loader import load_tree

    from tests.conftest import CONTENT

    tutorials = tmp_path / "tutorials"
    shutil.copytree(CONTENT / "tutorials", tutorials)
    step = tutorials / "first-django-project" / "02-tour-the-project.md"
    step.write_text(
        step.read_text()
        + "\n## What you have now\n\nSee [the summary](#what-you-have-now).\n\n"
        + "## What you have now\n\nAnd [the second one](#what-you-have-now-2).\n"
    )
    load_tree(tutorials)
    page = client.get("/first-django-project/tour-the-project/").content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    anchors = re.findall(r'href="#([^"]+)"', page)
    assert {"what-you-have-now", "what-you-have-now-2"} <= set(anchors)
    assert [anchor for anchor in anchors if anchor not in ids] == []


def test_a_table_renders_with_its_header_and_alignment(client, lessons, tmp_path):
    from fieldguide.lessons.sources.loader import load_tree

    from tests.conftest import CONTENT

    tutorials = tmp_path / "tutorials"
    shutil.copytree(CONTENT / "tutorials", tutorials)
    step = tutorials / "first-django-project" / "02-tour-the-project.md"
    step.write_text(step.read_text() + "\n| File | Lines |\n| --- | --: |\n| `urls.py` | 12 |\n")
    load_tree(tutorials)
    page = client.get("/first-django-project/tour-the-project/").content.decode()
    table = page[page.index("<table>") : page.index("</table>")]
    assert re.search(r'<th scope="col"\s+class="htRight"\s*>\s*Lines', table)
    assert re.search(r"<td\s*>\s*<code>urls.py</code>", table)
    assert re.search(r'<td class="htRight"\s*>\s*12', table)


def test_a_code_blocks_title_and_marked_lines_show(client, lessons, tmp_path):
    from fieldguide.lessons.sources.loader import load_tree

    from tests.conftest import CONTENT

    tutorials = tmp_path / "tutorials"
    shutil.copytree(CONTENT / "tutorials", tutorials)
    step = tutorials / "first-django-project" / "02-tour-the-project.md"
    step.write_text(
        step.read_text() + '\n```python title="starter/urls.py" hl_lines="2"\na = 1\nb = 2\n```\n'
    )
    load_tree(tutorials)
    page = client.get("/first-django-project/tour-the-project/").content.decode()
    assert '<span class="code-title">starter/urls.py</span>' in page
    assert re.search(r'<span class="hll">.*b', page)
