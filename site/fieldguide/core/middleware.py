"""Every request but ``/health`` and static files must prove it comes from this launch."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse

TOKEN_HEADER = "X-Fieldguide-Token"
SESSION_KEY = "fieldguide_launch"


def token_digest(token: str) -> str:
    """What the session stores: a digest, so a session row never holds the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def request_has_token(request: HttpRequest) -> bool:
    expected = settings.FIELDGUIDE_LAUNCH_TOKEN
    if not expected:
        return False
    offered = request.headers.get(TOKEN_HEADER, "")
    if offered and hmac.compare_digest(offered.encode(), expected.encode()):
        # A page cannot set this header on a cross-site request, so such a request needs no
        # CSRF token; the page's own calls (by session cookie) still do.
        # (Django's own flag for this, which test clients set too: not in HttpRequest's type.)
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return True
    # A session from an earlier launch (another token) no longer counts.
    stored = request.session.get(SESSION_KEY, "")
    return bool(stored) and hmac.compare_digest(stored, token_digest(expected))


class LaunchTokenMiddleware:
    """403 for any request that carries neither the token header nor a launched session.

    ``/launch?token=…`` is let through so that its view can check the token and start the
    session; static files never reach this middleware (whitenoise answers them first).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> frozenset[str]:
        # Reversed once, on the first request (the URLconf is not loaded yet at __init__).
        return frozenset({reverse("core:health"), reverse("core:launch")})

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in self.open_paths:
            return self.get_response(request)
        if not request_has_token(request):
            return HttpResponseForbidden(
                "This Fieldguide server only answers the app that launched it.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
