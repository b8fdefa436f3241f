"""The project's routes. Each app owns its URLs under its own namespace; only the status
endpoint (which reports on every layer) lives here."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from fieldguide import status

urlpatterns = [
    path("", include("fieldguide.core.urls")),
    path("api/status", status.status, name="status"),
    path("api/", include("fieldguide.demos.urls")),
    path("preview/", include("fieldguide.demos.preview_urls")),
    path("api/", include("fieldguide.progress.urls")),
    path("", include("fieldguide.lessons.urls")),
    path("", include("fieldguide.instructor.urls")),
    path("", include("fieldguide.packs.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded images live in the home folder; the launch token guards them like any page.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include(wagtail_urls)),
]
