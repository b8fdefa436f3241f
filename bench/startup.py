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

PAUSE = 1.0
BARE_SETUP = (
    "import sys; sys.path.insert(0, {site!r}); import django; django.setup(); "
    "print('ready', flush=True)"
)


def bare_setup(home: Path, env: dict[str, str]) -> float:
    env = {
        **env,
        "FIELDGUIDE_HOME": str(home),
        "DJANGO_SETTINGS_MODULE": "fieldguide.settings.production",
    }
    # Timed to its printed line, as run_django.py is timed to its ready line (not to its exit).
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", BARE_SETUP.format(site=str(ROOT / "site"))],
        env=env,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdout.readline() == b"ready\n"
    elapsed = time.perf_counter() - started
    process.wait()
    return elapsed


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
            # Interleaved, with a pause after each stop, so that no kind of start pays for the
            # previous one's shutdown.
            bare.append(bare_setup(home, env))
            time.sleep(PAUSE)
            seconds, server = spawn_until_ready(home, env)
            stop_server(server)
            warm.append(seconds)
            time.sleep(PAUSE)
            seconds, server = spawn_until_ready(Path(folder) / f"empty-{run}", env)
            stop_server(server)
            first.append(seconds)
            time.sleep(PAUSE)
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
