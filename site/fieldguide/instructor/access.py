"""Who may see the instructor pages and the Wagtail admin: the logged-in instructor. On a
machine with no instructor yet, the first visit offers to set the password instead."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from fieldguide.instructor import account


class FirstInstructorMiddleware:
    """No instructor yet: the admin and the instructor pages lead to the set-up page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def guarded(self) -> tuple[str, ...]:
        """The Wagtail admin and the instructor pages (reversed once, on the first request)."""
        return (reverse("wagtailadmin_home"), reverse("instructor:overview"))

    @cached_property
    def setup(self) -> str:
        return reverse("instructor:setup")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith(self.guarded) and path != self.setup and not account.exists():
            return redirect(f"{self.setup}?{urlencode({'next': path})}")
        return self.get_response(request)


def _login_url(request: HttpRequest) -> str:
    return f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}"


def instructor_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For pages: anyone else goes to the login page (and comes back after)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if account.is_instructor(request.user):
            return view(request, *args, **kwargs)
        return redirect(_login_url(request))

    return guarded


def instructor_required_json(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """For the API: anyone else gets a 403 that says where to log in."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if account.is_instructor(request.user):
            return view(request, *args, **kwargs)
        return JsonResponse(
            {
                "error": "Only the instructor may do this: log in first.",
                "login_url": _login_url(request),
            },
            status=403,
        )

    return guarded
