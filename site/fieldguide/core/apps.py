from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


class CoreConfig(AppConfig):
    name = "fieldguide.core"
    label = "core"
    verbose_name = "Fieldguide"

    def ready(self) -> None:
        from fieldguide.core.page_cache import WATCHED_APPS, bump_generation

        # Only the models that pages are rendered from: a receiver on every model would turn
        # every bulk delete elsewhere (runs, sessions, tasks) into a row-by-row one.
        for label in WATCHED_APPS:
            for model in apps.get_app_config(label).get_models():
                uid = f"fieldguide-page-cache-{model._meta.label_lower}"
                post_save.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-save")
                post_delete.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-delete")
