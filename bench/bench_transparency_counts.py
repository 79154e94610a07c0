#!/usr/bin/env python3
"""What keeping the transparency counts (entry_counts, schema m010) saves and costs.

    python bench/bench_transparency_counts.py [--entries 1000000] [--import-rows 1000000]
        [--merge-rows 100000] [--writes 100] [--rounds 3]

Builds a seeded temporary database and loads --entries generated entries in one bulk
rebuild (timed), then 100,000 reports and the takedowns as bench_transparency.py does.
Then, in the same run, round by round:
- GET /health (the baseline) and GET /api/v1/transparency with the cache emptied first
  (cold: what the first request after a start, and one request an hour, pays);
- the GROUP BY over the entries that transparency ran before m010 (reads every entry);
- with the counts kept and, alternately, with entry_counts' triggers dropped (the upkeep
  off, as before m010; the bulk loader keeps the counts only while they are there):
  one entry written through curation (create, change of status, delete: what POST, PATCH
  and DELETE /entries run, without HTTP), --writes of each; a merge import of
  --merge-rows rows into the list (half change an entry's evidence level, half are new);
  a rebuild import of --import-rows rows into a seeded list (0: skip). Imports are rolled
  back, so that every round meets the same list.
Runs against whatever `backend` is importable, so the same script measures an older
tree: PYTHONPATH=/path/to/old/tree python bench/bench_transparency_counts.py
"""

import argparse
import tempfile
import time
from pathlib import Path

from backend import create_app, db
from backend.curation import entries as curation_entries
from backend.models.entries import EntryInput
from backend.models.parse import parse
from backend.store import bulk, listmeta
from backend.transparency import TransparencyCache
from bench_transparency import _entries as generated_entries
from bench_transparency import load_reports_and_takedowns
from loadgen import print_medians, wsgi_get

ROOT = Path(__file__).resolve().parent.parent
OLD_COUNT = ("SELECT ifnull(marketplace, 'domains'), ifnull(evidence_level, 'unspecified'), "
             "count(*) FROM entries WHERE status = 'counterfeit' GROUP BY 1, 2")


class _Undo(Exception):
    """Raised to roll a timed import back, so that every round meets the same list."""


def _import(path: str, entries: int) -> float:
    """Seconds to load entries generated entries into the list in one rebuild."""
    database = db.connect(path, db.reports_path_beside(path))
    try:
        start = time.perf_counter()
        with database.atomic():
            version = listmeta.next_version(database)
            bulk.load(database, generated_entries(entries), version=version, method="rebuild")
        return time.perf_counter() - start
    finally:
        database.conn.close()


def _merge_rows(entries: int, rows: int):
    """rows rows: the first half change existing entries' evidence level, the rest are new."""
    for row in generated_entries(rows // 2, start=entries - rows // 2):
        yield {**row, "evidence_level": "seller_admission"}
    yield from generated_entries(rows - rows // 2, start=entries)


def _rolled_back_load(path: str, rows, method: str) -> float:
    """Seconds to load rows by method, then undone."""
    database = db.connect(path, db.reports_path_beside(path))
    try:
        start = time.perf_counter()
        try:
            with database.atomic():
                version = listmeta.current_version(database) + 1
                bulk.load(database, rows, version=version, method=method)
                elapsed = time.perf_counter() - start
                raise _Undo
        except _Undo:
            return elapsed
    finally:
        database.conn.close()


def _writes(path: str, count: int, first: int) -> dict[str, list[float]]:
    """Seconds per curation create, status change and delete of one entry."""
    database = db.connect(path, db.reports_path_beside(path))
    samples = {"entry create": [], "entry status change": [], "entry delete": []}
    try:
        for number in range(first, first + count):
            new = parse(EntryInput, {
                "kind": "seller", "marketplace": "ebay", "key": f"bench-writer-{number}",
                "status": "counterfeit", "evidence_level": "test_purchase"})
            start = time.perf_counter()
            created = curation_entries.create(database, new, "bench")
            middle = time.perf_counter()
            curation_entries.update(database, created["id"], {"status": "authorized"}, "bench")
            changed = time.perf_counter()
            curation_entries.delete(database, created["id"], "bench")
            end = time.perf_counter()
            samples["entry create"].append(middle - start)
            samples["entry status change"].append(changed - middle)
            samples["entry delete"].append(end - changed)
    finally:
        database.conn.close()
    return samples


def _old_count(path: str) -> float:
    database = db.connect(path, db.reports_path_beside(path))
    try:
        start = time.perf_counter()
        database.execute(OLD_COUNT).fetchall()
        return time.perf_counter() - start
    finally:
        database.conn.close()


def _count_triggers(path: str) -> list[str]:
    """The CREATE statements of entry_counts' triggers (none before m010)."""
    database = db.connect(path)
    try:
        return [sql for (sql,) in database.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'entry_counts_%' ORDER BY name")]
    finally:
        database.conn.close()


def _upkeep(path: str, triggers: list[str], on: bool):
    """Create entry_counts' triggers (on) or drop them (off, as before m010)."""
    database = db.connect(path)
    try:
        with database.atomic():
            for sql in triggers:
                name = sql.split()[2]
                database.execute(f"DROP TRIGGER IF EXISTS {name}")
                if on:
                    database.execute(sql)
    finally:
        database.conn.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--merge-rows", type=int, default=100_000)
    parser.add_argument("--writes", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        seeded = str(Path(folder) / "seeded.db")
        db.initialize(seeded, ROOT / "seed_data")
        path = str(Path(folder) / "radar.db")
        db.initialize(path, ROOT / "seed_data")
        print(f"importing {options.entries:,} entries ...", flush=True)
        imported = _import(path, options.entries)
        load_reports_and_takedowns(path, options.entries, options.reports)
        triggers = _count_triggers(path)
        app = create_app({"DATABASE": path, "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                          "SUBMITTER_SECRET": "bench", "RATELIMIT_ENABLED": False})
        modes = ("counts kept", "upkeep off") if triggers else ("before m010",)
        samples: dict[str, list[float]] = {
            "GET /health": [], "GET /api/v1/transparency (cold)": [],
            "GROUP BY over entries (pre-m010 query)": []}
        written = 0
        for _round in range(options.rounds):
            samples["GET /health"] += [wsgi_get(app, "/api/v1/health")[0] for _ in range(300)]
            app.extensions["radar_transparency"] = TransparencyCache()
            samples["GET /api/v1/transparency (cold)"].append(
                wsgi_get(app, "/api/v1/transparency")[0])
            samples["GROUP BY over entries (pre-m010 query)"].append(_old_count(path))
            for mode in modes:
                if triggers:
                    _upkeep(path, triggers, mode == "counts kept")
                    _upkeep(seeded, triggers, mode == "counts kept")
                for name, values in _writes(path, options.writes, written).items():
                    samples.setdefault(f"{name} ({mode})", []).extend(values)
                written += options.writes
                samples.setdefault(f"merge {options.merge_rows:,} rows ({mode})", []).append(
                    _rolled_back_load(path, _merge_rows(options.entries, options.merge_rows),
                                      "merge"))
                if options.import_rows:
                    samples.setdefault(
                        f"rebuild {options.import_rows:,} rows ({mode})", []).append(
                        _rolled_back_load(seeded, generated_entries(options.import_rows),
                                          "rebuild"))
        if triggers:
            _upkeep(path, triggers, True)
        print(f"\n{options.entries:,} generated entries (+ the seed list), "
              f"{options.reports:,} reports, {options.rounds} rounds; entry_counts "
              f"{'kept' if triggers else 'absent (before m010)'}")
        print(f"building the list: {options.entries:,} entries imported (rebuild) in "
              f"{imported:.2f} s")
        print_medians(samples)


if __name__ == "__main__":
    main()
