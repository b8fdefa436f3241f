"""Leaving kiosk mode: the shell asks for the instructor password and Django checks it.

Only the shell calls this (with the launch token header), never a page.
"""

from __future__ import annotations

import json
import time

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from fieldguide.core.middleware import TOKEN_HEADER
from fieldguide.instructor import account

FAILURE_DELAY = 1.0  # slows down guessing at the kiosk


@require_POST
def unlock(request: HttpRequest) -> JsonResponse:
    if TOKEN_HEADER not in request.headers:
        return JsonResponse({"unlocked": False, "error": "Only the shell may ask."}, status=403)
    try:
        password = json.loads(request.body or b"{}").get("password", "")
    except (ValueError, AttributeError):
        password = ""
    if isinstance(password, str) and password and account.password_matches(password):
        return JsonResponse({"unlocked": True})
    time.sleep(FAILURE_DELAY)
    return JsonResponse(
        {"unlocked": False, "error": "That is not the instructor password."}, status=403
    )
