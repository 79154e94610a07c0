"""Takedowns and sightings over HTTP: what the platform was told and did, the dates the
listed reasons carry, and sightings (once per entry and day, nothing about the shopper,
never waiting behind a lock)."""

import datetime
import hashlib
import sqlite3
import threading

import pytest

from backend import db as database
from backend.store import sightings as sightings_store
from tests.conftest import from_address
from tests.test_contention import held_import, main_is_locked  # noqa: F401 (a fixture)

STORE_URL = "https://www.aliexpress.com/store/7654321"
SELLER = {"kind": "seller", "marketplace": "aliexpress", "key": "7654321",
          "status": "counterfeit", "evidence_level": "test_purchase",
          "evidence_url": "https://example.org/receipt"}


def today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


def day(days_ago: int) -> str:
    return (today() - datetime.timedelta(days=days_ago)).isoformat()


@pytest.fixture
def entry_id(client, maintainer):
    response = client.post("/api/v1/entries", headers=maintainer, json=SELLER)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def report_takedown(client, maintainer, entry_id, **fields):
    body = {"channel": "ip_portal", "reported_at": day(41), "reference": "CASE-1", **fields}
    return client.post(f"/api/v1/entries/{entry_id}/takedowns", headers=maintainer, json=body)


def listed_reason(client, url=STORE_URL, **kwargs):
    answer = client.get("/api/v1/check", query_string={"url": url}, **kwargs).get_json()
    return next(r for r in answer["reasons"] if r["code"] == "listed_seller")


def stored_sightings(app) -> list[tuple]:
    connection = sqlite3.connect(app.config["REPORTS_DATABASE"])
    try:
        return connection.execute("SELECT * FROM sightings ORDER BY entry_id, day").fetchall()
    finally:
        connection.close()


def test_a_takedown_is_recorded_then_answered(client, maintainer, entry_id):
    created = report_takedown(client, maintainer, entry_id)
    assert created.status_code == 201
    takedown = created.get_json()
    assert {key: takedown[key] for key in ("entry_id", "channel", "reported_at", "reference",
                                           "outcome", "answered_at", "recorded_by")} == {
        "entry_id": entry_id, "channel": "ip_portal", "reported_at": day(41),
        "reference": "CASE-1", "outcome": None, "answered_at": None, "recorded_by": "mia"}
    answered = client.patch(f"/api/v1/takedowns/{takedown['id']}", headers=maintainer,
                            json={"outcome": "refused", "answered_at": day(30)})
    assert answered.status_code == 200
    assert answered.get_json()["outcome"] == "refused"
    assert answered.get_json()["answered_at"] == day(30)
    listed = client.get(f"/api/v1/entries/{entry_id}/takedowns", headers=maintainer).get_json()
    assert [item["id"] for item in listed["items"]] == [takedown["id"]]
    assert listed["sightings"] == []
    page = client.get("/api/v1/takedowns?open=true", headers=maintainer).get_json()
    assert page == {"items": [], "next_cursor": None}
    page = client.get("/api/v1/takedowns", headers=maintainer).get_json()
    assert [item["id"] for item in page["items"]] == [takedown["id"]]


def test_takedowns_are_audited_under_the_entry(client, maintainer, entry_id):
    takedown = report_takedown(client, maintainer, entry_id).get_json()
    client.patch(f"/api/v1/takedowns/{takedown['id']}", headers=maintainer,
                 json={"outcome": "removed", "answered_at": day(2)})
    records = client.get(f"/api/v1/audit?target=entry:{entry_id}",
                         headers=maintainer).get_json()["items"]
    assert [(r["action"], r["actor"]) for r in records[:2]] == [
        ("takedown.answer", "mia"), ("takedown.create", "mia")]
    assert records[0]["before"]["outcome"] is None
    assert records[0]["after"]["outcome"] == "removed"
    assert records[1]["after"]["id"] == takedown["id"]


@pytest.mark.parametrize("fields, named", [
    ({"channel": "fax"}, "`channel`"),
    ({"reported_at": day(-2)}, "`reported_at`"),
    ({"reported_at": "2026-02-30"}, "`reported_at`"),
    ({"reported_at": "1 March 2026"}, "`reported_at`"),
    ({"reported_at": 20260301}, "`reported_at`"),
    ({"reference": "x" * 301}, "`reference`"),
    ({"note": "extra"}, "`note`"),
])
def test_bad_takedowns_are_refused_naming_the_field(client, maintainer, entry_id, fields, named):
    response = report_takedown(client, maintainer, entry_id, **fields)
    assert response.status_code == 400
    assert named in response.get_json()["error"]["message"]
    assert client.get(f"/api/v1/entries/{entry_id}/takedowns",
                      headers=maintainer).get_json()["items"] == []


def test_tomorrow_is_accepted_as_reported_at(client, maintainer, entry_id):
    # Already tomorrow somewhere while it is today in UTC.
    assert report_takedown(client, maintainer, entry_id, reported_at=day(-1)).status_code == 201


@pytest.mark.parametrize("body, named", [
    ({"outcome": "removed", "answered_at": day(42)}, "`answered_at` cannot be before"),
    ({"outcome": "removed", "answered_at": day(-3)}, "`answered_at`"),
    ({"outcome": "gone", "answered_at": day(1)}, "`outcome`"),
    ({"outcome": "removed"}, "`answered_at`"),
])
def test_bad_answers_are_refused_naming_the_field(client, maintainer, entry_id, body, named):
    takedown = report_takedown(client, maintainer, entry_id).get_json()
    response = client.patch(f"/api/v1/takedowns/{takedown['id']}", headers=maintainer, json=body)
    assert response.status_code == 400
    assert named in response.get_json()["error"]["message"]
    stored = client.get(f"/api/v1/entries/{entry_id}/takedowns", headers=maintainer).get_json()
    assert stored["items"][0]["outcome"] is None


def test_takedowns_need_a_maintainer_and_a_listed_counterfeit(client, maintainer, entry_id):
    body = {"channel": "email", "reported_at": day(1)}
    assert client.post(f"/api/v1/entries/{entry_id}/takedowns", json=body).status_code == 401
    assert client.get(f"/api/v1/entries/{entry_id}/takedowns").status_code == 401
    assert client.patch("/api/v1/takedowns/1", json={"outcome": "removed",
                                                     "answered_at": day(0)}).status_code == 401
    assert client.get("/api/v1/takedowns").status_code == 401
    assert client.post("/api/v1/entries/999999/takedowns", headers=maintainer,
                       json=body).status_code == 404
    assert client.patch("/api/v1/takedowns/999999", headers=maintainer, json={
        "outcome": "removed", "answered_at": day(0)}).status_code == 404
    authorized = client.post("/api/v1/entries", headers=maintainer, json={
        **SELLER, "key": "1112223", "status": "authorized"}).get_json()["id"]
    refused = client.post(f"/api/v1/entries/{authorized}/takedowns", headers=maintainer,
                          json=body)
    assert refused.status_code == 409


@pytest.mark.parametrize("days, said", [(0, "today"), (1, "yesterday"), (41, "41 days ago")])
def test_the_listed_reason_says_when_the_platform_was_told(
        client, maintainer, entry_id, days, said):
    report_takedown(client, maintainer, entry_id, reported_at=day(days))
    reason = listed_reason(client)
    assert reason["message"].endswith(
        f" Reported to AliExpress {said}; still for sale (seen today).")
    assert (reason["listed_since"], reason["reported_to_platform_at"],
            reason["last_seen_at"]) == (day(0), day(days), day(0))


def test_the_reason_says_when_the_platform_refused_or_removed(client, maintainer, entry_id):
    takedown = report_takedown(client, maintainer, entry_id).get_json()
    client.patch(f"/api/v1/takedowns/{takedown['id']}", headers=maintainer,
                 json={"outcome": "refused", "answered_at": day(40)})
    assert listed_reason(client)["message"].endswith(
        " Reported to AliExpress 41 days ago; AliExpress refused to remove it; "
        "still for sale (seen today).")
    client.patch(f"/api/v1/takedowns/{takedown['id']}", headers=maintainer,
                 json={"outcome": "removed", "answered_at": day(3)})
    assert listed_reason(client)["message"].endswith(
        " Reported to AliExpress 41 days ago; removed 3 days ago; for sale again (seen today).")


def test_without_a_takedown_the_reason_has_its_dates_and_its_old_message(
        client, maintainer, entry_id):
    reason = listed_reason(client)
    assert reason["message"].endswith("Evidence: a test purchase.")
    assert (reason["listed_since"], reason["reported_to_platform_at"],
            reason["last_seen_at"]) == (day(0), None, day(0))


def hash_prefix(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def test_private_lookups_carry_the_dates_and_the_sentence(client, maintainer, entry_id):
    takedown = report_takedown(client, maintainer, entry_id).get_json()
    client.patch(f"/api/v1/takedowns/{takedown['id']}", headers=maintainer,
                 json={"outcome": "removed", "answered_at": day(3)})
    answer = client.get(f"/api/v1/hashes/{hash_prefix('seller:aliexpress:7654321')}").get_json()
    (reason,) = [match for match in answer["matches"]
                 if match["kind"] == "seller"][0]["reasons"]
    # No check has seen it: /hashes is no sighting (it cannot tell which key was looked up).
    assert reason["last_seen_at"] is None
    assert reason["reported_to_platform_at"] == day(41)
    assert reason["message"].endswith(" Reported to AliExpress 41 days ago; removed 3 days ago.")
    listed_reason(client)  # a check sees it today
    answer = client.get(f"/api/v1/hashes/{hash_prefix('seller:aliexpress:7654321')}").get_json()
    assert answer["matches"][0]["reasons"][0]["last_seen_at"] == day(0)


def test_a_thousand_checks_of_one_seller_write_one_sighting(
        app, client, entry_id, monkeypatch):
    writes = []
    real = sightings_store.try_record
    monkeypatch.setattr(sightings_store, "try_record",
                        lambda *args: writes.append(args[1]) or real(*args))
    for number in range(1000):
        body = {"url": STORE_URL, "title": f"Watch {number}"}
        shopper = from_address(f"10.{number // 250}.{number % 250}.1")  # a thousand shoppers
        assert client.post("/api/v1/check", json=body, **shopper).status_code == 200
    assert writes == [[entry_id]]
    assert stored_sightings(app) == [(entry_id, day(0))]


def test_another_process_that_checks_the_same_seller_writes_nothing(
        app, client, entry_id, monkeypatch):
    listed_reason(client)
    writes = []
    monkeypatch.setattr(sightings_store, "try_record", lambda *args: writes.append(args))
    app.extensions["radar_sightings"].__init__()  # a process that has noted nothing yet
    listed_reason(client)
    assert writes == []
    assert stored_sightings(app) == [(entry_id, day(0))]


def test_sightings_keep_nothing_about_the_shopper(app, client, entry_id):
    secret_title = "Shopper-typed title 93f1"
    client.post("/api/v1/check", json={"url": STORE_URL + "?spm=shopper-trace-77",
                                       "title": secret_title}, **from_address("198.51.100.77"))
    connection = sqlite3.connect(app.config["REPORTS_DATABASE"])
    try:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(sightings)")]
        dump = "\n".join(connection.iterdump())
    finally:
        connection.close()
    assert columns == ["entry_id", "day"]
    assert stored_sightings(app) == [(entry_id, day(0))]
    for trace in ("198.51.100", "shopper-trace-77", secret_title, "7654321"):
        assert trace not in dump


def test_checks_of_pages_not_listed_write_no_sighting(app, client, entry_id):
    client.get("/api/v1/check", query_string={"url": "https://www.aliexpress.com/store/1010101"})
    client.get("/api/v1/check", query_string={"url": "https://shop.example/item"})
    assert stored_sightings(app) == []


def run_in_thread(function):
    """function() in another thread; its result, or fails if it never finishes."""
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("result", function()))
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the check waited for a lock"
    return outcome["result"]


def test_a_check_during_an_import_answers_and_notes_the_day(app, client, entry_id, held_import):
    assert main_is_locked(app.config["DATABASE"])
    reason = run_in_thread(lambda: listed_reason(app.test_client()))
    assert reason["last_seen_at"] == day(0)
    assert stored_sightings(app) == [(entry_id, day(0))]


def test_a_check_never_waits_for_a_busy_reports_file(app, client, entry_id):
    # A check that waited for the lock would never answer.
    app.extensions["radar_connections"].wait_seconds = 3600
    holder = sqlite3.connect(app.config["REPORTS_DATABASE"])
    holder.execute("BEGIN IMMEDIATE")
    try:
        reason = run_in_thread(lambda: listed_reason(app.test_client()))
        assert reason["last_seen_at"] == day(0)
    finally:
        holder.rollback()
        holder.close()
    assert stored_sightings(app) == []  # skipped while busy
    listed_reason(client)  # the next check notes the day
    assert stored_sightings(app) == [(entry_id, day(0))]


def test_the_sightings_table_is_created_with_the_reports_file(tmp_path):
    path = tmp_path / "fresh-reports.db"
    database.prepare_reports(str(path))
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM sightings").fetchone() == (0,)
    finally:
        connection.close()
