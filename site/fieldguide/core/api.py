"""What every JSON endpoint shares: reading a JSON object from the body, and answering an
error as ``{"error": message, …}``."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse


class InvalidBody(ValueError):
    """The body is not a JSON object; the message says so, for the caller's 400."""


def json_body(request: HttpRequest) -> dict[str, Any]:
    """The request body as a JSON object; an empty body is ``{}``."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        raise InvalidBody("The request body must be JSON.") from None
    if not isinstance(body, dict):
        raise InvalidBody("The request body must be a JSON object.")
    return body


def json_error(status: int, message: str, **fields: object) -> JsonResponse:
    return JsonResponse({"error": message, **fields}, status=status)
