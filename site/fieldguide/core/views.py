from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import fieldguide
from fieldguide.core import runtime
from fieldguide.core.middleware import SESSION_KEY, token_digest
from fieldguide.demos.runs import running_demo_count
from fieldguide.launcher.database import pending_migrations
from fieldguide.lessons.models import ContentImport


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
def status(request: HttpRequest) -> JsonResponse:
    latest = ContentImport.objects.order_by("-loaded_at").first()
    return JsonResponse(
        {
            "version": fieldguide.__version__,
            "home": str(settings.HOME.root),
            "database": str(settings.DATABASES["default"]["NAME"]),
            "migrations_pending": bool(pending_migrations()),
            "worker_alive": runtime.worker_alive(),
            "running_demos": running_demo_count(),
            "content_version": latest.content_version if latest else None,
        }
    )
