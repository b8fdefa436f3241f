"""The packs API, for the instructor pages and the shell's drag-and-drop. Instructor only."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fieldguide.instructor.access import instructor_required
from fieldguide.packs import store
from fieldguide.packs.format import PackError
from fieldguide.packs.models import Pack


@require_POST
@instructor_required
def upload(request: HttpRequest) -> JsonResponse:
    """Multipart ``file``: 201 with the pack's id and summary, or 400 with why it is refused."""
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": "Send the pack as the multipart field 'file'."}, status=400)
    pack = store.receive(upload.chunks(), upload.name or "pack.fgpack")
    return JsonResponse(store.as_json(pack), status=201 if pack.state == Pack.State.READY else 400)


@never_cache
@require_GET
@instructor_required
def detail(request: HttpRequest, pack_id: str) -> JsonResponse:
    return JsonResponse(store.as_json(get_object_or_404(Pack, pk=pack_id)))


@require_POST
@instructor_required
def apply(request: HttpRequest, pack_id: str) -> JsonResponse:
    pack = get_object_or_404(Pack, pk=pack_id)
    try:
        pack = store.apply(pack)
    except PackError as exc:
        return JsonResponse({**store.as_json(pack), "error": str(exc)}, status=409)
    status = 200 if pack.state == Pack.State.APPLIED else 422
    return JsonResponse(store.as_json(pack), status=status)
