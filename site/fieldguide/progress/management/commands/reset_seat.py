from django.core.management.base import BaseCommand

from fieldguide.progress.seat import reset_seat


class Command(BaseCommand):
    help = (
        "Ready this seat for the next learner: clear progress and demo run history and restore "
        "every workspace. Lessons, accounts and settings are kept."
    )

    def handle(self, **options) -> None:
        done = reset_seat()
        self.stdout.write(
            f"Seat reset in {done.seconds:.2f} s: {done.completions} completed steps, "
            f"{done.runs} demo runs and {done.workspaces} workspaces cleared."
        )
