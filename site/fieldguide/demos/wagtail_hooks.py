"""The run audit in the Wagtail admin: every run, read-only (only the runner writes runs)."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from fieldguide.demos.models import DemoRun


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Viewing needs the model's view permission; adding, editing and deleting nobody may."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return self.user_has_permission(user, action)


register_permission_policy(DemoRun, ReadOnlyPermissionPolicy(DemoRun))


class DemoRunViewSet(ModelViewSet):
    model = DemoRun
    icon = "cogs"
    menu_label = "Demo runs"
    add_to_admin_menu = True
    menu_order = 900
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["demo", "status", "exit_code", "created_at", "finished_at", "learner"]
    list_filter = ["status", "demo"]
    search_fields = ["demo"]
    form_fields: list[str] = []
    inspect_view_fields = [
        "demo",
        "status",
        "argv",
        "params",
        "workspace",
        "timeout",
        "exit_code",
        "timed_out",
        "cancel_requested",
        "created_at",
        "started_at",
        "finished_at",
        "log_bytes",
        "truncated",
        "learner",
    ]


@hooks.register("register_admin_viewset")
def register_demo_run_viewset() -> DemoRunViewSet:
    return DemoRunViewSet("demo_runs")
