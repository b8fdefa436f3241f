"""The preview's routes, mounted at ``/preview/`` (see ``preview``)."""

from django.urls import path

from fieldguide.demos import preview

app_name = "preview"
urlpatterns = [
    path("<int:run_id>/", preview.preview, name="root"),
    path("<int:run_id>/<path:path>", preview.preview, name="path"),
]
