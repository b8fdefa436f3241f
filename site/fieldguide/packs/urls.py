from django.urls import path

from fieldguide.packs import api, views

app_name = "packs"
urlpatterns = [
    # The instructor's pages.
    path("instructor/packs/", views.index, name="index"),
    path("instructor/packs/export", views.export, name="export"),
    path("instructor/packs/upload", views.upload, name="upload"),
    path("instructor/packs/<uuid:pack_id>/", views.detail, name="detail"),
    path("instructor/packs/<uuid:pack_id>/apply", views.apply, name="apply"),
    # The API, for the pages' scripts and the shell's drag-and-drop.
    path("api/packs", api.upload, name="api-upload"),
    path("api/packs/<uuid:pack_id>", api.detail, name="api-detail"),
    path("api/packs/<uuid:pack_id>/apply", api.apply, name="api-apply"),
]
