from django.urls import path

from fieldguide.demos import api

urlpatterns = [
    path("csrf", api.csrf, name="csrf"),
    path("demos/<str:demo_id>/runs", api.create_run, name="demo-run-create"),
    path("runs/<int:run_id>", api.run_detail, name="demo-run"),
    path("runs/<int:run_id>/stream", api.run_stream, name="demo-run-stream"),
    path("runs/<int:run_id>/cancel", api.cancel_run, name="demo-run-cancel"),
    path("runs/<int:run_id>/transcript", api.run_transcript, name="demo-run-transcript"),
    path("workspaces/<str:name>/reset", api.reset_workspace, name="workspace-reset"),
]
