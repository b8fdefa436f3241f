from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from fieldguide.lessons.sources.dumper import dump_tree


class Command(BaseCommand):
    help = (
        "Write tutorials and documentation (as edited in the CMS) back to lesson sources: "
        "PATH/tutorials/ and PATH/docs/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="The content folder to write (default: content).",
        )
        parser.add_argument(
            "--tutorial",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Only this tutorial (repeatable; with --docs, only these).",
        )
        parser.add_argument(
            "--docs",
            action="append",
            dest="sections",
            metavar="SECTION",
            help="Only this documentation section (repeatable; with --tutorial, only these).",
        )

    def handle(
        self,
        *args: Any,
        path: Path | None,
        slugs: list[str] | None,
        sections: list[str] | None,
        **options: Any,
    ) -> None:
        path = path or settings.FIELDGUIDE_CONTENT_DIR
        report = dump_tree(path.absolute(), slugs, sections)
        for written in report.written:
            self.stdout.write(f"wrote {written}")
        for removed in report.removed:
            self.stdout.write(f"removed {removed}")
        self.stdout.write(
            f"Dumped to {path}: {len(report.written)} written, {len(report.removed)} removed."
        )
