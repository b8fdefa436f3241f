"""Step page latency: p50/p99 with 1 and 20 concurrent keep-alive clients.

    python bench/step_latency.py [--requests 2000]

The clients are threads of this process (http.client); the server is a real run_django.py.
Both share the machine's cores, as they would on a kiosk.
"""

from __future__ import annotations

import argparse
import http.client
import tempfile
import threading
import time
from pathlib import Path

from common import clean_env, percentile, report, spawn_until_ready, stop_server

PATH = "/first-django-project/create-an-app/"


def client(port: int, token: str, count: int, latencies: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"X-Fieldguide-Token": token}
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", PATH, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        assert response.status == 200, response.status
    connection.close()


def measure(port: int, token: str, clients: int, total: int) -> dict[str, float]:
    latencies: list[float] = []
    threads = [
        threading.Thread(target=client, args=(port, token, total // clients, latencies))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    total = parser.parse_args().requests
    with tempfile.TemporaryDirectory() as folder:
        _, server = spawn_until_ready(Path(folder) / "home", clean_env())
        try:
            port, token = server.ready["port"], server.token
            measure(port, token, 4, 200)  # warm-up: imports, templates, connections
            results = [measure(port, token, clients, total) for clients in (1, 20)]
        finally:
            stop_server(server)
    report(
        "step_latency",
        {
            "path": PATH,
            "results": results,
            "targets": {"p50_ms_at_20": 10, "p99_ms_at_20": 40},
        },
    )


if __name__ == "__main__":
    main()
