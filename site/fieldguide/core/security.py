"""The Content-Security-Policy of every response, with django-csp (Django 5.2 has none).

Learner pages load only this server's scripts, styles and images (``CONTENT_SECURITY_POLICY``
in the settings). The Wagtail admin uses inline scripts and styles, so its pages also allow
those, and still nothing off the machine.
"""

from __future__ import annotations

from functools import cached_property

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

ADMIN_RELAXATIONS = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    @cached_property
    def admin_prefix(self) -> str:
        return reverse("wagtailadmin_home")  # once, on the first request

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and request.path.startswith(self.admin_prefix):
            parts.update = ADMIN_RELAXATIONS
        return parts
