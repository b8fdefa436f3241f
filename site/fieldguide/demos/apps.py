from django.apps import AppConfig


class DemosConfig(AppConfig):
    name = "fieldguide.demos"
    label = "demos"
    verbose_name = "Demos"
