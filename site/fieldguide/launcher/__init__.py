"""``run_django.py``: the one entry point for the shell, packaged builds and people.

run_django.py [--home DIR] [--port N] [--open]     serve (prints one JSON ready line)
run_django.py [--home DIR] manage COMMAND [ARGS]   a management command on that home
run_django.py build [--force]                      make the static files and home template
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from fieldguide.home import ENV_HOME, HomeError, resolve_home
from fieldguide.launcher.events import LaunchError, emit_error

SETTINGS = "fieldguide.settings.production"


def port_number(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not between 0 and 65535")
    return port


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="run_django.py", description="Run Fieldguide, the offline tutorial kiosk."
    )
    main.add_argument(
        "--home",
        metavar="DIR",
        help="Folder for all writable state (default: $FIELDGUIDE_HOME, else "
        "the platform's user-data folder for 'fieldguide').",
    )
    main.add_argument(
        "--port",
        type=port_number,
        default=0,
        metavar="N",
        help="Port on 127.0.0.1 (default: 0, any free port).",
    )
    main.add_argument(
        "--open",
        action="store_true",
        help="Open a window on the site: Chromium in app mode, else the default browser.",
    )
    commands = main.add_subparsers(dest="command", metavar="{manage,build}")
    manage = commands.add_parser("manage", help="Run a Django management command on the home.")
    manage.add_argument("args", nargs=argparse.REMAINDER, help="The command and its arguments.")
    build = commands.add_parser("build", help="Build static files and the home template.")
    build.add_argument("--force", action="store_true", help="Rebuild even if up to date.")
    return main


def configure_logging() -> None:
    """stderr until Django's LOGGING takes over (same format); the shell shows stderr."""
    logging.basicConfig(stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("fieldguide").setLevel(logging.INFO)


def run_manage(home_arg: str | None, args: list[str]) -> int:
    from fieldguide.launcher import database
    from fieldguide.launcher.artefacts import ensure_artefacts

    home = resolve_home(home_arg)
    try:
        home.prepare()
        os.environ[ENV_HOME] = str(home.root)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
        if not home.database.exists():
            ensure_artefacts(home.logs / "build.log")
            database.seed_from_template(home)
    except (HomeError, LaunchError) as exc:
        sys.stderr.write(f"run_django.py: {exc}\n")
        return 1
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    database.migrate_if_needed(home)
    execute_from_command_line(["run_django.py manage", *args])
    return 0


def main(argv: list[str] | None = None) -> int:
    options = parser().parse_args(argv)
    configure_logging()
    if options.command == "manage":
        if not options.args:
            parser().error("manage needs a command, e.g. 'manage load_content'")
        return run_manage(options.home, options.args)
    if options.command == "build":
        from fieldguide.launcher.artefacts import build

        built = build(force=options.force)
        logging.getLogger("fieldguide.launcher").info("Built: %s", ", ".join(built) or "nothing")
        return 0
    from fieldguide.launcher.serve import serve

    try:
        return serve(home_arg=options.home, port=options.port, open_window=options.open)
    except LaunchError as exc:
        emit_error(exc)
        return 1
