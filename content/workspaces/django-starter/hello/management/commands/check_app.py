"""Say whether an app is part of the project: the check of the tutorial's "Create an app" step.

It fails with what to do next, so that the learner reads a sentence rather than a traceback. It
skips the system checks: their warnings are another step's business.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Succeed if the app NAME is in INSTALLED_APPS; else say what is missing."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("name", help="the app's name, as startapp made it (such as polls)")

    def handle(self, *args, name, **options):
        folder = Path(settings.BASE_DIR) / name
        if not (folder / "apps.py").is_file():
            raise CommandError(
                f"There is no app {name!r} yet: the folder {name}/ is missing. "
                f"Run the demo “Create an app” with the name {name} first."
            )
        if not apps.is_installed(name):
            raise CommandError(
                f"The app {name!r} exists, but the project does not use it yet. Open "
                f'starter/settings.py, add "{name}" to the list INSTALLED_APPS, save the file, '
                "and check again."
            )
        config = apps.get_app_config(name.rpartition(".")[2])
        self.stdout.write(f"{name} is installed: Django now loads it from {config.path}.")
        self.stdout.write("Installed apps: " + ", ".join(a.label for a in apps.get_app_configs()))
