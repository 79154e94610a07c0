"""Reporters are counted per network (IPv4 /24, IPv6 /64), for the `reported` threshold and
the rate limits; `reported` is low until one of the reporters has a track record."""

import pytest

from backend import create_app
from backend.db import connect
from backend.store import reports as report_store
from tests.conftest import from_address

SELLER_URL = "https://www.ebay.com/usr/ShadySeller77"
OTHER_SELLER_URL = "https://www.ebay.com/usr/KnownFaker12"


def report(client, address, url=SELLER_URL):
    response = client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit"},
                           **from_address(address))
    assert response.status_code in (200, 201, 429), response.get_json()
    return response


def check(client, url=SELLER_URL):
    return client.get("/api/v1/check", query_string={"url": url}).get_json()


def reported(client, url=SELLER_URL):
    found = [reason for reason in check(client, url)["reasons"] if reason["code"] == "reported"]
    return found[0] if found else None


@pytest.mark.parametrize("addresses", [
    ("2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:fffe"),
    ("198.51.100.1", "198.51.100.2", "198.51.100.254"),
    # IPv4-mapped IPv6 addresses count as the IPv4 address they carry.
    ("::ffff:198.51.100.1", "198.51.100.2", "::ffff:198.51.100.3"),
], ids=["ipv6-one-64", "ipv4-one-24", "ipv4-mapped-one-24"])
def test_three_addresses_of_one_network_are_one_reporter(client, addresses):
    for address in addresses:
        assert report(client, address).status_code == 201  # three submitters, three reports
    assert reported(client) is None


@pytest.mark.parametrize("addresses", [
    ("2001:db8:1:1::1", "2001:db8:1:2::1", "2001:db8:1:3::1"),
    ("198.51.1.1", "198.51.2.1", "198.51.3.1"),
    ("::ffff:198.51.1.1", "::ffff:198.51.2.1", "198.51.3.1"),
], ids=["ipv6-three-64s", "ipv4-three-24s", "ipv4-mapped-three-24s"])
def test_addresses_of_three_networks_are_three_reporters(client, addresses):
    for address in addresses:
        report(client, address)
    assert reported(client)["message"].startswith("3 people reported this seller")


def test_the_network_prefixes_are_settings(app, client):
    app.config["REPORTER_NETWORK_V6_PREFIX"] = 128
    app.config["REPORTER_NETWORK_V4_PREFIX"] = 32
    for address in ("2001:db8:1:2::1", "2001:db8:1:2::2", "198.51.100.1"):
        report(client, address)
    assert reported(client) is not None


@pytest.mark.parametrize("setting, value", [
    ("REPORTER_NETWORK_V4_PREFIX", 33), ("REPORTER_NETWORK_V6_PREFIX", -1),
    ("REPORTER_NETWORK_V6_PREFIX", "64"),
])
def test_an_impossible_network_prefix_stops_the_app_at_start(tmp_path, setting, value):
    with pytest.raises(ValueError, match=setting):
        create_app({"TESTING": True, "DATABASE": str(tmp_path / "radar.db"),
                    "SUBMITTER_SECRET": "s", "AUTO_INIT_DB": False, setting: value})


@pytest.mark.parametrize("same_network, other_network", [
    (("2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7:1::3"), "2001:db8:7:8::1"),
    (("203.0.113.1", "203.0.113.2", "::ffff:203.0.113.3"), "203.0.114.1"),
], ids=["ipv6", "ipv4"])
def test_rate_limits_count_per_network(app, client, same_network, other_network):
    app.config["REPORTS_RATE_LIMIT"] = "2 per minute"
    statuses = [report(client, address, f"https://shop{n}.example/").status_code
                for n, address in enumerate(same_network)]
    assert statuses == [201, 201, 429]
    assert report(client, other_network, "https://shop9.example/").status_code == 201


def approve_a_report_from(client, maintainer, address, url=OTHER_SELLER_URL):
    report_id = report(client, address, url).get_json()["id"]
    decided = client.post(f"/api/v1/reports/{report_id}/decision",
                          json={"decision": "approve", "note": "checked the listing"},
                          headers=maintainer)
    assert decided.status_code == 200, decided.get_json()
    assert decided.get_json()["status"] == "approved"


def test_three_first_time_reporters_make_a_low_reported_and_an_unknown_verdict(client):
    for address in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        report(client, address)
    body = check(client)
    assert body["verdict"] == "unknown"
    assert [(reason["code"], reason["severity"]) for reason in body["reasons"]] == [
        ("reported", "low")]
    assert body["reasons"][0]["message"] == (
        "3 people reported this seller as selling counterfeits; not yet reviewed.")


def test_a_reporter_with_an_approved_earlier_report_makes_reported_medium(client, maintainer):
    approve_a_report_from(client, maintainer, "192.0.2.1")
    for address in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        report(client, address)
    body = check(client)
    assert body["verdict"] == "suspicious"
    assert [(reason["code"], reason["severity"]) for reason in body["reasons"]] == [
        ("reported", "medium")]
    assert "a maintainer confirmed" in body["reasons"][0]["message"]


def test_a_track_record_earned_later_counts_from_then_on(client, maintainer):
    for address in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        report(client, address)
    assert reported(client)["severity"] == "low"
    approve_a_report_from(client, maintainer, "203.0.113.1")
    assert reported(client)["severity"] == "medium"


def test_a_rejected_report_is_no_track_record(client, maintainer):
    report_id = report(client, "192.0.2.1", OTHER_SELLER_URL).get_json()["id"]
    assert client.post(f"/api/v1/reports/{report_id}/decision",
                       json={"decision": "reject", "note": "genuine"},
                       headers=maintainer).status_code == 200
    for address in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        report(client, address)
    assert reported(client)["severity"] == "low"


def test_the_track_record_belongs_to_the_submitter_not_to_its_network(client, maintainer):
    approve_a_report_from(client, maintainer, "192.0.2.1")
    # A neighbour in the same /24 is a different submitter with no record of its own.
    for address in ("192.0.2.2", "198.51.100.1", "203.0.113.1"):
        report(client, address)
    assert reported(client)["severity"] == "low"


def test_the_track_record_lookup_uses_the_indexes(app, client, maintainer):
    approve_a_report_from(client, maintainer, "192.0.2.1")
    database = connect(app.config["DATABASE"], app.config["REPORTS_DATABASE"])
    statements = []
    database.conn.set_trace_callback(statements.append)
    assert report_store.pending_reporter_has_track_record(
        database, "seller", "ebay", ["shadyseller77"]) is False
    database.conn.set_trace_callback(None)
    (query,) = [statement for statement in statements if "EXISTS" in statement]
    plan = repr(database.execute(f"EXPLAIN QUERY PLAN {query}").fetchall())
    database.conn.close()
    assert "reports_target" in plan and "reports_submitter_status" in plan
    assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", "")


def test_piling_onto_an_approved_report_earns_no_track_record(client, maintainer):
    """Sock puppets join an honest report of a known fake; its approval credits only the
    first reporter, so the puppets cannot then make an honest seller look suspicious."""
    first = report(client, "192.0.2.1", OTHER_SELLER_URL).get_json()["id"]
    puppets = ("198.51.100.1", "203.0.113.1", "198.18.0.1")
    for address in puppets:
        report(client, address, OTHER_SELLER_URL)
    last = report(client, puppets[-1], OTHER_SELLER_URL).get_json()["id"]
    assert last != first
    decided = client.post(f"/api/v1/reports/{last}/decision", headers=maintainer,
                          json={"decision": "approve", "note": "a test purchase"})
    assert decided.status_code == 200 and len(decided.get_json()["settled"]) == 4

    for address in puppets:
        report(client, address)
    assert reported(client)["severity"] == "low"
    assert check(client)["verdict"] == "unknown"
    report(client, "192.0.2.1")  # the first reporter of the fake joins: a track record
    assert reported(client)["severity"] == "medium"


def test_a_low_seller_report_does_not_hide_a_medium_listing_report(client, maintainer):
    listing_url = "https://www.ebay.com/itm/123456789012"
    for address in ("192.0.2.1", "198.51.100.1", "203.0.113.1"):
        report(client, address)  # the seller: three first-time reporters
    approve_a_report_from(client, maintainer, "198.18.0.1")
    for address in ("198.18.0.1", "198.51.101.1", "203.0.114.1"):
        report(client, address, listing_url)  # the listing: one with a track record
    body = client.post("/api/v1/check", json={
        "url": listing_url, "seller": {"id": "shadyseller77"}}).get_json()
    assert body["page"]["seller_id"] == "shadyseller77"
    assert [(r["code"], r["severity"]) for r in body["reasons"]] == [("reported", "medium")]
    assert body["verdict"] == "suspicious"


def test_a_reports_file_from_before_credits_gives_each_approved_target_one_credit(tmp_path):
    """Reports files made before track records were credited: the first report of each
    approved target is credited when the schema is brought up to date."""
    import re
    import sqlite3

    import sqlite_utils

    from backend import schema_reports

    database = sqlite_utils.Database(sqlite3.connect(tmp_path / "old-reports.db"))
    schema_reports._run_script(database, re.sub(
        r",\n\s*-- 1 on the first.*?credited INTEGER NOT NULL DEFAULT 0", "",
        schema_reports.REPORTS_SCRIPT, flags=re.S))
    row = {"network": "n", "target_kind": "seller", "target_marketplace": "ebay",
           "url": "https://www.ebay.com/usr/x", "reason": "counterfeit",
           "evidence_urls": "[]", "created_at": "2026-01-01T00:00:00Z"}
    for number, (key, status) in enumerate(
            [("faker", "approved"), ("faker", "approved"), ("honest", "rejected")]):
        database["reports"].insert({**row, "id": f"r{number}", "submitter": f"s{number}",
                                    "target_key": key, "status": status})
    database.conn.commit()
    schema_reports.migrate(database)
    assert database.execute("SELECT id, credited FROM reports ORDER BY id").fetchall() == [
        ("r0", 1), ("r1", 0), ("r2", 0)]
