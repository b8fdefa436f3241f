from django.urls import path

from fieldguide.packs import api

urlpatterns = [
    path("packs", api.upload, name="pack-upload"),
    path("packs/<uuid:pack_id>", api.detail, name="pack-detail"),
    path("packs/<uuid:pack_id>/apply", api.apply, name="pack-apply"),
]
