from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fieldguide.packs.format import SUFFIX, PackError
from fieldguide.packs.writer import export_pack


class Command(BaseCommand):
    help = (
        "Export tutorials (pages, images and the workspaces their demos use) into one "
        ".fgpack lesson pack."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tutorial", dest="tutorials", action="extend", nargs="+", default=[],
            metavar="SLUG", help="A tutorial's slug; give several, or repeat the option.",
        )  # fmt: skip
        parser.add_argument(
            "--docs", dest="sections", action="extend", nargs="+", default=[],
            metavar="SECTION", help="A documentation section's slug (its folder under docs/); "
            "give several, or repeat the option.",
        )  # fmt: skip
        parser.add_argument("--out", required=True, help=f"The pack file to write ({SUFFIX}).")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix != SUFFIX:
            raise CommandError(f"--out {out}: a lesson pack's name ends in {SUFFIX}.")

        def progress(done: int, total: int) -> None:
            if self.stderr.isatty():
                self.stderr.write(f"\r{done * 100 // max(total, 1):3d}% ", ending="")

        try:
            manifest = export_pack(options["tutorials"], out, progress, options["sections"])
        except PackError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Wrote {out}: {len(manifest['tutorials'])} tutorials, "
            f"{len(manifest['docs'])} documentation sections, "
            f"{len(manifest['files'])} files, demos {', '.join(manifest['demo_ids']) or 'none'}."
        )
