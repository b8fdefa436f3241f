from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "fieldguide.packs"
    verbose_name = "Lesson packs"
    default_auto_field = "django.db.models.BigAutoField"
