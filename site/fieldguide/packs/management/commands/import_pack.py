import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.packs import importer, reader
from fieldguide.packs.format import PackError


class Command(BaseCommand):
    help = (
        "Import a .fgpack lesson pack: verify it, show what it adds or updates, then apply it "
        "in one transaction (after asking, unless --noinput). A refused pack changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .fgpack file.")
        parser.add_argument(
            "--noinput", "--no-input", "--yes",
            action="store_false", dest="interactive",
            help="Apply without asking (--yes is the older spelling).",
        )  # fmt: skip

    def progress(self, label: str, done: int, total: int) -> None:
        if self.stderr.isatty():
            self.stderr.write(f"\r{label}: {done * 100 // max(total, 1):3d}%   ", ending="")
            if done >= total:
                self.stderr.write("")

    def handle(self, *args: Any, interactive: bool, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        with tempfile.TemporaryDirectory(prefix="fgpack-import-") as scratch:
            try:
                inspection = reader.inspect(
                    path, Path(scratch), progress=lambda d, t: self.progress("Verifying", d, t)
                )
            except PackError as exc:
                raise CommandError(f"{exc}\nNothing was changed.") from None
            self.stdout.write(self.describe(inspection.summary))
            if interactive:
                if not sys.stdin.isatty():
                    raise CommandError("Nothing was changed: run again with --noinput to apply.")
                if input("Apply this pack? [y/N] ").strip().lower() not in ("y", "yes"):
                    self.stdout.write("Nothing was changed.")
                    return
            try:
                result = importer.apply(
                    inspection, lambda phase, d, t: self.progress("Applying", d, t)
                )
            except Exception as exc:
                raise CommandError(
                    f"Applying {path.name} failed; nothing was changed: {exc}"
                ) from exc
        self.stdout.write(
            f"Applied: {len(result['created'])} pages added, {len(result['updated'])} updated, "
            f"{len(result['deleted'])} removed; "
            f"workspaces: {', '.join(result['workspaces']) or 'none'}."
        )

    @staticmethod
    def describe(summary: dict) -> str:
        lines = ["This pack will:"]
        for t in summary["tutorials"]:
            verb = "add" if t["action"] == "add" else "update"
            lines.append(f"  {verb} the tutorial {t['slug']} ({t['title']}, {t['steps']} steps)")
        for d in summary.get("docs", []):
            verb = "add" if d["action"] == "add" else "update"
            lines.append(
                f"  {verb} the documentation section {d['slug']} ({d['title']}, {d['pages']} pages)"
            )
        for w in summary["workspaces"]:
            verb = "add" if w["action"] == "add" else "replace"
            lines.append(f"  {verb} the workspace {w['name']} ({w['files']} files)")
        demos = ", ".join(summary["demo_ids"]) or "none"
        lines.append(f"  Demos used (all on this machine's allowlist): {demos}")
        return "\n".join(lines)
