"""/transparency in real Chromium: the charts render from real data sent through the API
(reports, decisions, entries, disputes, takedowns), beside tables of the same numbers,
with no Content-Security-Policy violation. RADAR_SCREENSHOTS=1 refreshes
docs/screenshot-transparency.png from the run."""

import datetime
import json
import os
import subprocess
import sys
import urllib.request

import pytest

from tests.live import (  # noqa: F401 (fixtures are found by name)
    CHROMIUM_ARGS, ROOT, chromium, playwright_session, running_gunicorn,
)

SCREENSHOT = ROOT / "docs" / "screenshot-transparency.png"


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(
        f"{base}/api/v1{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A live backend (numbers recounted on every request) holding real data; its base URL."""
    folder = tmp_path_factory.mktemp("transparency")
    environment = {"FLASK_TRANSPARENCY_CACHE_SECONDS": "0", "FLASK_RATELIMIT_ENABLED": "false"}
    with running_gunicorn(folder, ["-w", "1"], environment) as base:
        token = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "backend", "create-token", "mia"],
            cwd=ROOT, env={**os.environ, "FLASK_DATABASE": str(folder / "radar.db")},
            check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        reports = [call(base, "POST", "/reports", {
            "url": f"https://www.ebay.com/usr/fakeseller{number}", "reason": "counterfeit"})
            for number in range(6)]
        for report, decision in zip(reports, ("approve", "approve", "approve", "reject")):
            call(base, "POST", f"/reports/{report['id']}/decision", {"decision": decision},
                 token)
        for number in range(3):
            call(base, "POST", "/entries", {
                "kind": "seller", "marketplace": "aliexpress", "key": f"{9100 + number}",
                "status": "counterfeit", "evidence_level": "test_purchase"}, token)
        listed = call(base, "GET", "/entries?status=counterfeit&limit=4", token=token)["items"]
        dispute = call(base, "POST", "/disputes", {"entry_id": listed[0]["id"],
                                                    "statement": "We sell genuine goods."})
        call(base, "POST", f"/disputes/{dispute['id']}/decision",
             {"decision": "dismiss", "reply": "The test purchase was fake.", "note": "x"}, token)
        today = datetime.date.today()
        for entry, (ago, outcome, after) in zip(listed[1:], [(50, "removed", 5),
                                                             (40, "refused", 2), (35, None, 0)]):
            reported = today - datetime.timedelta(days=ago)
            takedown = call(base, "POST", f"/entries/{entry['id']}/takedowns", {
                "channel": "ip_portal", "reported_at": reported.isoformat()}, token)
            if outcome:
                call(base, "PATCH", f"/takedowns/{takedown['id']}", {
                    "outcome": outcome,
                    "answered_at": (reported + datetime.timedelta(days=after)).isoformat()},
                    token)
        yield base


def test_transparency_page_renders_its_charts_from_real_data(playwright_session, chromium, site):
    numbers = call(site, "GET", "/transparency")
    this_week = numbers["weeks"][-1]
    assert (this_week["reports_received"], this_week["reports_decided"]) == (6, 4)
    browser = playwright_session.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(f"{site}/transparency")
        # Each weekly bar drawn at its value: this week's received bar is the tallest.
        heights = page.eval_on_selector_all(
            "#chart-weeks rect", "bars => bars.map(bar => bar.getBBox().height)")
        assert len(heights) == 2 * len(numbers["weeks"])
        assert heights[-2] == max(heights) > 0 and 0 < heights[-1] < heights[-2]
        # The stylesheet (same origin, allowed by the CSP) colours the bars.
        fill = page.eval_on_selector("#chart-weeks rect.series-0",
                                     "bar => getComputedStyle(bar).fill")
        assert fill == "rgb(47, 109, 181)"
        for chart, section in (("marketplaces", "by_marketplace"),
                               ("evidence-levels", "by_evidence_level")):
            values = page.eval_on_selector_all(
                f"#chart-{chart} rect", "bars => bars.map(bar => Number(bar.dataset.value))")
            assert values == list(numbers["entries"][section].values())
            widths = page.eval_on_selector_all(
                f"#chart-{chart} rect", "bars => bars.map(bar => bar.getBBox().width)")
            assert widths == sorted(widths, reverse=True) and widths[0] > 0
        assert page.inner_text("#table-weeks tbody tr:last-child th") == this_week["week"]
        cells = page.eval_on_selector_all("#table-takedowns td", "cells => cells.map(c => "
                                          "c.textContent.trim())")
        assert cells[:3] == [str(numbers["takedowns"][name])
                             for name in ("reported", "removed", "refused")] == ["3", "1", "1"]
        assert cells[5].startswith("66.7 %")  # removed within 30 days: one of three
        assert page.eval_on_selector_all("#table-disputes td", "cells => cells.map(c => "
                                         "c.textContent)") == ["0", "0", "1"]
        assert not [text for text in messages if "Content Security Policy" in text]
        if os.environ.get("RADAR_SCREENSHOTS"):
            page.screenshot(path=str(SCREENSHOT), full_page=True)
    finally:
        browser.close()
