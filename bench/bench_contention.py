#!/usr/bin/env python3
"""Do reports and checks survive a big import? 5xx count, lost reports, checks' latency.

    python bench/bench_contention.py [--rows 1000000] [--clients 20] [--idle-seconds 8]

Starts the real server (gunicorn, gthread, as `tasks.py serve` does) on a free
127.0.0.1 port over a temporary, seeded database, with the rate limits raised.
--clients threads then each loop over GET /check, POST /check and (every third
round) POST /reports about a target of its own, first for --idle-seconds with
nothing else running (the baseline), then while `flask --app backend import` of a
generated --rows-row list file runs in a subprocess. Printed: the 5xx count
(goal 0), reports answered 201 against reports found in the reports file
afterwards (goal: all), and the checks' p50/p99 during the import as ratios to the
same run's idle p50/p99.
"""

import argparse
import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_import import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHECK_BODY = {
    "url": "https://www.walmart.com/ip/TRX-Suspension-Trainer/55126398",
    "title": "TRX All-in-One Suspension Trainer 1:1 quality",
    "seller": {"id": "101071354", "name": "Best Fitness Deals"},
    "price": {"amount": 27.99, "currency": "USD"},
}
CHECK_GET = "/api/v1/check?url=https://www.amazon.com/dp/B0057OC5O8?smid=A1CJB5SYI9X4XC"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database: Path, port: int, env: dict) -> subprocess.Popen:
    """gunicorn as tasks.py serve runs it; returns once /health answers."""
    server = subprocess.Popen([
        str(BIN / "gunicorn"), "--preload", "--workers", "1", "--threads", "8",
        "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "backend:create_app()",
    ], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/health")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("the server did not start")


class Client(threading.Thread):
    """One client looping over checks and reports until told to stop; records everything."""

    def __init__(self, port: int, number: int, phase: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.port, self.number, self.phase, self.stop = port, number, phase, stop
        self.check_seconds: list[float] = []
        self.statuses: list[int] = []
        self.reports_created: list[str] = []
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body=None) -> tuple[int, dict | None, float]:
        payload = json.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            # A dropped connection counts as a failure the client saw (599).
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.statuses.append(599)
            return 599, None, time.perf_counter() - start
        elapsed = time.perf_counter() - start
        self.statuses.append(response.status)
        return response.status, (json.loads(data) if data else None), elapsed

    def run(self):
        round_number = 0
        while not self.stop.is_set():
            for method, path, body in (("GET", CHECK_GET, None),
                                       ("POST", "/api/v1/check", CHECK_BODY)):
                status, _body, elapsed = self.call(method, path, body)
                if status == 200:
                    self.check_seconds.append(elapsed)
            if round_number % 3 == 0:
                target = f"https://www.ebay.com/usr/bench-{self.phase}-{self.number}-{round_number}"
                status, answer, _elapsed = self.call(
                    "POST", "/api/v1/reports", {"url": target, "reason": "counterfeit"})
                if status == 201:
                    self.reports_created.append(answer["id"])
            round_number += 1
        self.connection.close()


def run_clients(port: int, count: int, phase: str, until) -> list[Client]:
    """Run count clients until until() returns (it blocks); return them, finished."""
    stop = threading.Event()
    clients = [Client(port, number, phase, stop) for number in range(count)]
    for client in clients:
        client.start()
    until()
    stop.set()
    for client in clients:
        client.join(120)
    return clients


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(clients: list[Client]) -> dict:
    checks = [s for client in clients for s in client.check_seconds]
    statuses = [s for client in clients for s in client.statuses]
    return {
        "checks": len(checks),
        "p50_ms": statistics.median(checks) * 1000 if checks else float("nan"),
        "p99_ms": percentile(checks, 0.99) * 1000 if checks else float("nan"),
        "server_errors": sum(1 for status in statuses if status >= 500),
        "statuses": {status: statuses.count(status) for status in sorted(set(statuses))},
        "reports": [report for client in clients for report in client.reports_created],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000,
                        help="rows in the imported file (default 200,000; 1,000,000 for the "
                             "figures in docs/bulk.md)")
    parser.add_argument("--clients", type=int, default=20, help="client threads (default 20)")
    parser.add_argument("--idle-seconds", type=float, default=8,
                        help="length of the idle baseline (default 8)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from backend import db

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        list_file = folder / "listings.csv"
        generate(list_file, args.rows)
        database = folder / "radar.db"
        db.initialize(str(database), ROOT / "seed_data")
        env = {
            **os.environ, "FLASK_DATABASE": str(database),
            "FLASK_SUBMITTER_SECRET": "bench-secret",
            "FLASK_REPORTS_RATE_LIMIT": "100000000 per minute",
            "FLASK_CHECK_RATE_LIMIT": "100000000 per minute",
        }
        port = free_port()
        server = start_server(database, port, env)
        try:
            idle = summary(run_clients(port, args.clients, "idle",
                                       lambda: time.sleep(args.idle_seconds)))
            importer = {}

            def run_import():
                start = time.perf_counter()
                importer["result"] = subprocess.run(
                    [str(BIN / "flask"), "--app", "backend", "import", str(list_file),
                     "--no-progress"], cwd=ROOT, env=env, capture_output=True, text=True)
                importer["seconds"] = time.perf_counter() - start

            busy = summary(run_clients(port, args.clients, "import", run_import))
        finally:
            server.terminate()
            server.wait(30)
        result = importer["result"]
        if result.returncode != 0:
            sys.exit(f"the import failed:\n{result.stdout}\n{result.stderr}")

        created = idle["reports"] + busy["reports"]
        stored = sqlite3.connect(db.reports_path_beside(database))
        found = {row[0] for row in stored.execute("SELECT id FROM reports")}
        stored.close()
        kept = sum(1 for report in created if report in found)

        print(f"import of {args.rows:,} rows: {importer['seconds']:.1f} s "
              f"({result.stdout.strip().splitlines()[-1]})")
        for name, phase in (("idle", idle), ("during import", busy)):
            print(f"{name:>13}: {phase['checks']:,} checks, p50 {phase['p50_ms']:.1f} ms, "
                  f"p99 {phase['p99_ms']:.1f} ms; {len(phase['reports']):,} reports 201; "
                  f"statuses {phase['statuses']}")
        print(f"5xx answers: {idle['server_errors'] + busy['server_errors']} (goal 0)")
        print(f"reports answered 201: {len(created):,}, found afterwards: {kept:,} "
              f"(goal: all)")
        print(f"checks during the import vs idle: p50 {busy['p50_ms'] / idle['p50_ms']:.2f}x, "
              f"p99 {busy['p99_ms'] / idle['p99_ms']:.2f}x")


if __name__ == "__main__":
    main()
