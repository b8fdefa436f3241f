from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.demos.allowlist import AllowlistError
from fieldguide.lessons.sources.format import SourceError
from fieldguide.lessons.sources.loader import load_tree


class Command(BaseCommand):
    help = "Import lesson sources into the page tree (all or nothing; unchanged pages untouched)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="A tutorials folder or one tutorial's folder (default: content/tutorials).",
        )

    def handle(self, *args: Any, path: Path | None, verbosity: int, **options: Any) -> None:
        path = path or settings.FIELDGUIDE_CONTENT_DIR / "tutorials"
        try:
            report = load_tree(path.absolute())
        except (SourceError, AllowlistError) as exc:
            raise CommandError(f"{exc}\nNothing was changed.") from exc
        if verbosity > 1:
            for label, urls in (
                ("created", report.created),
                ("updated", report.updated),
                ("deleted", report.deleted),
            ):
                for url in urls:
                    self.stdout.write(f"{label}: {url}")
        if verbosity == 0:
            return
        self.stdout.write(
            f"Loaded {path}: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.deleted)} deleted, {report.unchanged} unchanged "
            f"(content version {report.version[:12]})."
        )
