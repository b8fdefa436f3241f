from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "fieldguide.progress"
    label = "progress"
    verbose_name = "Progress"
