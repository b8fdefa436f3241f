"""The code editor bundle's size: what ``run_django.py build`` collects as demos/editor.js,
raw and gzip-compressed as whitenoise serves it (level 9), against the 400 kB gzip target,
with the packages that weigh most in it. Prints JSON (docs/benchmarks.md).

    python bench/editor_bundle.py      # needs Node and the root `npm ci`
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import ROOT, report

TARGET_GZIP_BYTES = 400_000
BUILD_SCRIPT = ROOT / "site" / "fieldguide" / "demos" / "editor" / "build.mjs"


def package_of(source: str) -> str:
    """The npm package an input file belongs to, or "fieldguide" for the editor's own."""
    found = re.search(r"node_modules/((?:@[^/]+/)?[^/]+)/", source)
    return found.group(1) if found else "fieldguide"


def main() -> None:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "esbuild").is_dir():
        sys.exit("Needs Node and the packages of the root `npm ci`.")
    with tempfile.TemporaryDirectory() as scratch:
        bundle, metafile = Path(scratch) / "editor.js", Path(scratch) / "meta.json"
        started = time.perf_counter()
        subprocess.run(
            [node, str(BUILD_SCRIPT), str(bundle), f"--metafile={metafile}"], cwd=ROOT, check=True
        )
        seconds = time.perf_counter() - started
        data = bundle.read_bytes()
        meta = json.loads(metafile.read_text())
    weights: Counter[str] = Counter()
    for output in meta["outputs"].values():
        for source, used in output["inputs"].items():
            weights[package_of(source)] += used["bytesInOutput"]
    gzip_bytes = len(gzip.compress(data, compresslevel=9, mtime=0))
    report(
        "editor_bundle",
        {
            "build_seconds": round(seconds, 2),
            "bytes": len(data),
            "gzip_bytes": gzip_bytes,
            "target_gzip_bytes": TARGET_GZIP_BYTES,
            "target_met": gzip_bytes <= TARGET_GZIP_BYTES,
            "packages": len(weights),
            "heaviest_raw_bytes": dict(weights.most_common(8)),
        },
    )


if __name__ == "__main__":
    main()
