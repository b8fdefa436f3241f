from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from fieldguide.core import kiosk
from fieldguide.core import views as core_views
from fieldguide.lessons import exports
from fieldguide.lessons import views as lesson_views

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("launch", core_views.launch, name="launch"),
    path("api/status", core_views.status, name="status"),
    path("api/kiosk/unlock", kiosk.unlock, name="kiosk-unlock"),
    path("api/", include("fieldguide.demos.urls")),
    path("api/", include("fieldguide.progress.urls")),
    path("search/", lesson_views.search, name="search"),
    path("tutorials/<int:pk>/handout/", exports.handout, name="tutorial-handout"),
    path("tutorials/<int:pk>/notebook.ipynb", exports.notebook, name="tutorial-notebook"),
    path("api/", include("fieldguide.packs.urls")),
    path("instructor/", include("fieldguide.instructor.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded images live in the home folder; the launch token guards them like any page.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include(wagtail_urls)),
]
