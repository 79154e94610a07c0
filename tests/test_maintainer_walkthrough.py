"""The issue's "done when", walked in real Chromium against a live backend started as
`python3 tasks.py serve` starts it, on a fresh database: a maintainer makes a token with the
CLI, signs in at /curate, clears a queue of ten reports from several networks with the
keyboard, answers a dispute a seller filed on the public page, records a takedown and the
platform's answer; the check and /transparency then say so. Only the console's visible
labels and the pages docs/console.md names are used. RADAR_SCREENSHOTS=1 refreshes
docs/screenshot-dispute-page.png (the public page, filled in) from the run."""

import datetime
import importlib.util
import json
import os
import re
import urllib.parse
import urllib.request

import pytest

from tests.live import (  # noqa: F401 (fixtures are found by name)
    CHROMIUM_ARGS, ROOT, LiveBackend, chromium, playwright_session, running_gunicorn,
)

# Six sellers and ten reports: (seller, how many reports, the maintainer's decision).
TARGETS = [("walk-fake-a", 3, "approve"), ("walk-fake-b", 2, "approve"),
           ("walk-maybe-c", 2, "reject"), ("walk-fake-d", 1, "approve"),
           ("walk-maybe-e", 1, "reject"), ("walk-fake-f", 1, "approve")]
# Five networks (/24s), two reports each: under REPORTS_RATE_LIMIT's 5 a minute per network.
NETWORKS = [f"198.51.{100 + number}.23" for number in range(5)]
DISPUTED, TAKEN_DOWN = "walk-fake-a", "walk-fake-b"
SCREENSHOT = ROOT / "docs" / "screenshot-dispute-page.png"


def seller_url(seller: str) -> str:
    return f"https://www.ebay.com/usr/{seller}"


def serve_gunicorn_options() -> list[str]:
    """The gunicorn options `python3 tasks.py serve` uses (two workers on this machine)."""
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    return ["--preload", "--workers", "2", "--threads", "4", *tasks.GUNICORN_HTTP_ARGS]


def call(base, method, path, body=None, headers=None):
    request = urllib.request.Request(
        f"{base}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def check(base, seller):
    return call(base, "GET", "/api/v1/check?" + urllib.parse.urlencode({"url": seller_url(seller)}))


def listed_reason(answer):
    return next((reason for reason in answer["reasons"] if reason["code"] == "listed_seller"), None)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The backend as serve runs it, behind one trusted proxy (as deploy/ sets it up), so
    that reports can come from several networks through X-Forwarded-For."""
    folder = tmp_path_factory.mktemp("walkthrough")
    environment = {"FLASK_TRUSTED_PROXIES": "1"}
    with running_gunicorn(folder, serve_gunicorn_options(), environment) as base:
        yield LiveBackend(base, {**os.environ, "FLASK_DATABASE": str(folder / "radar.db"),
                                 **environment})


@pytest.fixture(scope="module")
def browser(chromium, playwright_session):
    browser = playwright_session.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def send_reports(base):
    """The ten reports, as the extension sends them, each from its network."""
    sent = 0
    for seller, count, _decision in TARGETS:
        for _ in range(count):
            receipt = call(base, "POST", "/api/v1/reports", {
                "url": seller_url(seller), "reason": "counterfeit",
                "details": f"Bought from {seller}: fake logo, no serial."},
                {"X-Forwarded-For": NETWORKS[sent % len(NETWORKS)]})
            assert receipt["status"] == "pending"
            sent += 1
    assert sent == 10


def sign_in(page, base, token):
    page.goto(f"{base}/curate/")
    assert page.url.startswith(f"{base}/curate/sign-in")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/curate/queue")


def clear_the_queue(page):
    """j/k to a target, a or r to decide it, until the queue is clear; the decisions made."""
    decided = {}
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")  # back to the first, most-reported target
    first = page.locator("article.target").first
    assert "selected" in first.get_attribute("class")
    assert "3 report(s) from 3 network(s)" in first.inner_text()
    while page.locator("article.target").count():
        if not page.locator("article.target.selected").count():
            page.keyboard.press("j")
        selected = page.locator("article.target.selected")
        seller = selected.locator("h2 code").inner_text()
        decision = dict((name, choice) for name, _count, choice in TARGETS)[seller]
        with page.expect_navigation():
            page.keyboard.press("a" if decision == "approve" else "r")
        flash = page.locator("p.flash.done").inner_text()
        assert flash.startswith("Approved" if decision == "approve" else "Rejected"), flash
        decided[seller] = decision
    assert "The queue is clear." in page.inner_text("main")
    return decided


def open_entry(page, seller) -> int:
    """The entry's page, found on the Entries page by its key; the entry's id."""
    page.get_by_role("link", name="Entries", exact=True).click()
    page.get_by_label("Key").fill(seller)
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator("table.entries a").first.click()
    page.wait_for_url(re.compile(r".*/curate/entries/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def file_dispute(browser, base, entry_id) -> str:
    """The seller, who has no console session, files a dispute on the public page; its id."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base}/dispute?entry={entry_id}")
        assert DISPUTED in page.inner_text("dl.entry")
        page.get_by_label("Statement").fill("We are an authorised reseller; invoices attached.")
        page.get_by_label("Contact").fill("owner@walk-fake-a.example")
        page.get_by_label("Evidence links").fill("https://walk-fake-a.example/invoice.pdf")
        if os.environ.get("RADAR_SCREENSHOTS"):
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        page.get_by_role("button", name="File the dispute").click()
        page.wait_for_load_state()
        assert page.locator("code.receipt").count() == 1, (page.url, page.inner_text("body"))
        assert page.inner_text("dd.status") == "open"
        return page.inner_text("code.receipt")
    finally:
        context.close()


def table(page, name) -> dict:
    """/transparency's table `name` as {row heading: cell text}."""
    rows = page.eval_on_selector_all(
        f"#table-{name} tbody tr",
        "rows => rows.map(row => [row.querySelector('th').textContent.trim(),"
        " row.querySelector('td').textContent.trim()])")
    return dict(rows)


def test_a_new_maintainer_clears_the_queue_answers_a_dispute_and_records_a_takedown(
        live, browser):
    base = live.base
    # The token, made with the CLI as docs/console.md says: printed alone on the last line.
    token = live.flask("create-token", "walkthrough-maintainer").strip().splitlines()[-1]
    send_reports(base)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        sign_in(page, base, token)
        assert page.locator("article.target").count() == len(TARGETS)
        decided = clear_the_queue(page)
        assert decided == {seller: decision for seller, _count, decision in TARGETS}
        for seller, _count, decision in TARGETS:
            verdict = check(base, seller)["verdict"]
            assert (verdict == "counterfeit") == (decision == "approve"), (seller, verdict)

        # A seller disputes its listing on the public page; while open, the check says so.
        disputed_id = open_entry(page, DISPUTED)
        dispute_id = file_dispute(browser, base, disputed_id)
        assert listed_reason(check(base, DISPUTED))["disputed"] is True
        # The maintainer answers it in the console: upheld, the entry leaves the list.
        page.get_by_role("link", name="Disputes", exact=True).click()
        page.get_by_role("link", name=dispute_id, exact=True).click()
        assert "We are an authorised reseller" in page.inner_text("main")
        page.get_by_label("Reply to the disputer").fill("Invoices confirmed; removed.")
        page.get_by_label("Internal note").fill("Checked with the brand's reseller list.")
        page.get_by_role("button", name="Uphold").click()
        page.wait_for_selector("p.flash.done")
        assert f"entry {disputed_id} left the list" in page.inner_text("p.flash.done")
        answer = check(base, DISPUTED)
        assert answer["verdict"] != "counterfeit" and listed_reason(answer) is None
        public = call(base, "GET", f"/api/v1/disputes/{dispute_id}")
        assert public["status"] == "upheld" and public["reply"] == "Invoices confirmed; removed."

        # A takedown recorded on an entry's page, then the platform's answer on Takedowns.
        today = datetime.datetime.now(datetime.timezone.utc).date()
        reported = today - datetime.timedelta(days=41)
        removed = today - datetime.timedelta(days=3)
        open_entry(page, TAKEN_DOWN)
        page.get_by_label("Channel").select_option("ip_portal")
        page.get_by_label("Reported on").fill(reported.isoformat())
        page.get_by_label("Reference").fill("eBay VeRO case 41-A")
        page.get_by_role("button", name="Record takedown").click()
        page.wait_for_selector("p.flash.done")
        assert f"recorded (ip_portal, {reported.isoformat()})" in page.inner_text("p.flash.done")
        reason = listed_reason(check(base, TAKEN_DOWN))
        assert reason["reported_to_platform_at"] == reported.isoformat()
        assert "Reported to eBay 41 days ago" in reason["message"]
        page.get_by_role("link", name="Takedowns", exact=True).click()
        row = page.locator("table.takedowns tbody tr", has_text="eBay VeRO case 41-A")
        row.get_by_label("Outcome").select_option("removed")
        row.get_by_label("Answered on").fill(removed.isoformat())
        row.get_by_role("button", name=re.compile("Record answer to takedown")).click()
        page.wait_for_selector("p.flash.done")
        assert f"removed on {removed.isoformat()}" in page.inner_text("p.flash.done")
        assert "No takedown awaits an answer." in page.inner_text("main")
        answer = check(base, TAKEN_DOWN)
        reason = listed_reason(answer)
        assert answer["verdict"] == "counterfeit"
        assert reason["reported_to_platform_at"] == reported.isoformat()
        assert "Reported to eBay 41 days ago; removed 3 days ago" in reason["message"]

        # /transparency counts all of it, in its tables and in its JSON twin.
        page.goto(f"{base}/transparency")
        numbers = call(base, "GET", "/api/v1/transparency")
        this_week = numbers["weeks"][-1]
        assert (this_week["reports_received"], this_week["reports_decided"]) == (10, 10)
        assert (this_week["approved"], this_week["rejected"]) == (7, 3)
        assert numbers["disputes"] == {"open": 0, "upheld": 1, "dismissed": 0}
        takedowns = numbers["takedowns"]
        assert (takedowns["reported"], takedowns["removed"]) == (1, 1)
        assert takedowns["median_days_to_removal"] == 38
        assert page.inner_text("#table-weeks tbody tr:last-child th") == this_week["week"]
        assert table(page, "disputes") == {"Open": "0", "Upheld": "1", "Dismissed": "0"}
        shown = table(page, "takedowns")
        assert (shown["Reported"], shown["Removed"]) == ("1", "1")
    finally:
        context.close()
    assert dialogs == []
