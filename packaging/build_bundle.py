#!/usr/bin/env python3
"""Build Fieldguide's self-contained payload for the installers. See docs/packaging.md.

python packaging/build_bundle.py --out dist/bundle
python packaging/build_bundle.py --out dist/bundle --python-archive FILE --wheelhouse DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bundler.build import Options, build
from bundler.errors import BundleError
from bundler.pins import PINS_FILE, host_platform


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the bundle folder to create")
    parser.add_argument(
        "--python-archive", type=Path, metavar="FILE",
        help="a pre-downloaded python-build-standalone archive (checked against the pin)",
    )  # fmt: skip
    parser.add_argument(
        "--python-home", type=Path, metavar="DIR",
        help="development only: copy this local installation instead of an archive",
    )  # fmt: skip
    parser.add_argument("--pins", type=Path, default=PINS_FILE, help="the pinned archives file")
    parser.add_argument("--platform", default=host_platform(), help="the pin to use")
    parser.add_argument(
        "--wheelhouse", type=Path, metavar="DIR", help="install from these wheels only (offline)"
    )
    parser.add_argument("--requirements", type=Path, help="the lock file (requirements.lock)")
    parser.add_argument(
        "--keep-locales", default="en", metavar="CODES",
        help="comma-separated translations to keep (default: en)",
    )  # fmt: skip
    parser.add_argument("--force", action="store_true", help="replace an existing --out folder")
    parser.add_argument(
        "--no-size-report", action="store_true", help="skip the tar.xz size measurement"
    )
    parser.add_argument("--report-json", type=Path, metavar="FILE", help="also write the report")
    return parser


def parse(argv: list[str] | None) -> tuple[Options, Path | None]:
    """The build's options, and where to write the report as JSON (if anywhere)."""
    args = parser().parse_args(argv)
    options = Options(
        out=args.out,
        python_archive=args.python_archive,
        python_home=args.python_home,
        pins=args.pins,
        platform=args.platform,
        wheelhouse=args.wheelhouse,
        keep_locales={code.strip() for code in args.keep_locales.split(",") if code.strip()},
        force=args.force,
        size_report=not args.no_size_report,
    )
    if args.requirements:
        options.requirements = args.requirements
    return options, args.report_json


def main(argv: list[str] | None = None) -> int:
    options, report_json = parse(argv)
    try:
        report = build(options)
    except BundleError as exc:
        print(f"build_bundle: {exc}", file=sys.stderr)
        return 1
    print(
        f"Built {report['out']}: Fieldguide {report['version']}, Python {report['python']}, "
        f"{report['files']} files."
    )
    if "table" in report:
        print(report["table"])
    if report_json:
        report_json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
