"""``/preview/<run-id>/<path>``: a streaming reverse proxy to a running service's
``127.0.0.1:<port>``, for the learner who started it only.

Behind the launch token like every route. The service never sees Fieldguide's cookies nor its
token, and Fieldguide's pages never see the service's cookies (``preview_rewrite``). Anything
but a running, ready service of the current learner is a 404, so an id says nothing about
another learner's runs.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import quote

from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from fieldguide.demos.models import DemoRun
from fieldguide.demos.preview_rewrite import (
    RESPONSE_DROPPED,
    HtmlRewriter,
    content_security_policy,
    is_html,
    location,
    request_headers,
    response_cookies,
    service_cookie_header,
)
from fieldguide.demos.services import HOST
from fieldguide.learners.models import LearnerSession

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"]
TIMEOUT = 30.0  # connecting is immediate on 127.0.0.1; this bounds a service that hangs
CHUNK = 64 * 1024
BUFFERED_HTML = 1024 * 1024
PATH_SAFE = "/:@!$&'()*+,;="  # what a path segment may hold unescaped (RFC 3986)


def previewable(run_id: int) -> int:
    """The port of the current learner's running, ready service ``run_id``, or 404.

    Every request of a page in the preview asks this, so it is one plain query: the ORM's
    compiling of the same filter (with the learner as a subquery) cost 0.7 ms a request,
    more than the query itself. The run must be running with a port and a ready time, and
    be the learner's: the seat's newest session, as ``current_learner`` has it.
    """
    runs, sessions = DemoRun._meta.db_table, LearnerSession._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT port FROM {runs} WHERE id = %s AND status = %s AND port IS NOT NULL "  # noqa: S608 -- table names from the models, values as parameters
            f"AND ready_at IS NOT NULL AND learner = (SELECT key FROM {sessions} "
            "ORDER BY started_at DESC, id DESC LIMIT 1)",
            [run_id, DemoRun.Status.RUNNING],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404("There is no running service of yours with this number.")
    return int(row[0])


# Fieldguide's CSRF check is for its own forms; the service checks its own. A cross-site page
# still cannot post here: the launch session's cookie is SameSite=Strict.
@csrf_exempt
@require_http_methods(METHODS)
def preview(request: HttpRequest, run_id: int, path: str = "") -> HttpResponseBase:
    port = previewable(run_id)
    assert request.method is not None
    target = "/" + quote(path, safe=PATH_SAFE)
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    headers = request_headers(request.headers.items())
    cookies = service_cookie_header(request.headers.get("Cookie", ""), run_id)
    if cookies:
        headers["Cookie"] = cookies
    headers["X-Forwarded-Host"] = request.get_host()
    headers["X-Forwarded-Proto"] = "http"
    headers["X-Forwarded-Prefix"] = f"/preview/{run_id}"
    length = request.META.get("CONTENT_LENGTH") or ""
    body = None
    if length.isdigit() and int(length) > 0:
        # Read as it is sent on, never whole into memory; with its length, not chunked (which
        # many development servers cannot read).
        body = request
        headers["Content-Length"] = length
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    try:
        connection.request(request.method, target, body=body, headers=headers)
        upstream = connection.getresponse()
    except (OSError, http.client.HTTPException):
        connection.close()
        return HttpResponse(
            "The service did not answer: it may have stopped. Reload to try again.",
            status=502,
            content_type="text/plain; charset=utf-8",
        )
    return _relay(upstream, connection, run_id, port, head=request.method == "HEAD")


def _relay(
    upstream: http.client.HTTPResponse,
    connection: http.client.HTTPConnection,
    run_id: int,
    port: int,
    head: bool,
) -> HttpResponseBase:
    content_type = upstream.getheader("Content-Type")
    rewriter = None
    if content_type and is_html(content_type) and not upstream.getheader("Content-Encoding"):
        rewriter = HtmlRewriter(run_id)
    length = upstream.getheader("Content-Length") or ""
    response: HttpResponseBase
    if rewriter and not head and length.isdigit() and int(length) <= BUFFERED_HTML:
        # A page of known, modest size is rewritten whole and sent with its length: one write
        # for the server instead of a chunked stream (a millisecond less for 100 kB here).
        try:
            body = rewriter.feed(upstream.read()) + rewriter.finish()
        finally:
            connection.close()
        response = HttpResponse(body, status=upstream.status, reason=upstream.reason)
    else:
        response = StreamingHttpResponse(
            _chunks(upstream, connection, rewriter), status=upstream.status, reason=upstream.reason
        )
        if length and not rewriter:
            response["Content-Length"] = length
    if content_type is None:
        del response["Content-Type"]
    _copy_headers(upstream, response, run_id, port)
    return response


def _copy_headers(
    upstream: http.client.HTTPResponse, response: HttpResponseBase, run_id: int, port: int
) -> None:
    named_by_connection = {
        token.strip().lower() for token in (upstream.getheader("Connection") or "").split(",")
    }
    combined: dict[str, list[str]] = {}
    for name, value in upstream.getheaders():
        lower = name.lower()
        if lower == "set-cookie":
            for key, morsel in response_cookies(value, run_id):
                response.cookies[key] = morsel
        elif lower == "location":
            response["Location"] = location(value, run_id, port)
        elif lower not in RESPONSE_DROPPED and lower not in named_by_connection:
            combined.setdefault(name, []).append(value)
    for name, values in combined.items():
        response[name] = ", ".join(values)
    response["Content-Security-Policy"] = content_security_policy(
        upstream.getheader("Content-Security-Policy")
    )
    # Only Fieldguide's own pages frame the preview, whatever the service says about framing.
    response["X-Frame-Options"] = "SAMEORIGIN"


def _chunks(
    upstream: http.client.HTTPResponse,
    connection: http.client.HTTPConnection,
    rewriter: HtmlRewriter | None,
) -> Iterator[bytes]:
    try:
        while chunk := upstream.read1(CHUNK):
            out = rewriter.feed(chunk) if rewriter else chunk
            if out:
                yield out
        if rewriter:
            yield rewriter.finish()
    except (OSError, http.client.HTTPException):
        return  # the service went away mid-answer: the page ends where it stopped
    finally:
        connection.close()
