"""Start-up: spawn → ready line, warm (existing home) and first run (empty home), each
compared in the same run with a bare ``django.setup()`` of the same settings.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, clean_env, report, spawn_until_ready, stop_server, summary

BARE_SETUP = "import sys; sys.path.insert(0, {site!r}); import django; django.setup()"


def bare_setup(home: Path, env: dict[str, str]) -> float:
    env = {
        **env,
        "FIELDGUIDE_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "fieldguide.settings.production",
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", BARE_SETUP.format(site=str(ROOT / "site"))], env=env, check=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    env = clean_env()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "warm-home"
        _, server = spawn_until_ready(home, env)  # builds artefacts if needed, seeds the home
        stop_server(server)
        warm, first, bare = [], [], []
        for run in range(runs):
            seconds, server = spawn_until_ready(home, env)
            stop_server(server)
            warm.append(seconds)
            seconds, server = spawn_until_ready(Path(folder) / f"empty-{run}", env)
            stop_server(server)
            first.append(seconds)
            bare.append(bare_setup(home, env))
    warm_s, first_s, bare_s = summary(warm), summary(first), summary(bare)
    report(
        "startup",
        {
            "seconds": {"warm_start": warm_s, "first_run": first_s, "bare_django_setup": bare_s},
            "ratios": {
                "warm_vs_bare_setup": round(warm_s["median"] / bare_s["median"], 2),
                "first_run_vs_warm": round(first_s["median"] / warm_s["median"], 2),
            },
            "targets": {"warm_vs_bare_setup": 1.3, "first_run_vs_warm": 2.0},
        },
    )


if __name__ == "__main__":
    main()
