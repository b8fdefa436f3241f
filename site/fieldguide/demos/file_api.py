"""The workspace file API: the learner's copy in the page's editor, and the author's solutions.

Behind the launch token like every route (the page's calls also need the CSRF token). Each
answer is about the current learner's copy, never the pristine workspace. Refusals answer
``{"error": …}`` with the status of the FileRefused that said no, and change nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from filelock import Timeout

from fieldguide.core.api import json_error
from fieldguide.demos.file_errors import FileRefused, TooLarge
from fieldguide.demos.workspace_files import (
    FILE_LIMIT,
    FileInfo,
    Workspace,
    diff_file,
    etag,
    list_files,
    open_workspace,
    read_file,
    revert_file,
    save_file,
)
from fieldguide.demos.workspace_settings import WorkspaceSettingsError
from fieldguide.demos.workspace_solutions import apply_solution, solution_diff
from fieldguide.demos.workspaces import WorkspaceError
from fieldguide.learners.identity import current_learner

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def _answers_refusals(view: View[P]) -> View[P]:
    @functools.wraps(view)
    def answer(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except FileRefused as exc:
            return json_error(exc.status, str(exc), **exc.fields)
        except WorkspaceSettingsError as exc:  # the author's mistake, not the learner's
            return json_error(500, str(exc))
        except WorkspaceError as exc:
            return json_error(404, str(exc))
        except Timeout:
            return json_error(503, "The workspace is busy saving: try again in a moment.")

    return answer


def _workspace(request: HttpRequest, name: str) -> Workspace:
    # Looking does not start a learner session (as for progress); changing a file does.
    learner = current_learner(start=request.method not in ("GET", "HEAD"))
    return open_workspace(name, learner)


def _written(info: FileInfo) -> JsonResponse:
    response = JsonResponse({"path": info.path, "size": info.size, "changed": info.changed})
    response["ETag"] = info.etag
    return response


def _body(request: HttpRequest) -> bytes:
    """The raw body, refused unread if it says it is too large (save_file checks what came)."""
    declared = request.META.get("CONTENT_LENGTH") or ""
    if declared.isdigit() and int(declared) > FILE_LIMIT:
        raise TooLarge(f"A file may be {FILE_LIMIT // 1024} KiB at most.", limit=FILE_LIMIT)
    return request.body


@never_cache
@require_GET
@_answers_refusals
def file_list(request: HttpRequest, name: str) -> HttpResponse:
    ws = _workspace(request, name)
    return JsonResponse({"files": [info.listed() for info in list_files(ws)]})


@never_cache
@require_http_methods(["GET", "PUT"])
@_answers_refusals
def file_detail(request: HttpRequest, name: str, path: str) -> HttpResponse:
    """GET: the text with its ETag. PUT: the body as the new text; with ``If-Match``, only if
    the file is still that version (else 409 with the current text and ETag)."""
    ws = _workspace(request, name)
    if request.method == "GET":
        data = read_file(ws, path)
        response = HttpResponse(data, content_type="text/plain; charset=utf-8")
        response["ETag"] = etag(data)
        return response
    return _written(save_file(ws, path, _body(request), request.headers.get("If-Match")))


@require_POST
@_answers_refusals
def file_revert(request: HttpRequest, name: str, path: str) -> HttpResponse:
    """The pristine version back; a file the learner made is deleted (``"deleted": true``)."""
    ws = _workspace(request, name)
    reverted = revert_file(ws, path)
    if reverted is None:
        return JsonResponse({"path": path, "deleted": True})
    return _written(reverted)


@never_cache
@require_GET
@_answers_refusals
def file_diff(request: HttpRequest, name: str, path: str) -> HttpResponse:
    return JsonResponse({"diff": diff_file(_workspace(request, name), path)})


@never_cache
@require_GET
@_answers_refusals
def solution_detail(request: HttpRequest, name: str, step: str) -> HttpResponse:
    return JsonResponse({"files": solution_diff(_workspace(request, name), step)})


@require_POST
@_answers_refusals
def solution_apply(request: HttpRequest, name: str, step: str) -> HttpResponse:
    return JsonResponse({"applied": apply_solution(_workspace(request, name), step)})
