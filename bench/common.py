"""Helpers shared by the benchmarks: spawn run_django.py, time its ready line, summarise."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Server, command, read_first_line, stop_server  # noqa: E402


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELDGUIDE_"))}


def django_on_a_fresh_home(folder: Path) -> Path:
    """Seed a home from the template through the real entry point, then set up Django on it
    in this process (production settings), for benchmarks of in-process operations."""
    home = folder / "home"
    subprocess.run(
        [sys.executable, str(ROOT / "run_django.py"), "--home", str(home), "manage", "check"],
        env=clean_env(),
        check=True,
        capture_output=True,
    )
    os.environ.update(
        FIELDGUIDE_HOME=str(home), DJANGO_SETTINGS_MODULE="fieldguide.settings.production"
    )
    sys.path.insert(0, str(ROOT / "site"))
    import django

    django.setup()
    return home


def spawn_until_ready(home: Path, env: dict[str, str]) -> tuple[float, Server]:
    """Seconds from spawn to the ready line, and the running server."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    ready = read_first_line(process, 300, home)
    elapsed = time.perf_counter() - started
    assert ready["event"] == "ready", ready
    return elapsed, Server(process, home, ready, ready["token"])


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def report(name: str, results: dict[str, Any]) -> None:
    print(
        json.dumps(
            {
                "benchmark": name,
                "date": time.strftime("%Y-%m-%d"),
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "system": platform.system(),
                },
                **results,
            },
            indent=2,
        )
    )


__all__ = [
    "ROOT",
    "clean_env",
    "django_on_a_fresh_home",
    "percentile",
    "report",
    "spawn_until_ready",
    "stop_server",
    "summary",
]
