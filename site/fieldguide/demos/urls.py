from django.urls import path

from fieldguide.demos import api

app_name = "demos"
urlpatterns = [
    path("demos/<str:demo_id>/runs", api.create_run, name="run-create"),
    path("runs/<int:run_id>", api.run_detail, name="run"),
    path("runs/<int:run_id>/stream", api.run_stream, name="run-stream"),
    path("runs/<int:run_id>/cancel", api.cancel_run, name="run-cancel"),
    path("runs/<int:run_id>/transcript", api.run_transcript, name="run-transcript"),
    path("workspaces/<str:name>/reset", api.reset_workspace, name="workspace-reset"),
]
