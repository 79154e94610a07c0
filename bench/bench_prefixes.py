#!/usr/bin/env python3
"""Private lookups at scale: building GET /prefixes, a GET /hashes lookup, the payload size.

    python bench/bench_prefixes.py [--entries 1000000] [--rounds 5] [--calls 500]

Loads --entries generated listings (bulk rebuild) into a seeded temporary database,
then calls the app's WSGI callable directly, alternating the cases round by round:
GET /health (the baseline: one read of the list version), GET /hashes/<prefix> of a
listed key, GET /prefixes served from the per-version cache, and GET /prefixes with
the cache emptied first (the build once per list version: the index read, the sort
check, the checksum). Prints medians and ratios to /health, the body's size, and
how long the rebuild's key-prefix index took to build (CREATE INDEX alone).
"""

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from backend import create_app, db
from backend.store import bulk, listmeta
from loadgen import print_medians, wsgi_get

ROOT = Path(__file__).resolve().parent.parent


def _entries(count: int):
    for number in range(count):
        yield {"kind": "listing", "marketplace": "amazon", "key": f"B{number:09d}",
               "status": "counterfeit", "name": None, "title": None, "brand": None,
               "evidence_url": None, "evidence_level": "test_purchase", "note": None,
               "source": "bench"}


def _load(path: str, count: int) -> float:
    """Add count listings in one rebuild; seconds the key-prefix index alone takes."""
    database = db.connect(path)
    try:
        with database.atomic():
            version = listmeta.next_version(database)
            bulk.load(database, _entries(count), version=version, method="rebuild")
        database.execute("DROP INDEX entries_key_prefix")
        start = time.perf_counter()
        database.execute("CREATE INDEX entries_key_prefix ON entries "
                         "(key_prefix(kind, marketplace, key))")
        return time.perf_counter() - start
    finally:
        database.conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=500, help="calls a round of the cheap cases")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "radar.db")
        db.initialize(path, ROOT / "seed_data")
        print(f"loading {options.entries:,} listings ...", flush=True)
        index_seconds = _load(path, options.entries)
        app = create_app({"DATABASE": path, "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                          "SUBMITTER_SECRET": "bench", "RATELIMIT_ENABLED": False})
        listed = hashlib.sha256(b"listing:amazon:B000000007").digest()[:4].hex()
        cheap = {"GET /health": "/api/v1/health", "GET /hashes/<prefix>": f"/api/v1/hashes/{listed}",
                 "GET /prefixes (cached)": "/api/v1/prefixes"}
        samples = {name: [] for name in [*cheap, "GET /prefixes (build)"]}
        size = 0
        for _round in range(options.rounds):
            wsgi_get(app, "/api/v1/prefixes")  # the cached cases find this version built
            for name, route in cheap.items():
                samples[name] += [wsgi_get(app, route)[0] for _ in range(
                    options.calls if "cached" not in name else max(1, options.calls // 50))]
            app.extensions["radar_prefixes"]._by_version.clear()
            elapsed, size = wsgi_get(app, "/api/v1/prefixes")
            samples["GET /prefixes (build)"].append(elapsed)
        print(f"\n{options.entries:,} generated listings (+ the seed list), "
              f"{options.rounds} rounds")
        print_medians(samples)
        print(f"GET /prefixes body: {size / 1e6:.2f} MB JSON ({size / 1e6 * 3 / 4:.2f} MB of "
              "prefixes before base64)")
        print(f"CREATE INDEX entries_key_prefix (key_prefix() per row): {index_seconds:.2f} s")


if __name__ == "__main__":
    main()
