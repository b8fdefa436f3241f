"""A tutorial to take away: the printable handout and the Jupyter notebook."""

from __future__ import annotations

import json

import nbformat
import pytest
from fieldguide.lessons.models import TutorialPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutorial(lessons) -> TutorialPage:
    return TutorialPage.objects.get(slug="first-django-project")


def test_the_tutorial_page_offers_both_downloads(client, tutorial):
    page = client.get(tutorial.url).content.decode()
    assert f'href="/tutorials/{tutorial.pk}/handout/"' in page
    assert f'href="/tutorials/{tutorial.pk}/notebook.ipynb" download' in page


def test_the_handout_is_every_step_on_one_printable_page(client, tutorial):
    response = client.get(f"/tutorials/{tutorial.pk}/handout/")
    assert response.status_code == 200
    html = response.content.decode()
    steps = tutorial.steps()
    for number, step in enumerate(steps, start=1):
        assert f"Step {number}: {step.title}" in html
    # Demos appear as their command lines, not as buttons.
    assert "$ python -m django --version" in html
    assert "data-run" not in html and "Check my work" not in html
    assert 'media="print"' in html  # the print style sheet


def test_the_notebook_validates_against_nbformat_4(client, tutorial):
    response = client.get(f"/tutorials/{tutorial.pk}/notebook.ipynb")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ipynb+json"
    assert 'filename="first-django-project.ipynb"' in response["Content-Disposition"]
    notebook = nbformat.reads(response.content.decode(), as_version=4)
    nbformat.validate(notebook)  # raises on any schema violation
    assert notebook.nbformat == 4


def test_the_notebook_has_step_text_and_each_demo_as_a_shell_line(client, tutorial):
    notebook = json.loads(client.get(f"/tutorials/{tutorial.pk}/notebook.ipynb").content)
    markdown = [c["source"] for c in notebook["cells"] if c["cell_type"] == "markdown"]
    code = [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"]
    assert markdown[0].startswith(f"# {tutorial.title}")
    assert any(s.startswith("## Step 1: ") for s in markdown)
    assert any(line.endswith("\n!python -m django --version") for line in code)
    assert any("!python manage.py startapp polls" in line for line in code)
    assert all(line.splitlines()[-1].startswith("!") for line in code)


def test_an_unknown_tutorial_is_404(client, lessons):
    assert client.get("/tutorials/999999/handout/").status_code == 404
    assert client.get("/tutorials/999999/notebook.ipynb").status_code == 404
