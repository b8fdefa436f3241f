from django.urls import path

from fieldguide.instructor import views
from fieldguide.packs import views as packs

urlpatterns = [
    path("", views.overview, name="instructor-overview"),
    path("setup/", views.setup, name="instructor-setup"),
    path("reset/", views.reset, name="instructor-reset"),
    path("progress.<str:kind>", views.progress_export, name="instructor-progress"),
    path("packs/", packs.index, name="instructor-packs"),
    path("packs/export", packs.export, name="instructor-pack-export"),
    path("packs/upload", packs.upload, name="instructor-pack-upload"),
    path("packs/<uuid:pack_id>/", packs.detail, name="instructor-pack"),
    path("packs/<uuid:pack_id>/apply", packs.apply, name="instructor-pack-apply"),
]
