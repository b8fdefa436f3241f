from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "fieldguide.learners"
    label = "learners"
    verbose_name = "Learners"
