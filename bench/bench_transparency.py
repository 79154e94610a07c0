#!/usr/bin/env python3
"""The transparency numbers at scale: counting them cold, and serving them cached.

    python bench/bench_transparency.py [--entries 1000000] [--reports 100000] [--rounds 5]

Loads --entries generated entries (bulk rebuild; mixed marketplaces and evidence levels)
and --reports reports spread over the last 26 weeks (about half decided) into a seeded
temporary database, plus a takedown for every 100th entry when the takedowns table
exists. Then calls the app's WSGI callable directly, alternating the cases round by
round: GET /health (the baseline), GET /api/v1/transparency and GET /transparency
(the page) served from the cache, and GET /api/v1/transparency with the cache emptied
first (the count once per TRANSPARENCY_CACHE_SECONDS). Prints medians and ratios to
/health.
"""

import argparse
import datetime
import random
import tempfile
from pathlib import Path

from backend import create_app, db
from backend.store import bulk, listmeta
from loadgen import print_medians, wsgi_get
from backend.transparency import TransparencyCache

ROOT = Path(__file__).resolve().parent.parent
MARKETPLACES = ("amazon", "ebay", "aliexpress", "temu", "wish")
LEVELS = ("test_purchase", "rights_holder", "volunteer_reports", "published_list", "pattern")


def _entries(count: int, start: int = 0):
    for number in range(start, start + count):
        yield {"kind": "listing", "marketplace": MARKETPLACES[number % len(MARKETPLACES)],
               "key": f"B{number:09d}" if number % 5 == 0 else f"{number:012d}",
               "status": "counterfeit" if number % 10 else "authorized", "name": None,
               "title": None, "brand": None, "evidence_url": None,
               "evidence_level": LEVELS[number % len(LEVELS)], "note": None, "source": "bench"}


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _load(path: str, entries: int, reports: int):
    """The entries in one rebuild; the reports and takedowns by plain inserts."""
    database = db.connect(path, db.reports_path_beside(path))
    try:
        with database.atomic():
            version = listmeta.next_version(database)
            bulk.load(database, _entries(entries), version=version, method="rebuild")
    finally:
        database.conn.close()
    load_reports_and_takedowns(path, entries, reports)


def load_reports_and_takedowns(path: str, entries: int, reports: int):
    """reports reports over the last 26 weeks, and a takedown for every 100th of entries."""
    database = db.connect(path, db.reports_path_beside(path))
    rng = random.Random(7)
    now = datetime.datetime.now(datetime.timezone.utc)
    try:
        rows = []
        for number in range(reports):
            sent = now - datetime.timedelta(hours=rng.uniform(0, 26 * 7 * 24))
            decided = sent + datetime.timedelta(hours=rng.expovariate(1 / 30))
            status = rng.choice(("pending", "approved", "rejected")) if decided < now \
                else "pending"
            rows.append((f"r{number:015d}", f"s{number}", f"n{number % 5000}", "seller", "ebay",
                         f"seller{number}", "https://www.ebay.com/usr/x", "counterfeit",
                         status, _stamp(sent), None if status == "pending" else _stamp(decided)))
        with database.atomic():
            database.conn.executemany(
                "INSERT INTO reports_db.reports (id, submitter, network, target_kind, "
                "target_marketplace, target_key, url, reason, status, created_at, decided_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        if database.execute("SELECT 1 FROM sqlite_master WHERE name = 'takedowns'").fetchone():
            columns = {row[1] for row in database.execute("PRAGMA table_info(takedowns)")}
            takedowns = []
            for entry_id in range(1, entries, 100):
                reported = now.date() - datetime.timedelta(days=rng.randrange(1, 180))
                outcome = rng.choice(("removed", "refused", "no_answer", None))
                answered = reported + datetime.timedelta(days=rng.randrange(0, 60))
                takedowns.append({"entry_id": entry_id, "channel": "ip_portal",
                                  "reported_at": reported.isoformat(), "outcome": outcome,
                                  "answered_at": answered.isoformat() if outcome else None,
                                  "recorded_by": "bench", "created_at": _stamp(now),
                                  "updated_at": _stamp(now)})
            with database.atomic():
                database.table("takedowns").insert_all(
                    [{key: value for key, value in row.items() if key in columns}
                     for row in takedowns])
            print(f"{len(takedowns):,} takedowns", flush=True)
    finally:
        database.conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=300, help="calls a round of the cheap cases")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "radar.db")
        db.initialize(path, ROOT / "seed_data")
        print(f"loading {options.entries:,} entries and {options.reports:,} reports ...",
              flush=True)
        _load(path, options.entries, options.reports)
        app = create_app({"DATABASE": path, "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                          "SUBMITTER_SECRET": "bench", "RATELIMIT_ENABLED": False})
        cheap = {"GET /health": "/api/v1/health",
                 "GET /api/v1/transparency (cached)": "/api/v1/transparency",
                 "GET /transparency page (cached)": "/transparency"}
        samples = {name: [] for name in [*cheap, "GET /api/v1/transparency (count)"]}
        for _round in range(options.rounds):
            app.extensions["radar_transparency"] = TransparencyCache()
            samples["GET /api/v1/transparency (count)"].append(
                wsgi_get(app, "/api/v1/transparency")[0])
            for name, route in cheap.items():
                samples[name] += [wsgi_get(app, route)[0] for _ in range(options.calls)]
        print(f"\n{options.entries:,} generated entries (+ the seed list), "
              f"{options.reports:,} reports, {options.rounds} rounds")
        print_medians(samples)


if __name__ == "__main__":
    main()
