from typing import Any

from django.core.management.base import BaseCommand

from fieldguide.instructor.seat import reset_seat


class Command(BaseCommand):
    help = (
        "Ready this seat for the next learner: clear progress and demo run history and restore "
        "every workspace. Lessons, accounts and settings are kept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(reset_seat()))
