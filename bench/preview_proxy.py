"""The preview proxy's cost: a 100 kB page fetched from a running service directly and
through /preview/<run-id>/ on a real run_django.py, interleaved, p50 of each; the target is
through at most 1.3 times direct. Services are started as service demos from an administrator's
demos.toml, one at a time.

    python bench/preview_proxy.py [--requests 300]

- static_html: the issue's own service (`python -m http.server`, bound to 127.0.0.1) sending
  a 100 kB HTML file full of root-relative links, each rewritten on the way through.
- static_text: the same bytes as text/plain: the proxy without the rewriting.
- django_html: a small Django project under `manage.py runserver --noreload` (as the shipped
  runserver demo) rendering a 100 kB page from a template: a service that does some work.
- fieldguide_request: a tiny answer of Fieldguide's own (`/api/csrf`), the floor of any
  request through it.
Direct requests open a connection each (as http.server, HTTP/1.0, wants); through Fieldguide
one keep-alive connection is reused, as a browser's would be.
"""

from __future__ import annotations

import argparse
import http.client
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from common import clean_env, percentile, report, spawn_until_ready, stop_server

PAGE_BYTES = 100 * 1024
ROW = (
    '<p><a href="/items/{n}/">Item {n}</a> <img src="/static/{n}.png" alt=""> '
    "A line of ordinary prose to read between the links of the page.</p>\n"
)
ROWS = PAGE_BYTES // len(ROW.format(n=100))
SERVICES = """
[demos.bench-static]
title = "Serve the benchmark pages"
kind = "service"
argv = ["{python}", "-m", "http.server", "--bind", "127.0.0.1", "{port}"]
ready = "Serving HTTP on"

[demos.bench-django]
title = "A Django project rendering the benchmark page"
kind = "service"
argv = ["{python}", "manage.py", "runserver", "127.0.0.1:{port}", "--noreload"]
ready = "Quit the server with"
"""
# One file: settings, a view that renders the page from a template, and manage.py's main.
DJANGO_PROJECT = f"""\
import sys

from django.conf import settings

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    SECRET_KEY="bench-only",
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    TEMPLATES=[{{"BACKEND": "django.template.backends.django.DjangoTemplates"}}],
)

from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

ROW = {ROW.replace("{n}", "{{ n }}")!r}
PAGE = "<!doctype html><title>Bench</title><body>{{% for n in rows %}}" + ROW + "{{% endfor %}}</body>"


def page(request):
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({{"rows": range({ROWS})}}))


urlpatterns = [path("page.html", page)]

if __name__ == "__main__":
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""


def page() -> bytes:
    body = "".join(ROW.format(n=n) for n in range(ROWS))
    return f"<!doctype html><title>Bench</title><body>{body}</body>".encode()


def call(server, method: str, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", server.ready["port"], timeout=30)
    connection.request(
        method,
        path,
        body=b"{}" if method == "POST" else None,
        headers={"X-Fieldguide-Token": server.token, "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    data = json.loads(response.read())
    connection.close()
    return data


def start_service(server, demo: str) -> tuple[int, int]:
    """The run's id and the service's port, once it is ready."""
    run_id = call(server, "POST", f"/api/demos/{demo}/runs")["id"]
    deadline = time.monotonic() + 60
    while "preview_url" not in call(server, "GET", f"/api/runs/{run_id}"):
        assert time.monotonic() < deadline, "the service never became ready"
        time.sleep(0.1)
    with sqlite3.connect(server.home / "db.sqlite3") as db:
        (port,) = db.execute("SELECT port FROM demos_demorun WHERE id = ?", (run_id,)).fetchone()
    return run_id, port


def stop_service(server, run_id: int) -> None:
    call(server, "POST", f"/api/runs/{run_id}/cancel")
    deadline = time.monotonic() + 30
    while call(server, "GET", f"/api/runs/{run_id}")["status"] == "running":
        assert time.monotonic() < deadline, "the service never stopped"
        time.sleep(0.1)


def fetch_direct(port: int, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return time.perf_counter() - started, len(body)


def fetch_through(
    connection: http.client.HTTPConnection, path: str, token: str
) -> tuple[float, int]:
    started = time.perf_counter()
    connection.request("GET", path, headers={"X-Fieldguide-Token": token})
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (response.status, body[:200])
    return time.perf_counter() - started, len(body)


def compare(server, run_id: int, port: int, name: str, requests: int) -> dict:
    through = http.client.HTTPConnection("127.0.0.1", server.ready["port"], timeout=30)
    direct_times, through_times = [], []
    for _ in range(10):  # warm-up: imports, connections, caches
        fetch_direct(port, f"/{name}")
        fetch_through(through, f"/preview/{run_id}/{name}", server.token)
    for _ in range(requests):
        seconds, direct_bytes = fetch_direct(port, f"/{name}")
        direct_times.append(seconds)
        seconds, through_bytes = fetch_through(through, f"/preview/{run_id}/{name}", server.token)
        through_times.append(seconds)
    through.close()
    direct_p50, through_p50 = percentile(direct_times, 0.5), percentile(through_times, 0.5)
    return {
        "requests": requests,
        "bytes_direct": direct_bytes,
        "bytes_through": through_bytes,
        "direct_p50_ms": round(direct_p50 * 1000, 2),
        "direct_p90_ms": round(percentile(direct_times, 0.9) * 1000, 2),
        "through_p50_ms": round(through_p50 * 1000, 2),
        "through_p90_ms": round(percentile(through_times, 0.9) * 1000, 2),
        "ratio_p50": round(through_p50 / direct_p50, 2),
        "target_ratio": 1.3,
    }


def fieldguide_floor(server, requests: int) -> dict:
    """What any request to Fieldguide costs (the launch-token check through Django's
    middleware): a tiny JSON answer, over the same kind of keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", server.ready["port"], timeout=30)
    for _ in range(20):  # warm-up
        fetch_through(connection, "/api/csrf", server.token)
    times = [fetch_through(connection, "/api/csrf", server.token)[0] for _ in range(requests)]
    connection.close()
    return {"requests": requests, "p50_ms": round(percentile(times, 0.5) * 1000, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    requests = parser.parse_args().requests
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        workspace = home / "workspaces"  # where a demo without a workspace runs
        workspace.mkdir(parents=True)
        (home / "demos.toml").write_text(SERVICES)
        (workspace / "page.html").write_bytes(page())
        (workspace / "page.txt").write_bytes(page())
        (workspace / "manage.py").write_text(DJANGO_PROJECT)
        _, server = spawn_until_ready(home, clean_env())
        results = {}
        try:
            run_id, port = start_service(server, "bench-static")
            results["fieldguide_request"] = fieldguide_floor(server, requests)
            results["static_html"] = compare(server, run_id, port, "page.html", requests)
            results["static_text"] = compare(server, run_id, port, "page.txt", requests)
            stop_service(server, run_id)
            run_id, port = start_service(server, "bench-django")
            results["django_html"] = compare(server, run_id, port, "page.html", requests)
            stop_service(server, run_id)
        finally:
            stop_server(server)
    report("preview_proxy", results)


if __name__ == "__main__":
    main()
