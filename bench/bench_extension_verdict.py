#!/usr/bin/env python3
"""How soon a product page gets its verdict after DOMContentLoaded, in real Chromium.

    python bench/bench_extension_verdict.py [--loads 25]

Issue 10's goal: in private mode, ≤ 50 ms on this machine with the prefix set and the rule
file warm. The real backend (demo list) runs under gunicorn and the extension is loaded into
Debian's Chromium as tests/test_extension.py does. Each load opens a listed seller's Amazon
product page (tests/extension/fixtures/listed-seller-amazon.html) at a new ASIN, so neither
mode answers from a cache of that page; the time is the worker's `checkedAt` for the tab
(Date.now() when the verdict is stored, the banner is drawn right after) minus the page's
DOMContentLoaded (performance.timeOrigin + domContentLoadedEventStart), on the same clock.
The baseline, measured in the same run with loads alternated, is full check mode on the
same pages: POST /check with the allow-listed snapshot to the backend on 127.0.0.1.
Medians are printed; on a shared machine read the ratio, not the absolutes.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import CHROMIUM, apt_install, running_backend  # noqa: E402
from tests.test_extension import Browser, fixture_html, is_web_page, launch  # noqa: E402

GOAL_MS = 50.0
PAGE = "https://www.amazon.com/dp/B0BENCH{:03d}?smid=A0DEMOFAKE0001"


def verdict_ms(browser, url, html):
    """Milliseconds from the page's DOMContentLoaded to the worker storing its verdict."""
    browser.serve(url, html)
    since = browser.evaluate("() => Date.now()")
    page = browser.context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    state = browser.tab_state(page.url, since)
    loaded = page.evaluate("performance.timeOrigin"
                           " + performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")
    page.close()
    assert state["status"] == "checked" and state["result"]["verdict"] == "counterfeit", state
    return state["checkedAt"] - loaded


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=25, help="page loads per mode (≥ 20)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        apt_install("chromium")
    from playwright.sync_api import sync_playwright

    html = fixture_html("listed-seller-amazon.html")
    times = {"private": [], "full": []}
    with tempfile.TemporaryDirectory() as folder, running_backend(Path(folder)) as live, \
            sync_playwright() as playwright:
        context = launch(playwright, CHROMIUM, Path(folder) / "profile")
        try:
            browser = Browser(context, live.base)
            context.route(is_web_page, browser.handle)
            # Warm: the prefix set, the rule file and the seller's /hashes answer are fetched
            # once and kept, as they are for a shopper after the first page.
            browser.set_settings(live.base, "private")
            for warm in range(3):
                verdict_ms(browser, PAGE.format(900 + warm), html)
            browser.set_settings(live.base, "full")
            verdict_ms(browser, PAGE.format(950), html)
            for load in range(args.loads):
                order = ("private", "full") if load % 2 == 0 else ("full", "private")
                for mode in order:
                    browser.set_settings(live.base, mode)
                    offset = 0 if mode == "private" else 500
                    times[mode].append(verdict_ms(browser, PAGE.format(offset + load), html))
        finally:
            context.close()
    private, full = statistics.median(times["private"]), statistics.median(times["full"])
    print(f"verdict after DOMContentLoaded, median of {args.loads} loads each (Chromium, listed seller's page)")
    print(f"  private mode (prefix lookup + rule file, in the browser): {private:7.1f} ms"
          f"   goal <= {GOAL_MS:.0f} ms: {'met' if private <= GOAL_MS else 'NOT met'}")
    print(f"  full check mode (POST /check with snapshot), baseline:   {full:7.1f} ms")
    print(f"  ratio private / full: {private / full:.2f}")


if __name__ == "__main__":
    main()
