#!/usr/bin/env python3
"""What does keeping a report's page cost? The scrub against a bare lxml parse, and its size.

    python bench/bench_scrub.py [--rounds 7]

For every real page in ../shared/corpus/pages (cut to the API's 2 MB limit), in one run:
the median time of backend.extraction.scrub.scrub_html with the page's address (what
POST /reports does before it stores a page) against the median time of
`lxml.html.fromstring` of the same page, and the bytes kept: scrubbed, then zlib-compressed as report_snapshots stores them.
"""

import argparse
import statistics
import sys
import time
import zlib
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from backend.extraction.scrub import scrub_html  # noqa: E402
from bench_check import corpus_pages  # noqa: E402


def median_seconds(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    ratios, kept, stored = [], [], []
    largest = None
    for name, url, html in corpus_pages():
        data = html.encode("utf-8")
        parse = median_seconds(lambda: lxml.html.fromstring(data), rounds)
        scrub = median_seconds(lambda: scrub_html(html, url), rounds)
        scrubbed = scrub_html(html, url).encode("utf-8")
        ratios.append(scrub / parse)
        kept.append(len(scrubbed) / len(data))
        stored.append(len(zlib.compress(scrubbed, 6)))
        if largest is None or len(data) > largest[1]:
            largest = (name, len(data), parse, scrub, stored[-1])
    name, size, parse, scrub, compressed = largest
    print(f"{len(ratios)} pages, {rounds} rounds each, medians")
    print(f"scrub / lxml parse: median {statistics.median(ratios):.2f}x, "
          f"worst {max(ratios):.2f}x")
    print(f"largest page {name} ({size / 1024:.0f} KB): parse {parse * 1000:.1f} ms, "
          f"scrub {scrub * 1000:.1f} ms ({scrub / parse:.2f}x), stored {compressed / 1024:.1f} KB")
    print(f"kept / raw bytes: median {statistics.median(kept):.3f}; stored (zlib): median "
          f"{statistics.median(stored) / 1024:.1f} KB, largest {max(stored) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
