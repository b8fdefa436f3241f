"""Leaving kiosk mode: the shell asks for the instructor password and Django checks it.

Until the workshops work adds a dedicated instructor account, instructors are the active
superusers. Only the shell calls this (with the launch token header), never a page.
"""

from __future__ import annotations

import json
import time

from django.contrib.auth import get_user_model
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from fieldguide.core.middleware import TOKEN_HEADER

FAILURE_DELAY = 1.0  # slows down guessing at the kiosk


def instructor_password_matches(password: str) -> bool:
    users = get_user_model().objects.filter(is_active=True, is_superuser=True)
    # Check every instructor, so that the time taken says nothing about which one matched.
    return any([user.check_password(password) for user in users])


@require_POST
def unlock(request: HttpRequest) -> JsonResponse:
    if TOKEN_HEADER not in request.headers:
        return JsonResponse({"unlocked": False, "error": "Only the shell may ask."}, status=403)
    try:
        password = json.loads(request.body or b"{}").get("password", "")
    except (ValueError, AttributeError):
        password = ""
    if isinstance(password, str) and password and instructor_password_matches(password):
        return JsonResponse({"unlocked": True})
    time.sleep(FAILURE_DELAY)
    return JsonResponse(
        {"unlocked": False, "error": "That is not the instructor password."}, status=403
    )
