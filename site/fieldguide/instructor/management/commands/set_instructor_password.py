import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.instructor import account


class Command(BaseCommand):
    help = (
        "Set the instructor password (creating the instructor account if needed). It logs in "
        "to the instructor pages and the Wagtail admin, and unlocks the kiosk."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input (for scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass("New instructor password: ")
            if getpass.getpass("Again: ") != password:
                raise CommandError("The two passwords differ; nothing was changed.")
        try:
            account.set_password(password)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages) + " Nothing was changed.") from None
        self.stdout.write("The instructor password is set.")
