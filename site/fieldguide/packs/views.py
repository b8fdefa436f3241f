"""The instructor's lesson pack pages: export, import (upload, summary, apply)."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fieldguide.instructor.access import instructor_required
from fieldguide.lessons.models import TutorialPage
from fieldguide.packs import store
from fieldguide.packs.format import SUFFIX, PackError
from fieldguide.packs.forms import PackExportForm, PackUploadForm
from fieldguide.packs.writer import export_pack


@instructor_required
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "tutorials": TutorialPage.objects.live().order_by("path"),
        "packs": store.recent(),
    }
    return render(request, "packs/index.html", context)


@require_POST
@instructor_required
def export(request: HttpRequest) -> HttpResponseBase:
    form = PackExportForm(request.POST)
    if not form.is_valid():
        for error in form.errors["tutorial"]:
            messages.error(request, str(error))
        return redirect("packs:index")
    slugs = form.cleaned_data["tutorial"]
    scratch = Path(tempfile.mkdtemp(dir=store.folder(), prefix=".export-"))
    name = f"{'+'.join(slugs) if len(slugs) < 3 else 'tutorials'}-{timezone.now():%Y%m%d}{SUFFIX}"
    try:
        export_pack(slugs, scratch / name)
    except PackError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        messages.error(request, str(exc))
        return redirect("packs:index")
    return FileResponse(_RemovedWhenClosed(scratch / name), as_attachment=True, filename=name,
                        content_type="application/zip")  # fmt: skip


class _RemovedWhenClosed(io.FileIO):
    """The exported pack streams to the browser, then its temporary folder goes (on every
    platform: Windows cannot delete a file that is still open)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "rb")
        self.folder = path.parent

    def close(self) -> None:
        super().close()
        shutil.rmtree(self.folder, ignore_errors=True)


@require_POST
@instructor_required
def upload(request: HttpRequest) -> HttpResponse:
    form = PackUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors["file"]:
            messages.error(request, str(error))
        return redirect("packs:index")
    upload = form.cleaned_data["file"]
    pack = store.receive(upload.chunks(), upload.name or f"pack{SUFFIX}")
    return redirect("packs:detail", pack_id=pack.id)


@instructor_required
def detail(request: HttpRequest, pack_id: str) -> HttpResponse:
    return render(request, "packs/detail.html", {"pack": store.get_or_404(pack_id)})


@require_POST
@instructor_required
def apply(request: HttpRequest, pack_id: str) -> HttpResponse:
    """The form's own target, for when packs.js (which shows progress) does not run."""
    pack = store.get_or_404(pack_id)
    try:
        store.apply(pack)
    except PackError as exc:
        messages.error(request, str(exc))
    return redirect("packs:detail", pack_id=pack.id)
