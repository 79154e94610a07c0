#!/usr/bin/env python3
"""What does validating requests with the model layer (pydantic v2) cost against the hand
validation it replaced?

    python bench/bench_models.py [--rounds 7] [--calls 2000] [--baseline 00b37ce]

In one run: (1) a realistic POST /check body (URL, title, seller, price, brand; once
without and once with a 200 KB snapshot) and a POST /reports body, validated per call
by the hand-written api/validation.py of --baseline (loaded from git) and by
backend/models; (2) POST /check end to end through the Flask test client, in the tree of
--baseline (extracted with `git archive`) and in this one, alternated, in fresh
processes. Figures are medians of --rounds rounds, in µs per call, with the ratio to
the baseline measured in the same run.
"""

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO, StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHECK_BODY = {
    "url": "https://www.amazon.com/dp/B0C1234567?th=1&psc=1",
    "title": "Rolex Submariner Date 41mm Oystersteel black dial automatic men's watch",
    "seller": {"id": "A1B2C3D4E5F6G7", "name": "Luxury Time Outlet"},
    "price": {"amount": 129.99, "currency": "USD"},
    "brand": "Rolex",
}
REPORT_BODY = {**CHECK_BODY, "reason": "replica_wording",
               "details": "The description says 'AAA quality 1:1 copy'.",
               "evidence_urls": ["https://example.org/screenshot-1.png",
                                 "https://example.org/screenshot-2.png"]}
SNAPSHOT = "<html><body>" + "<p>Genuine quality, fast shipping – Ünïcode ✓</p>" * 4000

# Runs in a fresh process inside a tree: median µs of POST /check through the test client.
END_TO_END = r"""
import json, statistics, sys, tempfile, time
sys.path.insert(0, sys.argv[1])
from backend import create_app
body, calls, rounds = json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with tempfile.TemporaryDirectory() as folder:
    app = create_app({"TESTING": True, "DATABASE": folder + "/radar.db",
                      "RATELIMIT_ENABLED": False})
    client = app.test_client()
    assert client.post("/api/v1/check", json=body).status_code == 200
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            client.post("/api/v1/check", json=body)
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times))
    print(statistics.median(medians) * 1e6)
"""


def _baseline_tree(commit: str, folder: str) -> str:
    """The backend and seed data of commit, extracted into folder."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "backend", "seed_data"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def _baseline_module(tree: str, path: str):
    """A module of the baseline (api/validation.py, listfile.py), imported into this package
    (its imports of check, errors, page, urls and marketplaces resolve to today's, which
    it used unchanged)."""
    name = "backend." + path.removesuffix(".py").replace("/", "._baseline_")
    spec = importlib.util.spec_from_file_location(name, Path(tree) / "backend" / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mean_time(function, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - start) / calls * 1e6


def _compare(before, after, calls: int, rounds: int) -> tuple[float, float, float]:
    """Median µs per call of before() and after(), alternated round by round, and the
    median of the rounds' ratios (after / before): on a shared machine, read the ratio."""
    times = [(_mean_time(before, calls), _mean_time(after, calls)) for _ in range(rounds)]
    return (statistics.median(b for b, _ in times), statistics.median(a for _, a in times),
            statistics.median(a / b for b, a in times))


def _hand_report(hand, body):
    """What the baseline's POST /reports read from a body (reports.py of then, inlined)."""
    hand.choice_field(body, "reason", ("counterfeit", "replica_wording", "price_too_low",
                                       "seller_admitted", "prohibited_item", "other"))
    hand.text_field(body, "details", 2000)
    [hand.url_field({"evidence_urls": url}, "evidence_urls") for url in body["evidence_urls"]]
    return hand.page_fields(body)


def _list_file(count: int) -> str:
    """A CSV list file of count entries of every kind."""
    lines = ["kind,marketplace,key,status,name,title,brand,evidence_url,note,source,"
             "evidence_level"]
    for number in range(count):
        lines.append(
            f"seller,ebay,fake-shop-{number},counterfeit,Fake Shop {number},,Rolex,"
            f"https://example.org/evidence/{number},Test purchase,rights holder,test_purchase"
            if number % 3 == 0 else
            f"listing,amazon,B0{number:08d},counterfeit,,Replica watch {number},Rolex,,,,pattern"
            if number % 3 == 1 else
            f"domain,,cheap-rolex-{number}.example,counterfeit,,,Rolex,,,,published_list")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--baseline", default="00b37ce",
                        help="the commit whose hand validation is the baseline")
    args = parser.parse_args()

    from backend import create_app
    from backend.api.check import page_request
    from backend.api.validation import _limits
    from backend.models.check import CheckRequest
    from backend.models.parse import parse
    from backend.models.reports import ReportRequest

    with tempfile.TemporaryDirectory() as folder:
        tree = _baseline_tree(args.baseline, folder + "/baseline")
        hand = _baseline_module(tree, "api/validation.py")
        old_listfile = _baseline_module(tree, "listfile.py")
        app = create_app({"TESTING": True, "DATABASE": folder + "/radar.db"})
        with app.app_context():
            limits = _limits()
            cases = [
                ("POST /check body", CHECK_BODY,
                 lambda body: hand.page_fields(body),
                 lambda body: page_request(parse(CheckRequest, body, context=limits))),
                ("POST /check body + 200 KB html", {**CHECK_BODY, "html": SNAPSHOT},
                 lambda body: hand.page_fields(body),
                 lambda body: page_request(parse(CheckRequest, body, context=limits))),
                ("POST /reports body", REPORT_BODY,
                 lambda body: _hand_report(hand, body),
                 lambda body: parse(ReportRequest, body, context=limits)),
            ]
            print(f"{'validation, per call':34} {'hand µs':>9} {'models µs':>10} {'ratio':>7}")
            for name, body, by_hand, by_model in cases:
                assert by_hand(body) == by_model(body) or name.startswith("POST /reports")
                before, after, ratio = _compare(lambda: by_hand(body), lambda: by_model(body),
                                                args.calls, args.rounds)
                print(f"{name:34} {before:9.2f} {after:10.2f} {ratio:7.2f}")

        from backend import listfile
        rows = _list_file(args.calls * 5)
        before, after, ratio = _compare(
            lambda: sum(1 for _ in old_listfile.read_rows(StringIO(rows), "csv")),
            lambda: sum(1 for _ in listfile.read_rows(StringIO(rows), "csv")), 1, args.rounds)
        count = args.calls * 5
        print(f"{'list-file CSV row (import)':34} {before / count:9.2f} {after / count:10.2f} "
              f"{ratio:7.2f}")

        import json
        calls = max(args.calls // 10, 100)
        figures = {"baseline": [], "models": []}
        for _ in range(3):  # alternated, each in a fresh process
            for name, root in (("baseline", tree), ("models", str(ROOT))):
                out = subprocess.run(
                    [sys.executable, "-c", END_TO_END, root, json.dumps(CHECK_BODY),
                     str(calls), str(args.rounds)],
                    check=True, capture_output=True, text=True,
                    env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, cwd=folder).stdout
                figures[name].append(float(out.split()[-1]))
        before, after = (statistics.median(figures[name]) for name in ("baseline", "models"))
        ratio = statistics.median(a / b for b, a in zip(figures["baseline"], figures["models"]))
        print(f"{'POST /check end to end (client)':34} {before:9.1f} {after:10.1f} {ratio:7.2f}")


if __name__ == "__main__":
    main()
