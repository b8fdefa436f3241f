from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fieldguide.core"
    label = "core"
    verbose_name = "Fieldguide"
