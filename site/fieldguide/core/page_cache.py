"""A small cache of rendered learner pages, in front of Wagtail's page routing.

Rendering a step costs ~10 ms, mostly the routing queries; serving cached bytes costs one
indexed read of ``ContentGeneration``. Only GET responses that a page's ``serve`` marked
cacheable are kept, and only for visitors who are not logged in (editors see the user bar).
Any write to pages or images, in any process, bumps the generation and so empties the cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db.models import F
from django.http import HttpRequest, HttpResponse

from fieldguide.core.models import ContentGeneration

MAX_ENTRIES = 500
WATCHED_APPS = frozenset({"wagtailcore", "wagtailimages", "lessons"})
CACHEABLE = "_fieldguide_cacheable"
CachedPage = tuple[bytes, str]


def mark_cacheable(request: HttpRequest) -> None:
    setattr(request, CACHEABLE, True)


def current_generation() -> int:
    return ContentGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


_batch = threading.local()


@contextmanager
def one_generation() -> Iterator[None]:
    """Writes inside bump the generation once, at the end, not once per row (a load of 200
    pages writes some 1,500 rows)."""
    if getattr(_batch, "active", False):
        yield
        return
    _batch.active, _batch.changed = True, False
    try:
        yield
    finally:
        changed = _batch.changed
        _batch.active = _batch.changed = False
        if changed:
            _bump()


def bump_generation(sender: type, **kwargs: object) -> None:
    """Connected (in CoreConfig.ready) to the models of WATCHED_APPS only."""
    if getattr(_batch, "active", False):
        _batch.changed = True
        return
    _bump()


def _bump() -> None:
    updated = ContentGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        # First change ever: start at 1, so pages cached under "no row" (0) go stale.
        ContentGeneration.objects.get_or_create(pk=1, defaults={"value": 1})


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.entries: OrderedDict[tuple[int, str], CachedPage] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in {"GET", "HEAD"} or request.GET or request.user.is_authenticated:
            return self.get_response(request)
        key = (current_generation(), request.path)
        with self.lock:
            hit = self.entries.get(key)
            if hit:
                self.entries.move_to_end(key)
        if hit:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = self.get_response(request)
        cacheable = getattr(request, CACHEABLE, False)
        if cacheable and response.status_code == 200 and not response.streaming:
            with self.lock:
                self.entries[key] = (response.content, response["Content-Type"])
                while len(self.entries) > MAX_ENTRIES:
                    self.entries.popitem(last=False)
        return response
