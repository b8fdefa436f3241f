from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.demos.allowlist import AllowlistError, configured_demos
from fieldguide.lessons.sources.files import SourceError, SourceErrors
from fieldguide.lessons.sources.loader import load_tree
from fieldguide.lessons.sources.tree import read_tree


def _problem_count(error: Exception) -> int:
    return len(error.problems) if isinstance(error, SourceErrors) else 1


class Command(BaseCommand):
    help = (
        "Import lesson sources into the page tree (all or nothing; unchanged pages untouched). "
        "Every problem in the sources is reported, each with its file and line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            help="A content folder (tutorials/ and docs/), a tutorials folder or one tutorial's "
            "folder (default: content).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the sources (for an author's CI): report every problem, change "
            "nothing, exit 1 if there is any.",
        )

    def handle(
        self, *args: Any, path: Path | None, check: bool, verbosity: int, **options: Any
    ) -> None:
        path = (path or settings.FIELDGUIDE_CONTENT_DIR).absolute()
        if check:
            self.check_only(path)
            return
        try:
            report = load_tree(path)
        except (SourceError, SourceErrors, AllowlistError) as exc:
            count = _problem_count(exc)
            raise CommandError(
                f"{exc}\n{count} problem{'s' if count > 1 else ''}. Nothing was changed."
            ) from exc
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
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
        if report.skipped:
            self.stdout.write(
                f"Loaded {path}: nothing to do, the sources and the pages are as the last load "
                f"left them (content version {report.version[:12]})."
            )
            return
        self.stdout.write(
            f"Loaded {path}: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.deleted)} deleted, {report.unchanged} unchanged "
            f"(content version {report.version[:12]})."
        )

    def check_only(self, path: Path) -> None:
        try:
            tree = read_tree(path, demos=configured_demos())
        except (SourceError, SourceErrors, AllowlistError) as exc:
            count = _problem_count(exc)
            raise CommandError(f"{exc}\n{count} problem{'s' if count > 1 else ''}.") from exc
        for warning in tree.warnings:
            self.stderr.write(f"warning: {warning}")
        steps = sum(len(tutorial.steps) for tutorial in tree.tutorials)
        self.stdout.write(
            f"{path}: {len(tree.tutorials)} tutorials and {steps} steps, no problems."
        )
