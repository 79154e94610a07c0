#!/usr/bin/env python3
"""What does a request cost in-process? Medians per route, as ratios to a trivial endpoint.

    python bench/bench_lookup.py [--calls 2000] [--rounds 10]

Every case calls the app's WSGI callable directly (no test client, no HTTP server:
what is left is the app's own cost) over a seeded temporary database, in the same
app and the same run: a trivial JSON endpoint added to the app (the framework's own
cost: routing, request and response objects, JSON), GET /health (plus one read of
the list version), a URL-only check and a POST check with a title. The cases
alternate in rounds so that a noisy machine slows them alike. "overhead" is a
case's median minus the trivial endpoint's: what the app adds to Flask.
"""

import argparse
import io
import json
import statistics
import tempfile
import time
from pathlib import Path

from werkzeug.test import EnvironBuilder

from backend import create_app, db

ROOT = Path(__file__).resolve().parent.parent
TRIVIAL = "/bench/trivial"

CASES = {
    "trivial Flask endpoint": ("GET", TRIVIAL, None),
    "GET /health": ("GET", "/api/v1/health", None),
    "GET /check?url= (listed seller)": (
        "GET", "/api/v1/check?url=https://www.amazon.com/dp/B0057OC5O8?smid=A1CJB5SYI9X4XC", None),
    "GET /check?url= (shop domain)": (
        "GET", "/api/v1/check?url=https://www.cheap-rolex-outlet.com/submariner", None),
    "POST /check with a title": ("POST", "/api/v1/check", {
        "url": "https://www.walmart.com/ip/TRX-Suspension-Trainer/55126398",
        "title": "TRX All-in-One Suspension Trainer 1:1 quality",
        "seller": {"id": "101071354", "name": "Best Fitness Deals"},
        "price": {"amount": 27.99, "currency": "USD"}}),
}


def _samples(app, method, path, body, calls):
    data = json.dumps(body).encode() if body is not None else b""
    builder = EnvironBuilder(path=path, method=method, data=data,
                             content_type="application/json" if body is not None else None,
                             environ_base={"REMOTE_ADDR": "192.0.2.1"})
    environ = builder.get_environ()
    statuses = []

    def start_response(status, _headers, _exc_info=None):
        statuses.append(status)

    samples = []
    for _ in range(calls):
        request_environ = {**environ, "wsgi.input": io.BytesIO(data)}
        start = time.perf_counter()
        response = b"".join(app(request_environ, start_response))
        samples.append(time.perf_counter() - start)
        assert statuses.pop() == "200 OK", response
    return samples


def measure(calls: int = 2000, rounds: int = 10, limits: bool = True) -> dict[str, float]:
    """Median milliseconds per case, the cases alternating in rounds of calls/rounds."""
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "radar.db")
        db.initialize(path, ROOT / "seed_data", demo=True)
        # The rate limiter stays on (it is part of a real check), with room for the loop.
        app = create_app({"DATABASE": path, "SEED_DIR": str(ROOT / "seed_data"),
                          "CHECK_RATE_LIMIT": "10000000 per minute",
                          "RATELIMIT_ENABLED": limits})
        app.add_url_rule(TRIVIAL, "bench_trivial", lambda: {"status": "ok"})
        samples = {name: [] for name in CASES}
        for name, case in CASES.items():
            _samples(app, *case, 50)  # warm up: caches, prepared statements
        per_round = max(calls // rounds, 1)
        for _ in range(rounds):
            for name, case in CASES.items():
                samples[name] += _samples(app, *case, per_round)
        return {name: statistics.median(found) * 1000 for name, found in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000, help="calls per case (default 2000)")
    parser.add_argument("--rounds", type=int, default=10, help="alternations (default 10)")
    parser.add_argument("--no-limits", action="store_true",
                        help="turn the rate limiter off (to see what it costs)")
    args = parser.parse_args()
    medians = measure(args.calls, args.rounds, limits=not args.no_limits)
    trivial, health = medians["trivial Flask endpoint"], medians["GET /health"]
    print(f"{args.calls} calls per case in {args.rounds} alternating rounds, "
          "in-process (WSGI calls)\n")
    print(f"| {'request':34} | median ms | vs trivial | vs /health | overhead ms |")
    print(f"|{'-' * 36}|-----------|------------|------------|-------------|")
    for name, median in medians.items():
        print(f"| {name:34} | {median:9.3f} | {median / trivial:9.2f}x | {median / health:9.2f}x "
              f"| {median - trivial:11.3f} |")


if __name__ == "__main__":
    main()
