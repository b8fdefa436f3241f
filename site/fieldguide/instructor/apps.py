from django.apps import AppConfig


class InstructorConfig(AppConfig):
    name = "fieldguide.instructor"
    verbose_name = "Instructor"
