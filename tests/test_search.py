import pytest

pytestmark = pytest.mark.django_db


def test_finds_steps_by_their_body_with_highlighted_snippets(client, lessons):
    response = client.get("/search/", {"q": "migrations"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/first-django-project/create-the-database/"' in body
    assert "<mark>migrations</mark>" in body
    assert "Step in Your first Django project, offline" in body


def test_finds_tutorials_and_code(client, lessons):
    body = client.get("/search/", {"q": "INSTALLED_APPS"}).content.decode()
    assert 'href="/first-django-project/create-an-app/"' in body
    body = client.get("/search/", {"q": "brewing"}).content.decode()
    assert 'href="/writing-a-lesson/"' in body


def test_query_is_escaped_and_no_results_say_so(client, lessons):
    body = client.get("/search/", {"q": "<script>zzqx</script>"}).content.decode()
    assert "<script>zzqx" not in body
    assert "Nothing matches" in body


def test_empty_query(client, lessons):
    body = client.get("/search/").content.decode()
    assert "Type a word or two" in body


def test_partial_words_find_pages_as_prefixes(client, lessons):
    body = client.get("/search/", {"q": "migr"}).content.decode()
    assert 'href="/first-django-project/create-the-database/"' in body
    assert "<mark>migrations</mark>" in body
