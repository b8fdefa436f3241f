from django.apps import AppConfig


class LessonsConfig(AppConfig):
    name = "fieldguide.lessons"
    label = "lessons"
    verbose_name = "Lessons"
