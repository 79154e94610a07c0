#!/usr/bin/env python3
"""Does the relisted-title search stay flat as the list grows? p50 of a title check at N rows.

    python bench/bench_relist.py [--rows 1000000] [--calls 200] [--rounds 3] [--keep DIR [--reuse]]

Builds two databases with the real import path (backend.bulk.import_list, as `flask
import` runs it): --rows listings and 1,000 listings, both with bench/listings.py's realistic,
overlapping titles (brand + common words + product + tail words and model numbers; one
in six a near-copy of an earlier title). Then, in-process (Flask test client), alternated
in rounds so that the machine's other load hits every case alike, the median of:
  - POST /check with a common-words title (not on the list) at N rows,
  - the same at 1,000 rows,
  - GET /check?url= (URL only, no title search) at N rows.
Goal: the title check at N within a small factor of the same at 1,000 rows (flat), and
p50 <= 5 ms at 10 M. It also reports the share of relists found: listed titles with a
word changed or added (near_identical accepts each), checked under a new listing id.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import goals  # noqa: E402  (the checks, the app)
import listings  # noqa: E402  (the realistic title generator)
from backend import bulk, db  # noqa: E402
from backend.matching.rules import near_identical  # noqa: E402

URL_CHECK = ("GET", goals.URL_CHECK, None)


def build(folder: Path, rows: int, reuse: bool = False) -> tuple[Path, float]:
    """A seeded database with rows generated listings imported; (path, import seconds)."""
    database_path = folder / f"radar-{rows}.db"
    if reuse and database_path.exists():
        return database_path, 0.0
    # Exact prefixes: "radar-1000*" would also match the 10,000,000-row database.
    for stale in [*folder.glob(f"radar-{rows}.db*"), *folder.glob(f"radar-{rows}-*")]:
        stale.unlink()
    csv_path = folder / f"listings-{rows}.csv"
    listings.write_listings(csv_path, rows)
    db.initialize(str(database_path), ROOT / "seed_data")
    database = db.connect(str(database_path))
    start = time.perf_counter()
    with csv_path.open("rb") as binary:
        bulk.import_list(database, bulk.open_text(binary), "csv", label=csv_path.name,
                         size_hint=csv_path.stat().st_size, reports=None)
    seconds = time.perf_counter() - start
    database.conn.close()
    csv_path.unlink()
    return database_path, seconds


def relist_cases(database_path: Path, count: int, seed: int = 5) -> list[dict]:
    """Checks of listed titles with a word changed or added, under new listing ids."""
    rng = random.Random(seed)
    database = db.connect(str(database_path))
    top = database.execute("SELECT max(id) FROM entries").fetchone()[0]
    cases = []
    while len(cases) < count:
        row = database.execute(
            "SELECT brand, title FROM entries WHERE id = ? AND kind = 'listing' "
            "AND marketplace = 'ebay'", [rng.randint(1, top)]).fetchone()
        if not row:
            continue
        variant = listings.relisted_title(rng, row[0], row[1])
        if near_identical(variant, row[1]):
            cases.append({"url": f"https://www.ebay.com/itm/{380_000_000_000 + len(cases)}",
                          "title": variant})
    database.conn.close()
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=200, help="calls per case per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--relists", type=int, default=300, help="relists to look for")
    parser.add_argument("--keep", help="work in this folder and keep the databases")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: use the databases a previous run left there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        big, big_seconds = build(folder, args.rows, args.reuse)
        if big_seconds:
            print(f"imported {args.rows:,} listings in {big_seconds:.1f} s", flush=True)
        small, _seconds = build(folder, 1_000, args.reuse)
        clients = {"big": goals.app_over(big).test_client(),
                   "small": goals.app_over(small).test_client()}

        def timed(client, method, path, body) -> float:
            start = time.perf_counter()
            response = client.open(path, method=method, json=body)
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return elapsed

        cases = {
            "title, N rows": (clients["big"], "POST"),
            "title, 1,000 rows": (clients["small"], "POST"),
        }
        samples: dict[str, list[float]] = {name: [] for name in [*cases, "URL only, N rows"]}
        for client in clients.values():  # warm: catalog, connections, statement caches
            for body in goals.TITLE_CHECKS:
                timed(client, "POST", "/api/v1/check", body)
        for _round in range(args.rounds):
            for number in range(args.calls):
                body = goals.TITLE_CHECKS[number % len(goals.TITLE_CHECKS)]
                for name, (client, method) in cases.items():
                    samples[name].append(timed(client, method, "/api/v1/check", body))
                samples["URL only, N rows"].append(timed(clients["big"], *URL_CHECK))
        medians = {name: statistics.median(values) for name, values in samples.items()}
        base = medians["title, 1,000 rows"]
        print(f"{'case':<22} {'p50 ms':>8} {'p90 ms':>8}  ratio")
        for name, values in samples.items():
            p90 = statistics.quantiles(values, n=10)[-1]
            print(f"{name:<22} {medians[name]:8.3f} {p90:8.3f}  "
                  f"{medians[name] / base:.2f}x the 1,000-row title check")
        print(f"title check at N / URL-only check at N: "
              f"{medians['title, N rows'] / medians['URL only, N rows']:.2f}x")

        found, relist_ms = 0, []
        relists = relist_cases(big, args.relists)
        for body in relists:
            start = time.perf_counter()
            reasons = clients["big"].post("/api/v1/check", json=body).get_json()["reasons"]
            relist_ms.append((time.perf_counter() - start) * 1000)
            found += any(reason["code"] == "relisted_listing" for reason in reasons)
        print(f"relists found: {found}/{len(relists)} ({found / len(relists):.1%}); "
              f"p50 of those checks {statistics.median(relist_ms):.3f} ms")
        database = db.connect(str(big))
        bands = database.execute("SELECT count(*) FROM listing_bands").fetchone()[0]
        pages = {name: database.execute(
            "SELECT count(*) FROM dbstat WHERE name = ?", [name]).fetchone()[0]
            for name in ("entries", "listing_bands")} if _has_dbstat(database) else {}
        database.conn.close()
        size = big.stat().st_size / 2**20
        print(f"listing_bands: {bands:,} rows; database {size:,.0f} MiB"
              + "".join(f"; {name} {count * 4096 / 2**20:,.0f} MiB"
                        for name, count in pages.items()))


def _has_dbstat(database) -> bool:
    try:
        database.execute("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except Exception:  # SQLite built without the dbstat table
        return False


if __name__ == "__main__":
    main()
