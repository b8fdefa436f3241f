from django.urls import path

from fieldguide.progress import api

app_name = "progress"
urlpatterns = [
    path("progress", api.overview, name="overview"),
    path("steps/<int:step_id>/progress", api.step_progress, name="step"),
    path("steps/<int:step_id>/time", api.record_time, name="step-time"),
    path("steps/<int:step_id>/check", api.record_check, name="step-check"),
]
