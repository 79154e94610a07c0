"""GET /api/v1/transparency and the page /transparency: aggregates of real data made
through the API, ISO weeks, medians, the page's charts and tables, privacy, caching."""

import datetime
import json
import sqlite3

import pytest
from lxml import html as lxml_html

from backend import transparency
from backend.db import get_reader
from tests.conftest import from_address

SELLER_URL = "https://www.ebay.com/usr/ShadySeller77"
OTHER_SELLER_URL = "https://www.ebay.com/usr/OtherFakes42"
SHOP_URL = "https://cheap-watches-outlet.example/product/1"


@pytest.fixture
def fresh(app):
    """Numbers recounted on every request (the cache is tested on its own)."""
    app.config["TRANSPARENCY_CACHE_SECONDS"] = 0
    return app


def report(client, url, address, **fields):
    response = client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit",
                                                    **fields}, **from_address(address))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def decide(client, maintainer, report_id, decision):
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": decision})
    assert response.status_code == 200, response.get_json()


def numbers(client):
    response = client.get("/api/v1/transparency")
    assert response.status_code == 200
    return response.get_json()


def reports_file(app):
    return sqlite3.connect(app.config["DATABASE"].replace(".db", "-reports.db"))


def this_week():
    return transparency.iso_week(datetime.datetime.now(datetime.timezone.utc).date())


def test_answer_has_the_contracts_shape_and_26_iso_weeks(fresh, client):
    body = numbers(client)
    assert set(body) >= {"weeks", "entries", "disputes", "takedowns"}
    assert set(body["entries"]) == {"by_marketplace", "by_evidence_level"}
    assert set(body["disputes"]) == {"open", "upheld", "dismissed"}
    assert set(body["takedowns"]) >= {"reported", "removed", "refused",
                                      "median_days_to_removal", "still_for_sale_after_30_days"}
    weeks = body["weeks"]
    assert len(weeks) == transparency.WEEKS == 26
    assert weeks[-1]["week"] == this_week()
    for week in weeks:
        assert set(week) == {"week", "reports_received", "reports_decided", "approved",
                             "rejected", "median_hours_to_decision"}
    mondays = [datetime.date.fromisocalendar(int(w["week"][:4]), int(w["week"][6:]), 1)
               for w in weeks]
    assert all(b - a == datetime.timedelta(weeks=1) for a, b in zip(mondays, mondays[1:]))


def test_reports_sent_and_decided_through_the_api_are_this_weeks_numbers(
        fresh, client, maintainer):
    before = numbers(client)["weeks"][-1]
    approved = report(client, SELLER_URL, "203.0.113.10")
    report(client, SELLER_URL, "198.51.100.7")  # same target: settled with the first
    rejected = report(client, SHOP_URL, "192.0.2.55")
    report(client, OTHER_SELLER_URL, "192.0.2.56")  # still pending
    decide(client, maintainer, approved, "approve")
    decide(client, maintainer, rejected, "reject")
    week = numbers(client)["weeks"][-1]
    assert week["week"] == this_week()
    assert week["reports_received"] == before["reports_received"] + 4
    assert week["reports_decided"] == before["reports_decided"] + 3
    assert week["approved"] == before["approved"] + 2
    assert week["rejected"] == before["rejected"] + 1
    assert 0 <= week["median_hours_to_decision"] < 1


def test_median_hours_to_decision_is_the_median_of_the_weeks_decisions(
        app, fresh, client, maintainer):
    ids = [report(client, f"https://www.ebay.com/usr/seller{n}", f"203.0.113.{n}")
           for n in range(1, 5)]
    for report_id in ids:
        decide(client, maintainer, report_id, "reject")
    # Decided now; sent 2, 10, 30 and 50 hours earlier (the median is halfway: 20).
    with reports_file(app) as connection:
        for report_id, hours in zip(ids, (2, 10, 30, 50)):
            connection.execute(
                "UPDATE reports SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', decided_at, ?) "
                "WHERE id = ?", [f"-{hours} hours", report_id])
    assert numbers(client)["weeks"][-1]["median_hours_to_decision"] == 20.0


@pytest.mark.parametrize("day, week", [
    (datetime.date(2026, 12, 31), "2026-W53"),
    (datetime.date(2027, 1, 1), "2026-W53"),
    (datetime.date(2027, 1, 4), "2027-W01"),
    (datetime.date(2024, 12, 30), "2025-W01"),
    (datetime.date(2026, 1, 1), "2026-W01"),
])
def test_iso_weeks_follow_iso_8601_across_year_boundaries(day, week):
    assert transparency.iso_week(day) == week


def test_weeks_across_a_year_boundary_count_each_report_in_its_iso_week(app, client):
    ids = [report(client, f"https://www.ebay.com/usr/newyear{n}", f"203.0.113.{n}")
           for n in range(1, 4)]
    with reports_file(app) as connection:
        for report_id, sent in zip(ids, ("2026-12-27T23:59:59Z", "2027-01-01T08:00:00Z",
                                         "2027-01-04T00:00:00Z")):
            connection.execute("UPDATE reports SET created_at = ? WHERE id = ?",
                               [sent, report_id])
    with app.app_context():
        answer = transparency.compute(get_reader(),
                                      datetime.datetime(2027, 1, 6, 12, 0, tzinfo=datetime.UTC))
    received = {week["week"]: week["reports_received"] for week in answer["weeks"]}
    assert [week["week"] for week in answer["weeks"]][-3:] == ["2026-W52", "2026-W53",
                                                               "2027-W01"]
    assert (received["2026-W52"], received["2026-W53"], received["2027-W01"]) == (1, 1, 1)


def test_entries_count_what_is_listed_as_counterfeit_by_marketplace_and_level(
        fresh, client, maintainer):
    before = numbers(client)["entries"]
    for key, status in (("fakewatches1", "counterfeit"), ("realwatches1", "authorized")):
        response = client.post("/api/v1/entries", headers=maintainer, json={
            "kind": "seller", "marketplace": "etsy", "key": key, "status": status,
            "evidence_level": "test_purchase"})
        assert response.status_code == 201, response.get_json()
    after = numbers(client)["entries"]
    assert after["by_marketplace"]["etsy"] == before["by_marketplace"].get("etsy", 0) + 1
    assert after["by_evidence_level"]["test_purchase"] == \
        before["by_evidence_level"].get("test_purchase", 0) + 1
    assert sum(after["by_marketplace"].values()) == sum(before["by_marketplace"].values()) + 1
    assert sum(after["by_marketplace"].values()) == sum(after["by_evidence_level"].values())


def test_disputes_filed_and_decided_through_the_api_are_counted(fresh, client, maintainer):
    entries = client.get("/api/v1/entries", headers=maintainer,
                         query_string={"status": "counterfeit", "limit": 3}).get_json()["items"]
    filed = []
    for number, entry in enumerate(entries):
        response = client.post("/api/v1/disputes", json={
            "entry_id": entry["id"], "statement": "We sell genuine goods only."},
            **from_address(f"198.51.100.{number + 1}"))
        assert response.status_code == 201, response.get_json()
        filed.append(response.get_json()["id"])
    for dispute_id, decision in zip(filed, ("uphold", "dismiss")):
        response = client.post(f"/api/v1/disputes/{dispute_id}/decision", headers=maintainer,
                               json={"decision": decision, "reply": "Thank you.", "note": "x"})
        assert response.status_code == 200, response.get_json()
    assert numbers(client)["disputes"] == {"open": 1, "upheld": 1, "dismissed": 1}


def record_takedowns(app, rows):
    """Takedown rows (reported_at, outcome, answered_at) written straight to the database."""
    connection = sqlite3.connect(app.config["DATABASE"])
    with connection:
        connection.executemany(
            "INSERT INTO takedowns (entry_id, channel, reported_at, outcome, answered_at, "
            "recorded_by, created_at, updated_at) VALUES (1, 'ip_portal', ?, ?, ?, 'test', "
            "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", rows)
    connection.close()


def takedown_figures(app, today):
    with app.app_context():
        return transparency.takedowns(get_reader(), today)


def test_takedown_figures_are_medians_and_a_share_of_requests_30_days_old(app):
    today = datetime.date(2026, 12, 2)
    rows = [("2026-10-01", "removed", "2026-10-05"),   # removed in 4 days
            ("2026-10-01", "removed", "2026-11-20"),   # removed, but after 50 days
            ("2026-10-10", "refused", "2026-10-12"),
            ("2026-10-20", None, None),                # no answer yet
            ("2026-11-30", "removed", "2026-12-01")]   # too recent for the share
    record_takedowns(app, rows)
    figures = takedown_figures(app, today)
    assert figures["reported"] == 5 and figures["removed"] == 3 and figures["refused"] == 1
    assert figures["median_days_to_removal"] == 4.0  # of 4, 50 and 1 days
    assert figures["reported_30_days_ago_or_more"] == 4
    assert figures["still_for_sale_after_30_days"] == 0.75  # 3 of the 4 old enough


def test_answers_are_cached_and_say_so(app, client):
    first = client.get("/api/v1/transparency")
    report(client, SELLER_URL, "203.0.113.10")
    second = client.get("/api/v1/transparency")
    assert second.get_json() == first.get_json()  # recounted only after the cache time
    assert second.headers["Cache-Control"].startswith("public, max-age=")
    assert 0 < int(second.headers["Cache-Control"].split("=")[1]) <= 3600
    app.config["TRANSPARENCY_CACHE_SECONDS"] = 0
    assert numbers(client)["weeks"][-1]["reports_received"] == \
        first.get_json()["weeks"][-1]["reports_received"] + 1


def test_any_web_origin_may_read_the_numbers(client):
    response = client.get("/api/v1/transparency", headers={"Origin": "https://news.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def _page(client):
    response = client.get("/transparency")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return response, lxml_html.fromstring(response.get_data(as_text=True))


def _cells(tree, table_id):
    return [[cell.text_content().strip() for cell in row.xpath("th|td")]
            for row in tree.xpath(f'//table[@id="{table_id}"]/tbody/tr')]


def test_page_shows_the_json_numbers_as_svg_charts_and_tables(fresh, client, maintainer):
    decide(client, maintainer, report(client, SELLER_URL, "203.0.113.10"), "approve")
    report(client, SHOP_URL, "192.0.2.55")
    body = numbers(client)
    _response, tree = _page(client)
    weeks = _cells(tree, "table-weeks")
    assert [row[:3] for row in weeks] == [
        [week["week"], str(week["reports_received"]), str(week["reports_decided"])]
        for week in body["weeks"]]
    bars = tree.xpath('//svg[@id="chart-weeks"]/rect')
    assert [(bar.get("data-label"), float(bar.get("data-value"))) for bar in bars] == [
        (week["week"], value) for week in body["weeks"]
        for value in (week["reports_received"], week["reports_decided"])]
    received, decided = (bar for bar in bars[-2:])
    assert float(received.get("height")) > 0 and float(decided.get("height")) > 0
    by_marketplace = body["entries"]["by_marketplace"]
    assert _cells(tree, "table-marketplaces") == [[name, str(count)]
                                                  for name, count in by_marketplace.items()]
    assert [(bar.get("data-label"), float(bar.get("data-value")))
            for bar in tree.xpath('//svg[@id="chart-marketplaces"]/rect')] == \
        list(by_marketplace.items())
    assert [row[1] for row in _cells(tree, "table-disputes")] == \
        [str(body["disputes"][status]) for status in ("open", "upheld", "dismissed")]
    assert len(tree.xpath("//svg[@role='img']/title")) == 6


def test_page_has_a_strict_content_security_policy_and_no_script(client):
    response, tree = _page(client)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not tree.xpath("//script") and not tree.xpath("//@style")
    assert not [element for element in tree.iter() if any(
        name.startswith("on") for name in element.attrib)]
    for link in tree.xpath("//link/@href"):
        assert link.startswith("/static/")
        stylesheet = client.get(link)
        assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"
        stylesheet.close()


def test_nothing_about_reporters_reaches_the_numbers_or_the_page(app, fresh, client,
                                                                 make_token):
    secret = "Reporter-Jane-Doe-7731"
    maintainer = make_token("decider-zq42")
    decide(client, maintainer, report(
        client, "https://www.ebay.com/usr/SecretSeller9", "203.0.113.99",
        details=secret, seller={"id": "SecretSeller9", "name": secret},
        evidence_urls=[f"https://example.org/{secret}.jpg"]), "reject")
    with reports_file(app) as connection:
        submitter, network = connection.execute(
            "SELECT submitter, network FROM reports WHERE details = ?", [secret]).fetchone()
    published = json.dumps(numbers(client)) + _page(client)[0].get_data(as_text=True)
    for private in (secret, "203.0.113", submitter, network, "SecretSeller9".lower(),
                    "submitter", "network", "decider-zq42"):
        assert private not in published


def test_report_queries_use_their_indexes(app, client, maintainer):
    decide(client, maintainer, report(client, SELLER_URL, "203.0.113.10"), "approve")
    with app.app_context():
        db = get_reader()
        traced = []
        db.conn.set_trace_callback(traced.append)
        try:
            transparency.compute(db, datetime.datetime.now(datetime.UTC))
        finally:
            db.conn.set_trace_callback(None)
        plans = {statement: str(db.execute(f"EXPLAIN QUERY PLAN {statement}").fetchall())
                 for statement in traced if "FROM reports_db.reports" in statement}
    received, decided = plans.values()
    assert "COVERING INDEX reports_status" in received
    assert "INDEX reports_decided (decided_at>?)" in decided


def test_takedowns_recorded_through_the_api_give_the_removal_figures(
        fresh, client, maintainer):
    today = datetime.date.today()
    entries = client.get("/api/v1/entries", headers=maintainer,
                         query_string={"status": "counterfeit", "limit": 4}).get_json()["items"]
    # (days ago reported, outcome, days after the report it was answered)
    story = [(60, "removed", 6), (45, "removed", 40), (40, "refused", 3), (10, "removed", 2)]
    for entry, (ago, outcome, after) in zip(entries, story):
        reported = today - datetime.timedelta(days=ago)
        created = client.post(f"/api/v1/entries/{entry['id']}/takedowns", headers=maintainer,
                              json={"channel": "ip_portal", "reported_at": reported.isoformat()})
        assert created.status_code == 201, created.get_json()
        answered = client.patch(f"/api/v1/takedowns/{created.get_json()['id']}",
                                headers=maintainer, json={
                                    "outcome": outcome, "answered_at": (
                                        reported + datetime.timedelta(days=after)).isoformat()})
        assert answered.status_code == 200, answered.get_json()
    figures = numbers(client)["takedowns"]
    assert (figures["reported"], figures["removed"], figures["refused"]) == (4, 3, 1)
    assert figures["median_days_to_removal"] == 6.0  # of 6, 40 and 2 days
    # Old enough: the first three; the second was removed only after 40 days, the third refused.
    assert figures["reported_30_days_ago_or_more"] == 3
    assert figures["still_for_sale_after_30_days"] == round(2 / 3, 3)
