from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CoreConfig(AppConfig):
    name = "fieldguide.core"
    label = "core"
    verbose_name = "Fieldguide"

    def ready(self) -> None:
        from fieldguide.core.page_cache import bump_generation

        post_save.connect(bump_generation, dispatch_uid="fieldguide-page-cache-save")
        post_delete.connect(bump_generation, dispatch_uid="fieldguide-page-cache-delete")
