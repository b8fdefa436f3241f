"""Leaving kiosk mode: the shell asks for the instructor password and Django checks it.

Only the shell calls this (with the launch token header), never a page.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from fieldguide.core.api import InvalidBody, json_body, json_error
from fieldguide.core.middleware import TOKEN_HEADER
from fieldguide.instructor import account

FAILURE_DELAY = 1.0  # slows down guessing at the kiosk


@require_POST
def unlock(request: HttpRequest) -> JsonResponse:
    if TOKEN_HEADER not in request.headers:
        return json_error(403, "Only the shell may ask.", unlocked=False)
    try:
        password = json_body(request).get("password", "")
    except InvalidBody:
        password = ""
    if isinstance(password, str) and password and account.password_matches(password):
        return JsonResponse({"unlocked": True})
    time.sleep(FAILURE_DELAY)
    return json_error(403, "That is not the instructor password.", unlocked=False)
