from django.urls import path

from fieldguide.progress import api

urlpatterns = [
    path("progress", api.overview, name="progress"),
    path("steps/<int:step_id>/progress", api.step_progress, name="step-progress"),
    path("steps/<int:step_id>/time", api.record_time, name="step-time"),
    path("steps/<int:step_id>/check", api.record_check, name="step-check"),
]
