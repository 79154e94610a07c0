#!/usr/bin/env python3
"""How fast is `flask import` next to plain sqlite3 loading the same file? Time and peak RSS.

    python bench/bench_import.py [--rows 8500000] [--keep DIR]

Generates a CSV of N listing rows into a temporary folder, then runs, each in its
own subprocess (so that peak RSS, from wait4's rusage, is measured per side):
- import: `python -m flask --app backend import FILE` into a freshly initialised
  database (seed_data/ loaded), the real code path: validation, canonical keys,
  duplicate and change detection, one transaction, the audit record;
- baseline: csv.reader + sqlite3 executemany of the same rows into a table like
  entries in one transaction, the same title bands (matching/signatures.py, computed
  batch by batch as the import does, staged, then added to listing_bands in one sorted
  pass), then the same four B-tree indexes; each phase's time is printed.
Goal: import time at most 1.5x the baseline, and memory flat (streaming, not
proportional to the file).
"""

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKETPLACES = ["amazon", "ebay", "aliexpress", "alibaba", "walmart", "etsy", "temu",
                "dhgate", "wish", "facebook"]
WORDS = ("genuine leather wallet men women watch luxury bag handbag sneakers running shoes "
         "sunglasses polarized perfume eau de parfum hoodie jacket cap belt earbuds wireless "
         "charger case premium new original gift").split()
BRANDS = ["Nike", "Adidas", "Rolex", "Gucci", "Apple", "Ray-Ban", "Chanel", "Louis Vuitton",
          "Samsung", "Prada"]
FIELDS = ("kind", "marketplace", "key", "status", "name", "title", "brand", "evidence_url",
          "note", "source", "evidence_level")
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def listing_key(marketplace: str, number: int) -> str:
    """A unique, already canonical listing id of the marketplace's shape."""
    if marketplace == "amazon":
        digits = ""
        for _ in range(8):
            number, rest = divmod(number, 36)
            digits = _BASE36[rest] + digits
        return "B0" + digits
    if marketplace == "wish":
        return format(number, "024x")
    return str(100_000_000_000 + number)


def generate(path: Path, rows: int):
    """Write rows listing rows (about 150 bytes each) with the list file's columns: titles of
    a brand, five common words and a model number, so that they overlap as real ones do."""
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for number in range(rows):
            marketplace = MARKETPLACES[number % 10]
            title = " ".join(rng.sample(WORDS, 5))
            writer.writerow((
                "listing", marketplace, listing_key(marketplace, number), "counterfeit", "",
                f"{BRANDS[number % 10]} {title} {rng.choice('ABKMSTXZ')}{rng.randint(100, 99999)}",
                BRANDS[number // 10 % 10], f"https://evidence.example.org/case/{number}", "",
                "bench", "test_purchase",
            ))


def baseline(database: str, csv_path: str):
    """Plain sqlite3: executemany into an entries-like table and its title bands, then the
    same indexes."""
    sys.path.insert(0, str(ROOT))
    from backend import lookups
    from backend.matching import signatures

    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, marketplace TEXT, "
        "key TEXT NOT NULL, status TEXT NOT NULL, name TEXT, name_norm TEXT, title TEXT, "
        "brand TEXT, evidence_url TEXT, evidence_level TEXT, note TEXT, source TEXT, "
        "version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )
    connection.execute("CREATE TABLE listing_bands (band_key INTEGER NOT NULL, entry_id INTEGER "
                       "NOT NULL, PRIMARY KEY (band_key, entry_id)) WITHOUT ROWID")
    bands = [f"band{index}" for index in range(signatures.BANDS)]
    connection.execute(f"CREATE TEMP TABLE staged_bands (entry_id INTEGER PRIMARY KEY, "
                       f"{', '.join(bands)})")
    phases = {"load": 0.0, "band_keys": 0.0}
    insert = ("INSERT INTO entries (id, kind, marketplace, key, status, name, title, brand, "
              "evidence_url, note, source, evidence_level, version, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '2026-01-01 00:00:00', "
              "'2026-01-01 00:00:00')")
    stage = f"INSERT INTO staged_bands VALUES ({', '.join('?' for _ in range(len(bands) + 1))})"
    with open(csv_path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        with connection:
            next_id = 1
            while rows := list(islice(reader, 10_000)):
                batch = [(entry_id, *row) for entry_id, row in enumerate(rows, start=next_id)]
                next_id += len(batch)
                start = time.perf_counter()
                connection.executemany(insert, batch)
                middle = time.perf_counter()
                ids, keys = signatures.band_rows(
                    (row[0], row[2], row[6]) for row in batch
                    if row[1] == "listing" and row[4] == "counterfeit")
                rows = [(entry_id, *row_keys)
                        for entry_id, row_keys in zip(ids.tolist(), keys.tolist())]
                staged = time.perf_counter()
                connection.executemany(stage, rows)
                end = time.perf_counter()
                phases["load"] += middle - start + end - staged
                phases["band_keys"] += staged - middle
    start = time.perf_counter()
    with connection:
        connection.execute(
            "INSERT INTO listing_bands SELECT * FROM ("
            + " UNION ALL ".join(f"SELECT {band}, entry_id FROM staged_bands" for band in bands)
            + ") ORDER BY 1, 2")
        connection.execute("DROP TABLE staged_bands")
    phases["bands"] = time.perf_counter() - start
    start = time.perf_counter()
    with connection:
        connection.execute(
            "CREATE UNIQUE INDEX entries_identity ON entries (kind, ifnull(marketplace, ''), key)")
        connection.execute("CREATE INDEX entries_lookup ON entries (kind, marketplace, key)")
        connection.execute("CREATE INDEX entries_alias ON entries (kind, marketplace, name_norm) "
                           "WHERE name_norm IS NOT NULL")
        connection.execute("CREATE INDEX entries_version ON entries (version)")
        # The private lookups' prefix index (m008), on the same registered function.
        lookups.register(connection)
        connection.execute(
            "CREATE INDEX entries_key_prefix ON entries (key_prefix(kind, marketplace, key))")
    phases["btree_indexes"] = time.perf_counter() - start
    connection.close()
    print(json.dumps(phases))


def run_measured(command: list[str], env=None) -> tuple[float, float, float, str]:
    """Run command; return (seconds, CPU seconds, peak RSS in MiB, output) of that process alone.

    CPU time (user + system) is printed too because wall time on a shared machine
    depends on what else runs; CPU time much less so.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env, cwd=ROOT, text=True)
    # wait4 gives this child's own rusage (getrusage(RUSAGE_CHILDREN) would be the max
    # over every child so far). Read the pipes after: the outputs are short.
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    out, err = process.stdout.read(), process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{out}\n{err}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out + err


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--rows", type=int, default=8_500_000,
                        help="listing rows to generate (default 8,500,000)")
    parser.add_argument("--keep", help="work in this folder and keep the files")
    parser.add_argument("--baseline-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        baseline(*args.baseline_child)
        return

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        csv_path = folder / "listings.csv"
        start = time.perf_counter()
        generate(csv_path, args.rows)
        size = csv_path.stat().st_size
        print(f"generated {args.rows:,} rows ({size / 2**20:,.0f} MiB) "
              f"in {time.perf_counter() - start:.1f} s")
        result = measure(csv_path, folder)
        print(f"import:   {result['import_seconds']:8.1f} s (CPU {result['import_cpu']:.1f} s), "
              f"peak RSS {result['import_rss']:6.0f} MiB  ({result['import_output']})")
        phases = result["phases"]
        btree_only = phases["load"] + phases["btree_indexes"]
        print(f"baseline: {result['base_seconds']:8.1f} s (CPU {result['base_cpu']:.1f} s), "
              f"peak RSS {result['base_rss']:6.0f} MiB  "
              f"(executemany {phases['load']:.1f} s, band keys {phases['band_keys']:.1f} s, "
              f"bands sorted in {phases['bands']:.1f} s, B-tree indexes "
              f"{phases['btree_indexes']:.1f} s)")
        print(f"ratio import/baseline: {result['import_seconds'] / result['base_seconds']:.2f}x "
              f"(goal <= 1.5x); CPU time {result['import_cpu'] / result['base_cpu']:.2f}x; "
              f"against executemany + B-tree indexes only (no bands): "
              f"{result['import_seconds'] / btree_only:.2f}x")
        print(f"peak RSS: import {result['import_rss']:.0f} MiB, baseline "
              f"{result['base_rss']:.0f} MiB, file {size / 2**20:,.0f} MiB")


def measure(csv_path: Path, folder: Path) -> dict:
    """Import csv_path into folder/import.db (freshly initialised), then load it with plain
    sqlite3 into folder/baseline.db; seconds, CPU seconds and peak RSS (MiB) of each.

    bench/goals.py calls this too, and serves its checks from the imported database.
    """
    sys.path.insert(0, str(ROOT))
    from backend import db

    database = folder / "import.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
        Path(f"{db.reports_path_beside(database)}{suffix}").unlink(missing_ok=True)
    db.initialize(str(database), ROOT / "seed_data")
    env = {**os.environ, "FLASK_DATABASE": str(database)}
    import_seconds, import_cpu, import_rss, output = run_measured(
        [sys.executable, "-m", "flask", "--app", "backend", "import", str(csv_path),
         "--no-progress"], env=env)
    import_output = output.strip().splitlines()[-1]

    plain = folder / "baseline.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{plain}{suffix}").unlink(missing_ok=True)
    base_seconds, base_cpu, base_rss, output = run_measured(
        [sys.executable, __file__, "--baseline-child", str(plain), str(csv_path)])
    return {
        "database": database, "import_seconds": import_seconds, "import_cpu": import_cpu,
        "import_rss": import_rss, "import_output": import_output,
        "base_seconds": base_seconds, "base_cpu": base_cpu, "base_rss": base_rss,
        "phases": json.loads(output.strip().splitlines()[-1]),
    }

if __name__ == "__main__":
    main()
