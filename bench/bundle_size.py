"""The offline payload's size: build a bundle and report each component, uncompressed and
as tar.xz, against the 60 MB target. Prints JSON (docs/benchmarks.md).

    python bench/bundle_size.py                       # the local interpreter (--python-home)
    python bench/bundle_size.py --python-archive FILE # a python-build-standalone archive
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, clean_env, report

TARGET_XZ_BYTES = 60_000_000


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--python-archive", type=Path, help="measure with this archive")
    options.add_argument("--wheelhouse", type=Path, help="install from these wheels only")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out, report_file = Path(scratch) / "bundle", Path(scratch) / "report.json"
        command = [sys.executable, str(ROOT / "packaging" / "build_bundle.py"), "--out", str(out),
                   "--report-json", str(report_file)]  # fmt: skip
        if args.python_archive:
            command += ["--python-archive", str(args.python_archive)]
        else:
            command += ["--python-home", sys.base_prefix]
        if args.wheelhouse:
            command += ["--wheelhouse", str(args.wheelhouse)]
        started = time.perf_counter()
        subprocess.run(command, check=True, env=clean_env(), stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        built = json.loads(report_file.read_text())
    results = {
        "interpreter": "python-build-standalone archive"
        if args.python_archive
        else f"local interpreter {sys.version.split()[0]} (--python-home)",
        "build_seconds": round(seconds, 1),
        "components": {
            c["name"]: {"files": c["files"], "bytes": c["bytes"], "xz_bytes": c["xz_bytes"]}
            for c in built["components"]
        },
        "pruned_bytes": built["pruned_bytes"],
        "total_bytes": built["total_bytes"],
        "total_xz_bytes": built["total_xz_bytes"],
        "target_xz_bytes": TARGET_XZ_BYTES,
        "target_met": built["total_xz_bytes"] <= TARGET_XZ_BYTES,
    }
    report("bundle_size", results)


if __name__ == "__main__":
    main()
