"""The packs API, for the instructor pages and the shell's drag-and-drop. Instructor only."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fieldguide.instructor.access import instructor_required_json
from fieldguide.packs import store
from fieldguide.packs.format import PackError
from fieldguide.packs.store import PackState


@require_POST
@instructor_required_json
def upload(request: HttpRequest) -> JsonResponse:
    """Multipart ``file``: 201 with the pack's id and summary, or 400 with why it is refused."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": "Send the pack as the multipart field 'file'."}, status=400)
    pack = store.receive(upload.chunks(), upload.name or "pack.fgpack")
    return JsonResponse(pack.as_json(), status=201 if pack.state == PackState.READY else 400)


@never_cache
@require_GET
@instructor_required_json
def detail(request: HttpRequest, pack_id: str) -> JsonResponse:
    return JsonResponse(store.get_or_404(pack_id).as_json())


@require_POST
@instructor_required_json
def apply(request: HttpRequest, pack_id: str) -> JsonResponse:
    pack = store.get_or_404(pack_id)
    try:
        pack = store.apply(pack)
    except PackError as exc:
        return JsonResponse({**pack.as_json(), "error": str(exc)}, status=409)
    return JsonResponse(pack.as_json(), status=200 if pack.state == PackState.APPLIED else 422)
