#!/usr/bin/env python3
"""What do sightings cost a check? A listed listing's check with and without them.

    python bench/bench_sightings.py [--rows 100000] [--calls 300] [--rounds 5]

One database of --rows listings (bench/listings.py's realistic titles, loaded by the
real import), then, in-process through the Flask test client (the whole /check path),
alternated in each round:
  * baseline: a title check of a listed eBay listing with sightings switched off
    (the process's Sightings.note replaced by a no-op; the reason's dates still read);
  * noted: the same check with sightings on, the day already noted (every check but
    the first of the day for an entry: a set look-up);
  * written: checks each of a listed listing not yet seen today (one indexed read and
    one write to the reports file per check, the first check of the day's cost);
  * unlisted: a title check of a listing not on the list (no sightings path at all).
Prints each median (ms) and the ratios to the baseline measured in the same round.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import bench_import  # noqa: E402
from listings import write_listings  # noqa: E402

TITLE = "Rolex luxury men watch automatic steel black new"


def ebay_url(number: int) -> str:
    return f"https://www.ebay.com/itm/{bench_import.listing_key('ebay', number)}"


def build(folder: Path, rows: int) -> Path:
    """A seeded database with rows listings imported (every tenth on eBay)."""
    from backend import bulk, db

    database = folder / "radar.db"
    db.initialize(str(database), ROOT / "seed_data")
    listing_file = folder / "listings.csv"
    write_listings(listing_file, rows)
    connection = db.connect(str(database))
    try:
        with listing_file.open(encoding="utf-8") as stream:
            bulk.import_list(connection, stream, "csv", method="merge", reports=None)
    finally:
        connection.conn.close()
    return database


class Off:
    """Sightings switched off: note() does nothing."""

    def note(self, *_args):
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    from backend import create_app

    with tempfile.TemporaryDirectory() as folder:
        database = build(Path(folder), options.rows)
        app = create_app({"DATABASE": str(database), "AUTO_INIT_DB": False,
                          "SEED_DIR": str(ROOT / "seed_data"),
                          "CHECK_RATE_LIMIT": "1000000000 per minute"})
        client = app.test_client()
        sightings_on = app.extensions["radar_sightings"]
        listed = {"url": ebay_url(1), "title": TITLE}
        unlisted = {"url": "https://www.ebay.com/itm/399999999999", "title": TITLE}
        # eBay listings not yet checked: numbers 11, 21, 31, ... (every tenth is eBay).
        fresh = iter(range(11, options.rows, 10))

        def timed(body) -> float:
            start = time.perf_counter()
            response = client.post("/api/v1/check", json=body)
            elapsed = time.perf_counter() - start
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return elapsed * 1000

        for body in (listed, unlisted):  # warm: catalog, connections, the day noted
            timed(body)
        samples = {"baseline": [], "noted": [], "written": [], "unlisted": []}
        ratios = {name: [] for name in samples}
        for _ in range(options.rounds):
            medians = {}
            app.extensions["radar_sightings"] = Off()
            medians["baseline"] = statistics.median(timed(listed) for _ in range(options.calls))
            app.extensions["radar_sightings"] = sightings_on
            medians["noted"] = statistics.median(timed(listed) for _ in range(options.calls))
            medians["written"] = statistics.median(
                timed({"url": ebay_url(next(fresh)), "title": TITLE})
                for _ in range(options.calls))
            medians["unlisted"] = statistics.median(timed(unlisted) for _ in range(options.calls))
            for name, value in medians.items():
                samples[name].append(value)
                ratios[name].append(value / medians["baseline"])
        print(f"{options.rows} listings, {options.calls} checks x {options.rounds} rounds")
        print(f"{'check':<10} {'median ms':>10} {'ratio to baseline':>18}")
        for name in samples:
            print(f"{name:<10} {statistics.median(samples[name]):>10.3f} "
                  f"{statistics.median(ratios[name]):>18.3f}")


if __name__ == "__main__":
    main()
