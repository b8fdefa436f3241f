import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TOKEN = "test-launch-token"


def test_health_needs_no_token(anonymous_client):
    response = anonymous_client.get("/health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "url", ["/", "/search/?q=x", "/api/status", "/admin/", "/media/x.png", "/nope/"]
)
def test_everything_else_needs_the_token(anonymous_client, lessons, url):
    assert anonymous_client.get(url).status_code == 403


def test_wrong_token_is_refused(lessons):
    client = Client(headers={"X-Fieldguide-Token": "guess"})
    assert client.get("/").status_code == 403


def test_launch_trades_the_token_for_a_session(anonymous_client, lessons):
    assert anonymous_client.get("/launch", {"token": "wrong"}).status_code == 403
    response = anonymous_client.get("/launch", {"token": TOKEN, "next": "/writing-a-lesson/"})
    assert response.status_code == 302 and response["Location"] == "/writing-a-lesson/"
    assert anonymous_client.get("/writing-a-lesson/").status_code == 200


def test_launch_never_redirects_off_site(anonymous_client, lessons):
    response = anonymous_client.get("/launch", {"token": TOKEN, "next": "https://example.org/"})
    assert response["Location"] == "/"


def test_session_from_another_launch_no_longer_counts(anonymous_client, lessons, settings):
    anonymous_client.get("/launch", {"token": TOKEN})
    settings.FIELDGUIDE_LAUNCH_TOKEN = "the-next-launch"
    assert anonymous_client.get("/").status_code == 403


def test_host_must_be_this_machine(lessons):
    client = Client(headers={"X-Fieldguide-Token": TOKEN})
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/", HTTP_HOST="localhost:8000").status_code == 200
    assert client.get("/", HTTP_HOST="evil.example:8000").status_code == 400


def test_status_reports_the_contract_fields(client, lessons, settings):
    data = client.get("/api/status").json()
    assert data["version"] and data["home"] == str(settings.HOME.root)
    assert data["migrations_pending"] is False
    assert data["worker_alive"] is False  # nothing supervises a worker in this process
    assert data["running_demos"] == 0
    assert data["content_version"] == lessons.version
