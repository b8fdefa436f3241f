from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from fieldguide.lessons.sources.dumper import dump_tree


class Command(BaseCommand):
    help = "Write tutorials (as edited in the CMS) back to lesson sources."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="The tutorials folder to write (default: content/tutorials).",
        )
        parser.add_argument(
            "--tutorial",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Only this tutorial (repeatable).",
        )

    def handle(
        self, *args: Any, path: Path | None, slugs: list[str] | None, **options: Any
    ) -> None:
        path = path or settings.FIELDGUIDE_CONTENT_DIR / "tutorials"
        report = dump_tree(path.absolute(), slugs)
        for written in report.written:
            self.stdout.write(f"wrote {written}")
        for removed in report.removed:
            self.stdout.write(f"removed {removed}")
        self.stdout.write(
            f"Dumped to {path}: {len(report.written)} written, {len(report.removed)} removed."
        )
