"""Demo runner benchmarks, against a real run_django.py and its real demo workers.

    python bench/demos.py [--runs 50]

- click_to_first_byte: POST → first SSE output event, for a demo that prints at once.
- throughput: 200,000 lines end to end (stored, streamed to a reader) vs the same command
  writing to /dev/null.
- flood_memory: RSS growth of the server and its workers while a demo writes 200 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from common import clean_env, percentile, report, spawn_until_ready, stop_server

LINES = 200_000
DEMOS = f"""
[demos.bench-hello]
title = "Hello"
argv = ["{{python}}", "-c", "print('hello', flush=True)"]

[demos.bench-lines]
title = "Lines"
argv = ["{{python}}", "-c", "import sys\\nw = sys.stdout.write\\nfor i in range({LINES}): w('line %06d\\\\n' % i)"]
timeout = 300

[demos.bench-flood]
title = "Flood"
argv = ["{{python}}", "-c", "import sys\\nline = b'x' * 1023 + b'\\\\n'\\nfor _ in range(200 * 1024): sys.stdout.buffer.write(line)"]
timeout = 300
"""


def post_run(server, demo: str) -> dict:
    request = urllib.request.Request(
        f"{server.url}api/demos/{demo}/runs",
        data=b"{}",
        method="POST",
        headers={"X-Fieldguide-Token": server.token, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def stream(server, path: str, first_only: bool = False) -> int:
    """Read the SSE stream; returns the number of output bytes received."""
    request = urllib.request.Request(
        server.url + path.lstrip("/"), headers={"X-Fieldguide-Token": server.token}
    )
    received = 0
    with urllib.request.urlopen(request, timeout=300) as response:
        event = ""
        for raw in response:
            line = raw.decode()
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == "output":
                received += len(json.loads(line[6:]))
                if first_only:
                    return received
            elif line.startswith("data: ") and event == "status":
                return received
    return received


def click_to_first_byte(server, runs: int) -> dict:
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        created = post_run(server, "bench-hello")
        stream(server, created["stream_url"], first_only=True)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.05)
    return {
        "runs": runs,
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "targets": {"p50_ms": 150, "p99_ms": 400},
    }


def throughput(server) -> dict:
    started = time.perf_counter()
    created = post_run(server, "bench-lines")
    received = stream(server, created["stream_url"])
    through_fieldguide = time.perf_counter() - started
    code = DEMOS.split("bench-lines")[1].split('"-c", "')[1].split('"]')[0]
    code = code.encode().decode("unicode_escape").replace("{LINES}", str(LINES))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL, check=True)
    bare = time.perf_counter() - started
    return {
        "lines": LINES,
        "bytes_streamed": received,
        "fieldguide_seconds": round(through_fieldguide, 3),
        "to_dev_null_seconds": round(bare, 3),
        "ratio": round(through_fieldguide / bare, 2),
        "target_ratio": 2.0,
    }


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def fieldguide_pids(server) -> list[int]:
    """The server and its workers (not the demo: it has a session of its own)."""
    pids = [server.process.pid]
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children")
    pids += [int(pid) for pid in children.read_text().split()]
    return pids


def flood_memory(server) -> dict:
    pids = fieldguide_pids(server)
    before = rss_kb(pids)
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_kb(pids))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    created = post_run(server, "bench-flood")
    received = stream(server, created["stream_url"])
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return {
        "flood_mb": 200,
        "seconds": round(seconds, 2),
        "bytes_kept": received,
        "rss_before_mb": round(before / 1024, 1),
        "rss_peak_mb": round(peak / 1024, 1),
        "growth_mb": round((peak - before) / 1024, 1),
        "target_growth_mb": 30,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir()
        (home / "demos.toml").write_text(DEMOS)
        env = {**clean_env(), "FIELDGUIDE_DEMO_LOG_LIMIT": str(64 * 1024 * 1024)}
        _, server = spawn_until_ready(home, env)
        try:
            time.sleep(2)  # let the workers start
            post_run(server, "bench-hello")  # warm-up
            results = {
                "click_to_first_byte": click_to_first_byte(server, runs),
                "throughput": throughput(server),
            }
        finally:
            stop_server(server)
        # The flood runs with the default 2 MiB cap, as learners' demos do.
        _, server = spawn_until_ready(home, clean_env())
        try:
            time.sleep(2)
            results["flood_memory"] = flood_memory(server)
        finally:
            stop_server(server)
    report("demos", results)


if __name__ == "__main__":
    main()
