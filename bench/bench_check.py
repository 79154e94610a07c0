#!/usr/bin/env python3
"""What does reading a page snapshot cost? A check with `html` against a bare lxml parse.

    python bench/bench_check.py [--rounds 7] [--http] [--soup]

For every real page in ../shared/corpus/pages (cut to the API's 2 MB limit),
in one run: the median time of a check through the real check service
(backend.check.run over a seeded temporary database, as the /check handler
calls it) against the median time of `lxml.html.fromstring` of the same page.
The goal is a ratio of at most 2. --http also times the whole HTTP path
(Flask test client: JSON encoding and decoding of the page included);
--soup times BeautifulSoup(html, "lxml") with and without a SoupStrainer for
comparison (docs/extraction.md explains why extraction does not use it).
"""

import argparse
import csv
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend import check as checking, create_app, db  # noqa: E402

MAX_HTML_BYTES = 2 * 1024 * 1024
CORPUS = next(
    (path for path in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus"))
     if path.exists()),
    ROOT.parent / "shared" / "corpus",
)


def corpus_pages(max_bytes: int = MAX_HTML_BYTES) -> list[tuple[str, str, str]]:
    """(file, url, html) for every page in the corpus manifest, cut to max_bytes (2 MB)."""
    pages = []
    with (CORPUS / "pages" / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            raw = gzip.decompress((CORPUS / "pages" / row["file"]).read_bytes())
            html = raw[:max_bytes].decode("utf-8", "ignore")
            pages.append((row["file"], row["url"], html))
    return pages


def median_ms(function, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def time_check_and_parse(database, catalog, url: str, html: str,
                         rounds: int) -> tuple[float, float]:
    """Median ms of a check of the page through the check service, and of a bare lxml parse,
    timed alternately (a burst of other work on the machine then hits both alike)."""
    request = checking.CheckRequest(url=url, html=html)
    checking.run(database, catalog, request)  # warm caches (catalog, XPaths)
    checks, parses = [], []
    for _ in range(rounds):
        checks.append(median_ms(lambda: checking.run(database, catalog, request), 1))
        parses.append(median_ms(lambda: lxml.html.fromstring(html), 1))
    return statistics.median(checks), statistics.median(parses)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed calls per page and method")
    parser.add_argument("--http", action="store_true", help="also time POST /api/v1/check")
    parser.add_argument("--soup", action="store_true", help="also time BeautifulSoup parses")
    options = parser.parse_args()

    folder = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "DATABASE": f"{folder}/radar.db",
                      "SEED_DIR": str(ROOT / "seed_data"), "AUTO_INIT_DB": False})
    db.initialize(app.config["DATABASE"], ROOT / "seed_data", demo=True)
    client = app.test_client()
    pages = corpus_pages()

    rows = []
    with app.app_context():
        database = db.get_db()
        catalog = app.extensions["radar_catalog"].get(database)
        for name, url, html in pages:
            check_ms, lxml_ms = time_check_and_parse(database, catalog, url, html, options.rounds)
            row = {"page": name, "kb": len(html.encode()) // 1024, "check": check_ms, "lxml": lxml_ms}
            if options.http:
                body = {"url": url, "html": html}
                row["http"] = median_ms(lambda: client.post("/api/v1/check", json=body), options.rounds)
            if options.soup:
                from bs4 import BeautifulSoup, SoupStrainer

                strainer = SoupStrainer(["meta", "script", "h1", "title"])
                row["soup"] = median_ms(lambda: BeautifulSoup(html, "lxml"), 1)
                row["strained"] = median_ms(
                    lambda: BeautifulSoup(html, "lxml", parse_only=strainer), 1)
            rows.append(row)

    extra = [key for key in ("http", "soup", "strained") if key in rows[0]]
    print(f"{'page':44} {'KB':>5} {'check ms':>9} {'lxml ms':>8} {'ratio':>6}"
          + "".join(f" {key + ' ms':>11}" for key in extra))
    for row in rows:
        print(f"{row['page'][:44]:44} {row['kb']:>5} {row['check']:>9.1f} {row['lxml']:>8.1f} "
              f"{row['check'] / row['lxml']:>6.2f}" + "".join(f" {row[key]:>11.1f}" for key in extra))
    check_median = statistics.median(row["check"] for row in rows)
    lxml_median = statistics.median(row["lxml"] for row in rows)
    print(f"\n{len(rows)} pages. Median check with html: {check_median:.1f} ms; "
          f"median lxml.html.fromstring: {lxml_median:.1f} ms; "
          f"ratio {check_median / lxml_median:.2f}x (goal: at most 2x).")
    print(f"Median per-page ratio: {statistics.median(r['check'] / r['lxml'] for r in rows):.2f}x; "
          f"worst: {max(r['check'] / r['lxml'] for r in rows):.2f}x.")
    for key in extra:
        value = statistics.median(row[key] for row in rows)
        print(f"Median {key}: {value:.1f} ms ({value / lxml_median:.2f}x lxml).")


if __name__ == "__main__":
    main()
