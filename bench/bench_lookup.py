#!/usr/bin/env python3
"""How long does a check take in-process? Median over many calls, as a ratio to /health.

    python bench/bench_lookup.py [--calls 2000]

Both are measured in the same run through the Flask test client over a seeded
temporary database, so the ratio says what a check costs on top of the
framework's own request handling (routing, JSON, one database read).
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from backend import create_app, db

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ("GET", "/api/v1/check?url=https://www.amazon.com/dp/B0057OC5O8?smid=A1CJB5SYI9X4XC", None),
    ("GET", "/api/v1/check?url=https://www.cheap-rolex-outlet.com/submariner", None),
    ("POST", "/api/v1/check", {
        "url": "https://www.walmart.com/ip/TRX-Suspension-Trainer/55126398",
        "title": "TRX All-in-One Suspension Trainer 1:1 quality",
        "seller": {"id": "101071354", "name": "Best Fitness Deals"},
        "price": {"amount": 27.99, "currency": "USD"}}),
]


def _median_ms(client, method, path, body, calls):
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        response = client.open(path, method=method, json=body)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, response.get_data(as_text=True)
    return statistics.median(samples) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000, help="calls per case (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "radar.db")
        db.initialize(path, ROOT / "seed_data", demo=True)
        # The rate limiter stays on (it is part of a real check), with room for the loop.
        app = create_app({"DATABASE": path, "SEED_DIR": str(ROOT / "seed_data"),
                          "CHECK_RATE_LIMIT": "10000000 per minute"})
        client = app.test_client()
        _median_ms(client, "GET", "/api/v1/health", None, 50)  # warm up
        baseline = _median_ms(client, "GET", "/api/v1/health", None, args.calls)
        print(f"baseline GET /health: median {baseline:.3f} ms over {args.calls} calls")
        for method, path_, body in CASES:
            _median_ms(client, method, path_, body, 20)
            median = _median_ms(client, method, path_, body, args.calls)
            label = f"{method} {path_[:70]}" + (f" ({body['title'][:30]}...)" if body else "")
            print(f"{label}: median {median:.3f} ms, {median / baseline:.2f}x /health")


if __name__ == "__main__":
    main()
