from django.urls import path

from fieldguide.instructor import kiosk, views

app_name = "instructor"
urlpatterns = [
    path("instructor/", views.overview, name="overview"),
    path("instructor/setup/", views.setup, name="setup"),
    path("instructor/reset/", views.reset, name="reset"),
    path("instructor/progress.<str:kind>", views.progress_export, name="progress"),
    # Only the shell calls this (with the token header), when leaving kiosk mode.
    path("api/kiosk/unlock", kiosk.unlock, name="kiosk-unlock"),
]
