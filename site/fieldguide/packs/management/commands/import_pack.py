import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fieldguide.packs import store
from fieldguide.packs.models import Pack


class Command(BaseCommand):
    help = (
        "Import a .fgpack lesson pack: verify it, show what it adds or updates, then apply it "
        "in one transaction (after asking, unless --yes)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The .fgpack file.")
        parser.add_argument("--yes", action="store_true", help="Apply without asking.")

    def handle(self, **options) -> None:
        path = Path(options["file"])
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        with handle:
            pack = store.receive(iter(lambda: handle.read(1 << 20), b""), path.name)
        if pack.state == Pack.State.REFUSED:
            store.discard(pack)
            raise CommandError("\n".join(pack.errors))
        self.stdout.write(self.describe(pack.summary))
        if not options["yes"]:
            if not sys.stdin.isatty():
                store.discard(pack)
                raise CommandError("Nothing was changed: run again with --yes to apply.")
            if input("Apply this pack? [y/N] ").strip().lower() not in ("y", "yes"):
                store.discard(pack)
                self.stdout.write("Nothing was changed.")
                return
        pack = store.apply(pack)
        if pack.state != Pack.State.APPLIED:
            raise CommandError("\n".join(pack.errors))
        result = pack.result
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
        for w in summary["workspaces"]:
            verb = "add" if w["action"] == "add" else "replace"
            lines.append(f"  {verb} the workspace {w['name']} ({w['files']} files)")
        demos = ", ".join(summary["demo_ids"]) or "none"
        lines.append(f"  Demos used (all on this machine's allowlist): {demos}")
        return "\n".join(lines)
