"""Every response carries a Content-Security-Policy that keeps the page on this machine."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def test_learner_pages_allow_only_this_servers_code(client, lessons):
    policy = directives(client.get("/first-django-project/"))
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]


def test_the_admin_may_also_run_its_inline_code_and_nothing_remote(client):
    policy = directives(client.get("/admin/login/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert all("//" not in value for values in policy.values() for value in values)


def test_even_errors_and_the_health_check_carry_it(client, anonymous_client):
    assert directives(anonymous_client.get("/health"))["script-src"] == ["'self'"]
    assert directives(client.get("/no/such/page/"))["script-src"] == ["'self'"]
