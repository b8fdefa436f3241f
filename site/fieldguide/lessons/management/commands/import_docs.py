from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.demos.allowlist import AllowlistError
from fieldguide.lessons.sources.doc_import import (
    AS_DOCS,
    AS_TUTORIAL,
    SPLIT_H2,
    DocImportError,
    ImportReport,
    import_docs,
)
from fieldguide.lessons.sources.files import SLUG, SourceError, SourceErrors


class Command(BaseCommand):
    help = (
        "Import an existing documentation site: a MkDocs project (its mkdocs.yml nav), a "
        "Sphinx/reStructuredText folder or a folder of Markdown files, as a documentation "
        "section or a tutorial. What the lesson format cannot hold is left out and reported "
        "with its file and line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The documentation site's folder.")
        parser.add_argument(
            "--as",
            dest="mode",
            choices=(AS_DOCS, AS_TUTORIAL),
            default=AS_DOCS,
            help="A documentation section (one page per page) or a tutorial (one step per "
            "page). Default: docs.",
        )
        parser.add_argument(
            "--slug",
            help="The section's or tutorial's slug (its address); default: from the site's name.",
        )
        parser.add_argument(
            "--split",
            choices=(SPLIT_H2,),
            help="With --as tutorial: one step per ## section instead of one per page.",
        )

    def handle(
        self,
        *args: Any,
        path: Path,
        mode: str,
        slug: str | None,
        split: str | None,
        verbosity: int,
        **options: Any,
    ) -> None:
        if split and mode != AS_TUTORIAL:
            raise CommandError("--split h2 makes steps: use it with --as tutorial.")
        if slug is not None and not SLUG.match(slug):
            raise CommandError(f"--slug {slug!r}: a slug is a-z, 0-9 and '-'.")
        try:
            report = import_docs(path.absolute(), mode, slug, split)
        except (DocImportError, SourceError, SourceErrors, AllowlistError) as exc:
            raise CommandError(f"{exc}\nNothing was imported.") from exc
        self.print_report(report, verbosity)

    def print_report(self, report: ImportReport, verbosity: int) -> None:
        load = report.load
        images = f"{report.images} image{'s' if report.images != 1 else ''}"
        created = len(load.created) if load else 0
        updated = len(load.updated) if load else 0
        if report.mode == AS_TUTORIAL:
            steps = report.pages - 1  # the first page is the tutorial's introduction
            made = f"as the tutorial “{report.name}”: {steps} step{'s' if steps != 1 else ''}"
        else:
            made = f"“{report.name}”: {report.pages} page{'s' if report.pages != 1 else ''}"
        self.stdout.write(
            f"Imported {report.kind} {made} and {images} ({created} created, {updated} updated)."
        )
        for title, found in (
            ("Converted", report.converted),
            ("Refused (left out)", report.refused),
            ("Warnings", report.warnings),
        ):
            if found and (verbosity > 0 or title != "Converted"):
                self.stdout.write(f"{title}: {len(found)}")
                for line in found:
                    self.stdout.write(f"  {line}")
