from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.progress import report


class Command(BaseCommand):
    help = (
        "Export every learner's progress at this seat (seat id, learner session, tutorial, "
        "step, completed at, time spent, checks passed) as CSV or JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "--out",
            help="The file to write (default: standard output). A folder gets a file named "
            "after the seat and the time, e.g. for a USB stick.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["format"]
        rows = report.rows()
        text = report.as_csv(rows) if kind == "csv" else report.as_json(rows)
        if not options["out"]:
            self.stdout.write(text, ending="")
            return
        target = Path(options["out"])
        if target.is_dir():
            target = target / report.file_name(kind)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror}.") from None
        self.stdout.write(f"Wrote {len(rows)} rows to {target}")
