from django.urls import path

from fieldguide.demos import api, file_api

app_name = "demos"
urlpatterns = [
    path("demos/<str:demo_id>/runs", api.create_run, name="run-create"),
    path("runs/<int:run_id>", api.run_detail, name="run"),
    path("runs/<int:run_id>/stream", api.run_stream, name="run-stream"),
    path("runs/<int:run_id>/cancel", api.cancel_run, name="run-cancel"),
    path("runs/<int:run_id>/transcript", api.run_transcript, name="run-transcript"),
    path("workspaces/<str:name>/reset", api.reset_workspace, name="workspace-reset"),
    path("workspaces/<str:name>/files", file_api.file_list, name="workspace-files"),
    # The two actions before the file itself: their last segment would read as a file name.
    path(
        "workspaces/<str:name>/files/<path:path>/revert",
        file_api.file_revert,
        name="workspace-file-revert",
    ),
    path(
        "workspaces/<str:name>/files/<path:path>/diff",
        file_api.file_diff,
        name="workspace-file-diff",
    ),
    path("workspaces/<str:name>/files/<path:path>", file_api.file_detail, name="workspace-file"),
    path(
        "workspaces/<str:name>/solutions/<str:step>",
        file_api.solution_detail,
        name="workspace-solution",
    ),
    path(
        "workspaces/<str:name>/solutions/<str:step>/apply",
        file_api.solution_apply,
        name="workspace-solution-apply",
    ),
]
