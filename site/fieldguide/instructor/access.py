"""Who may see the instructor pages and the Wagtail admin: the logged-in instructor. On a
machine with no instructor yet, the first visit offers to set the password instead."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from fieldguide.instructor import account

GUARDED_PREFIXES = ("/admin/", "/instructor/")
SETUP_PATH = "/instructor/setup/"


class FirstInstructorMiddleware:
    """No instructor yet: /admin/ and /instructor/ lead to the set-up page, nowhere else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if path.startswith(GUARDED_PREFIXES) and path != SETUP_PATH and not account.exists():
            return redirect(f"{SETUP_PATH}?{urlencode({'next': path})}")
        return self.get_response(request)


def instructor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages: to the login page (then back). The API: 403 with where to log in."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if account.is_instructor(request.user):
            return view(request, *args, **kwargs)
        login = f"{reverse('wagtailadmin_login')}?{urlencode({'next': request.get_full_path()})}"
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": "Only the instructor may do this: log in first.", "login_url": login},
                status=403,
            )
        return redirect(login)

    return guarded
