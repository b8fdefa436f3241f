"""``GET /api/status``: what the shell shows in its diagnostics. It reports on every layer
(the launcher's worker, migrations, demos, content), so it lives at the project level."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

import fieldguide
from fieldguide.core import runtime
from fieldguide.demos.models import DemoRun
from fieldguide.launcher.database import pending_migrations
from fieldguide.lessons.models import ContentImport


@never_cache
@require_GET
def status(request: HttpRequest) -> JsonResponse:
    latest = ContentImport.objects.first()  # the newest: ordered by -loaded_at
    return JsonResponse(
        {
            "version": fieldguide.__version__,
            "home": str(settings.HOME.root),
            "database": str(settings.DATABASES["default"]["NAME"]),
            "migrations_pending": bool(pending_migrations()),
            "worker_alive": runtime.worker_alive(),
            "running_demos": DemoRun.objects.running().count(),
            "content_version": latest.content_version if latest else None,
        }
    )
