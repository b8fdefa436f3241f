"""The launch contract's open doors: health, the launch-token exchange, and the CSRF token."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from fieldguide.core.middleware import SESSION_KEY, token_digest


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def launch(request: HttpRequest) -> HttpResponse:
    """Trade the launch token for a session cookie, then go to the site (or ``next``)."""
    offered = request.GET.get("token", "")
    expected = settings.FIELDGUIDE_LAUNCH_TOKEN
    if not (expected and offered and hmac.compare_digest(offered.encode(), expected.encode())):
        return HttpResponseForbidden("Invalid launch token.", content_type="text/plain")
    request.session.cycle_key()
    request.session[SESSION_KEY] = token_digest(expected)
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    return redirect(target)


@never_cache
@require_GET
def csrf(request: HttpRequest) -> JsonResponse:
    """The CSRF token for the pages' scripts (lesson pages are cached, so it cannot be in them)."""
    return JsonResponse({"token": get_token(request)})
