#!/usr/bin/env python3
"""Private mode's rule file: its size for the seed catalog, and evaluate() per page in Node.

    python bench/bench_rulefile.py [--rounds 7] [--repeat 20]

Compiles the rule file of the seeded demo list as GET /api/v1/rulefile serves it and prints
its size raw and gzipped (the issue's goal: at most 200 KB gzipped), how long compiling it
took (once per list version and process; the Unicode tables once per process), and the
part each section takes. Then one Node process loads extension/lib/rules.js and times
evaluate() over a batch of pages (the corpus's titles and prices, replica titles, priced
brand titles, lookalike and plain shop hosts), with the seed rule file and, as the
baseline, an empty one (the same code with no brands, rules or floors): --rounds
alternated rounds of --repeat passes over the batch, medians per page. The first pass
(which compiles the patterns the pages need) is printed apart.
"""

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from backend import create_app, db  # noqa: E402
from backend.rulefile import compile_rulefile, unicode_tables  # noqa: E402

GOAL_GZIPPED = 200 * 1024

NODE = """
import { evaluate } from %s;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { ruleFile, emptyFile, pages, rounds, repeat } = JSON.parse(input);
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const time = (file) => {
  const start = performance.now();
  for (let i = 0; i < repeat; i += 1) for (const page of pages) evaluate(file, page);
  return (performance.now() - start) / (repeat * pages.length);
};
const first = performance.now();
for (const page of pages) evaluate(ruleFile, page);
const firstPass = (performance.now() - first) / pages.length;
evaluate(emptyFile, pages[0]);
const seed = [];
const empty = [];
for (let round = 0; round < rounds; round += 1) {
  seed.push(time(ruleFile));
  empty.push(time(emptyFile));
}
process.stdout.write(JSON.stringify({ firstPass, seed: median(seed), empty: median(empty) }));
""" % json.dumps((ROOT / "extension" / "lib" / "rules.js").as_uri())


def _pages(client) -> list[dict]:
    """Facts of a realistic mix of pages, as the extension would have them."""
    from conftest import corpus_pages
    from test_extraction import _page_html
    from test_lookalike import NEGATIVES, POSITIVES
    from test_rules import GENUINE_TITLES, PRICE_CASES, REPLICA_TITLES

    from backend.urls import canonicalize

    requests = [{"url": row["url"], "html": _page_html(row["file"])} for row in corpus_pages()]
    requests += [{"url": "https://www.ebay.com/itm/123456789012", "title": title}
                 for title in REPLICA_TITLES + GENUINE_TITLES]
    requests += [{"url": "https://www.amazon.com/dp/B0TEST0001", "title": title,
                  "price": {"amount": amount, "currency": currency}}
                 for title, amount, currency, _flagged in PRICE_CASES]
    requests += [{"url": url} for url, _brand, _trick in POSITIVES] + [{"url": url} for url in NEGATIVES]
    pages = []
    for request in requests:
        page = client.post("/api/v1/check", json=request).json["page"]
        pages.append({"url": request["url"], "host": canonicalize(request["url"])[1].hostname,
                      "domain": page["domain"], "marketplace": page["marketplace"],
                      "title": page["title"], "brand": None, "price": page["price"]})
    return pages


def _empty(rule_file: dict) -> dict:
    """The same file with nothing to find: no brands, rules, floors, sites or lookalikes."""
    return {**rule_file, "brands": [], "brand_forms": [],
            "title_rules": {"prohibited_item": [], "replica_phrase": []},
            "price": {**rule_file["price"], "floors": {}},
            "sites": {"official": {}, "markets": [], "notorious_by_domain": {},
                      "notorious_by_marketplace": {}},
            "lookalike": None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "radar.db")
        db.initialize(path, str(ROOT / "seed_data"), demo=True)
        app = create_app({"DATABASE": path, "SEED_DIR": str(ROOT / "seed_data"),
                          "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                          "RATELIMIT_ENABLED": False, "SUBMITTER_SECRET": "bench"})
        client = app.test_client()
        start = time.perf_counter()
        unicode_tables()
        tables_seconds = time.perf_counter() - start
        with app.app_context():
            catalog = app.extensions["radar_catalog"].get(db.get_db())
        start = time.perf_counter()
        rule_file = compile_rulefile(catalog)
        compile_seconds = time.perf_counter() - start
        raw = client.get("/api/v1/rulefile").data
        zipped = gzip.compress(raw, mtime=0)
        pages = _pages(client)
    print(f"rule file (seed catalog): {len(raw) / 1024:.1f} KB raw, {len(zipped) / 1024:.1f} KB "
          f"gzipped (goal <= {GOAL_GZIPPED // 1024} KB: {'met' if len(zipped) <= GOAL_GZIPPED else 'MISSED'})")
    print(f"compile: {compile_seconds * 1000:.0f} ms per list version, Unicode tables "
          f"{tables_seconds * 1000:.0f} ms once per process")
    for name, part in rule_file.items():
        size = len(gzip.compress(json.dumps(part, ensure_ascii=False).encode(), mtime=0))
        print(f"  {name:12s} {size / 1024:6.1f} KB gzipped")
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", NODE], capture_output=True, text=True, check=True,
        input=json.dumps({"ruleFile": json.loads(raw), "emptyFile": _empty(json.loads(raw)),
                          "pages": pages, "rounds": args.rounds, "repeat": args.repeat}))
    result = json.loads(completed.stdout)
    print(f"evaluate() over {len(pages)} pages, median of {args.rounds} rounds x {args.repeat} passes:")
    print(f"  seed rule file   {result['seed'] * 1000:8.1f} µs/page")
    print(f"  empty rule file  {result['empty'] * 1000:8.1f} µs/page (baseline)")
    print(f"  ratio            {result['seed'] / result['empty']:8.1f}x")
    print(f"  first pass (compiling the patterns pages need) {result['firstPass'] * 1000:.1f} µs/page")


if __name__ == "__main__":
    main()
