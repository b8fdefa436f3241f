"""The Content-Security-Policy every page is sent (Django 5.2 has no CSP of its own).

Learner pages load only this server's scripts, styles and images. The Wagtail admin uses
inline scripts and styles, so its policy allows those, and nothing off the machine either.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

COMMON = (
    "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)
LEARNER_POLICY = f"{COMMON}; script-src 'self'; style-src 'self'"
ADMIN_POLICY = f"{COMMON}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        admin = request.path.startswith("/admin/") or request.path.startswith("/documents/")
        response.setdefault("Content-Security-Policy", ADMIN_POLICY if admin else LEARNER_POLICY)
        return response
