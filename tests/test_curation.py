"""Maintainers: the review loop, entry/brand/rule edits, audit, /changes."""

import re

import pytest

from backend.db import connect
from tests.conftest import from_address

SELLER_URL = "https://www.ebay.com/usr/ShadySeller77"
SHOP_URL = "https://cheap-watches-outlet.example/product/1"
NEW_ENTRY = {"kind": "seller", "marketplace": "ebay", "key": "Knockoff-King",
             "status": "counterfeit", "name": "Knockoff King", "evidence_level": "test_purchase",
             "evidence_url": "https://example.org/receipt"}


def report(client, url=SELLER_URL, address="203.0.113.10", **fields):
    return client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit", **fields},
                       **from_address(address))


def list_version(client):
    return client.get("/api/v1/health").get_json()["list_version"]


def check(client, url):
    return client.get("/api/v1/check", query_string={"url": url}).get_json()


# --- the review loop ---------------------------------------------------------------------

def test_report_review_approve_then_check_says_counterfeit(client, maintainer):
    first = report(client, details="Sold me a fake Rolex", seller={"name": "Shady Seller"},
                   evidence_urls=["https://example.org/photo1.jpg"]).get_json()
    second = report(client, address="203.0.113.11", details="Fake box").get_json()
    report(client, url=SHOP_URL, address="203.0.113.12")
    before = check(client, SELLER_URL)
    assert before["verdict"] == "unknown"

    queue = client.get("/api/v1/review/queue", headers=maintainer).get_json()["items"]
    assert [item["count"] for item in queue] == [2, 1]  # most-reported first
    top = queue[0]
    assert top["target"] == {"kind": "seller", "marketplace": "ebay", "key": "shadyseller77"}
    assert set(top["report_ids"]) == {first["id"], second["id"]}
    assert top["urls"] == [SELLER_URL]
    assert {e["details"] for e in top["evidence"]} == {"Sold me a fake Rolex", "Fake box"}
    assert ["https://example.org/photo1.jpg"] in [e["evidence_urls"] for e in top["evidence"]]

    decided = client.post(f"/api/v1/reports/{first['id']}/decision", headers=maintainer,
                          json={"decision": "approve", "note": "Photos show a fake"})
    assert decided.status_code == 200
    body = decided.get_json()
    assert body["status"] == "approved"
    assert set(body["settled"]) == {first["id"], second["id"]}
    assert body["entry"]["evidence_level"] == "volunteer_reports"
    assert body["entry"]["name"] is None  # typed by a volunteer, not confirmed
    assert body["list_version"] == before["list_version"] + 1

    after = check(client, SELLER_URL)
    assert after["verdict"] == "counterfeit"
    assert after["list_version"] == before["list_version"] + 1
    listed = after["reasons"][0]
    assert listed["code"] == "listed_seller"
    assert "volunteers' reports reviewed by a maintainer" in listed["message"]
    assert listed["evidence_url"] is None  # the volunteer's link is never published

    for report_id in (first["id"], second["id"]):
        status = client.get(f"/api/v1/reports/{report_id}").get_json()
        assert status["status"] == "approved" and status["decided_at"]
        assert status["note"] is None  # the internal note is not shown
    remaining = client.get("/api/v1/review/queue", headers=maintainer).get_json()["items"]
    assert [item["target"]["kind"] for item in remaining] == ["domain"]


def test_approving_a_shop_report_lists_the_domain(client, maintainer):
    report_id = report(client, url=SHOP_URL).get_json()["id"]
    client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                json={"decision": "approve"})
    reasons = check(client, SHOP_URL)["reasons"]
    assert reasons[0]["code"] == "listed_domain"


def test_reject_settles_the_target_and_lists_nothing(client, maintainer):
    # Three networks (one /24 is one reporter).
    ids = [report(client, address=f"192.0.{n}.1").get_json()["id"] for n in range(1, 4)]
    assert "reported" in {r["code"] for r in check(client, SELLER_URL)["reasons"]}
    version = list_version(client)
    response = client.post(f"/api/v1/reports/{ids[0]}/decision", headers=maintainer,
                           json={"decision": "reject", "note": "Genuine goods"})
    assert response.status_code == 200
    assert response.get_json()["status"] == "rejected"
    assert response.get_json()["entry"] is None
    assert list_version(client) == version
    assert all(client.get(f"/api/v1/reports/{i}").get_json()["status"] == "rejected" for i in ids)
    assert check(client, SELLER_URL)["verdict"] == "unknown"
    assert client.get("/api/v1/review/queue", headers=maintainer).get_json()["items"] == []


def test_deciding_twice_is_409_and_unknown_report_404(client, maintainer):
    report_id = report(client).get_json()["id"]
    url = f"/api/v1/reports/{report_id}/decision"
    assert client.post(url, headers=maintainer, json={"decision": "reject"}).status_code == 200
    again = client.post(url, headers=maintainer, json={"decision": "approve"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    missing = client.post("/api/v1/reports/nope/decision", headers=maintainer,
                          json={"decision": "approve"})
    assert missing.status_code == 404


def test_decision_must_be_approve_or_reject(client, maintainer):
    report_id = report(client).get_json()["id"]
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": "maybe"})
    assert response.status_code == 400
    assert "`decision`" in response.get_json()["error"]["message"]


def test_approving_a_report_the_list_cannot_hold_is_409_not_500(app, client, maintainer):
    # A report stored before submission checked its target as the list does.
    report_id = report(client, url=SHOP_URL).get_json()["id"]
    database = connect(app.config["REPORTS_DATABASE"])
    with database.conn:
        database.execute("UPDATE reports SET target_key = ? WHERE id = ?",
                         ["localhost", report_id])
    database.conn.close()
    version = list_version(client)
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": "approve"})
    assert response.status_code == 409
    assert "key" in response.get_json()["error"]["message"]
    assert list_version(client) == version
    assert client.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "pending"


def test_approving_reports_about_an_authorized_seller_is_409(client, maintainer):
    client.post("/api/v1/entries", headers=maintainer, json={
        **NEW_ENTRY, "key": "shadyseller77", "status": "authorized"})
    report_id = report(client).get_json()["id"]
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": "approve"})
    assert response.status_code == 409
    assert client.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "pending"


# --- entries ------------------------------------------------------------------------------

def test_entry_crud_raises_the_list_version_and_changes_the_check(client, maintainer):
    version = list_version(client)
    created = client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY)
    assert created.status_code == 201
    entry = created.get_json()
    assert entry["key"] == "knockoff-king"  # canonical: eBay user names are lower-case
    assert created.headers["Location"].endswith(f"/api/v1/entries/{entry['id']}")
    assert entry["version"] == version + 1 == list_version(client)
    url = "https://www.ebay.com/usr/knockoff-king"
    assert "a test purchase" in check(client, url)["reasons"][0]["message"]

    patched = client.patch(f"/api/v1/entries/{entry['id']}", headers=maintainer,
                           json={"status": "authorized", "brand": "Rolex"})
    assert patched.status_code == 200
    assert patched.get_json()["status"] == "authorized"
    assert list_version(client) == version + 2
    assert check(client, url)["verdict"] == "authorized"

    same = client.patch(f"/api/v1/entries/{entry['id']}", headers=maintainer,
                        json={"status": "authorized"})
    assert same.status_code == 200 and list_version(client) == version + 2  # no-op

    assert client.get(f"/api/v1/entries/{entry['id']}", headers=maintainer).get_json()[
        "brand"] == "Rolex"
    deleted = client.delete(f"/api/v1/entries/{entry['id']}", headers=maintainer)
    assert deleted.status_code == 200
    assert deleted.get_json() == {"id": entry["id"], "deleted": True,
                                  "list_version": version + 3}
    assert check(client, url)["verdict"] == "unknown"
    assert client.get(f"/api/v1/entries/{entry['id']}", headers=maintainer).status_code == 404
    assert client.delete(f"/api/v1/entries/{entry['id']}", headers=maintainer).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"kind": "shop"}, "kind"),
    ({"status": "fake"}, "status"),
    ({"marketplace": "ebay.com"}, "marketplace"),
    ({"evidence_level": None}, "evidence_level"),
    ({"evidence_level": "hearsay"}, "evidence_level"),
    ({"evidence_url": "not a url"}, "evidence_url"),
    ({"key": ""}, "key"),
    ({"key": "a\x00b"}, "key"),
    ({"key": "line\nbreak"}, "key"),
    ({"name": 12}, "name"),
    ({"colour": "red"}, "colour"),
])
def test_invalid_entry_is_400_naming_the_field(client, maintainer, change, field):
    version = list_version(client)
    response = client.post("/api/v1/entries", headers=maintainer, json={**NEW_ENTRY, **change})
    assert response.status_code == 400
    assert field in response.get_json()["error"]["message"]
    assert list_version(client) == version


def test_duplicate_entry_is_409(client, maintainer):
    assert client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY).status_code == 201
    again = client.post("/api/v1/entries", headers=maintainer,
                        json={**NEW_ENTRY, "key": "KNOCKOFF-KING"})
    assert again.status_code == 409
    other = client.post("/api/v1/entries", headers=maintainer,
                        json={**NEW_ENTRY, "key": "other-seller"}).get_json()
    clash = client.patch(f"/api/v1/entries/{other['id']}", headers=maintainer,
                         json={"key": "knockoff-king"})
    assert clash.status_code == 409


def test_entry_list_filters_and_pages(client, maintainer):
    for key in ("alpha-fakes", "beta-fakes", "gamma-fakes"):
        client.post("/api/v1/entries", headers=maintainer, json={**NEW_ENTRY, "key": key})
    params = {"kind": "seller", "marketplace": "ebay", "q": "fakes", "limit": 2}
    page1 = client.get("/api/v1/entries", headers=maintainer, query_string=params).get_json()
    assert [e["key"] for e in page1["items"]] == ["alpha-fakes", "beta-fakes"]
    page2 = client.get("/api/v1/entries", headers=maintainer,
                       query_string={**params, "cursor": page1["next_cursor"]}).get_json()
    assert [e["key"] for e in page2["items"]] == ["gamma-fakes"]
    assert page2["next_cursor"] is None
    by_offset = client.get("/api/v1/entries", headers=maintainer,
                           query_string={**params, "offset": 2}).get_json()
    assert [e["key"] for e in by_offset["items"]] == ["gamma-fakes"]
    domains = client.get("/api/v1/entries", headers=maintainer,
                         query_string={"kind": "domain", "limit": 5}).get_json()["items"]
    assert len(domains) == 5 and {e["kind"] for e in domains} == {"domain"}
    for bad in ({"kind": "shop"}, {"limit": 0}, {"limit": "x"}, {"status": "bad"}):
        response = client.get("/api/v1/entries", headers=maintainer, query_string=bad)
        assert response.status_code == 400
        assert f"`{next(iter(bad))}`" in response.get_json()["error"]["message"]


# --- brands and rules ---------------------------------------------------------------------

def test_admin_brand_crud_reloads_the_catalog(client, admin):
    created = client.post("/api/v1/brands", headers=admin, json={
        "name": "Zorblax", "aliases": ["Zorb"], "category": "watches",
        "domains": ["https://www.zorblax.com/"]})
    assert created.status_code == 201
    brand = created.get_json()
    assert brand["domains"] == ["zorblax.com"]
    assert check(client, "https://zorblax.com/")["reasons"][0]["code"] == "official_site"
    assert check(client, "https://cheap-zorblax-outlet.com/")["reasons"][0]["code"] \
        == "lookalike_domain"

    clash = client.post("/api/v1/brands", headers=admin,
                        json={"name": "Other", "domains": ["zorblax.com"]})
    assert clash.status_code == 409
    assert client.post("/api/v1/brands", headers=admin,
                       json={"name": "Zorblax"}).status_code == 409
    assert client.post("/api/v1/brands", headers=admin, json={}).status_code == 400

    patched = client.patch(f"/api/v1/brands/{brand['id']}", headers=admin,
                           json={"domains": ["zorblax.com", "zorblax-shop.com"]})
    assert patched.get_json()["domains"] == ["zorblax-shop.com", "zorblax.com"]
    listed = client.get("/api/v1/brands", headers=admin, query_string={"q": "zorb"}).get_json()
    assert [b["name"] for b in listed["items"]] == ["Zorblax"]
    assert client.delete(f"/api/v1/brands/{brand['id']}", headers=admin).status_code == 204
    assert "official_site" not in {
        r["code"] for r in check(client, "https://zorblax.com/")["reasons"]}


def test_admin_rule_crud_validates_patterns(client, admin):
    bad = client.post("/api/v1/rules", headers=admin, json={
        "kind": "replica_phrase", "name": "broken", "pattern": "(unclosed"})
    assert bad.status_code == 400 and "`pattern`" in bad.get_json()["error"]["message"]
    bad_except = client.post("/api/v1/rules", headers=admin, json={
        "kind": "replica_phrase", "name": "x", "pattern": "ok", "except_pattern": "[z"})
    assert "`except_pattern`" in bad_except.get_json()["error"]["message"]
    bad_kind = client.post("/api/v1/rules", headers=admin, json={
        "kind": "vibes", "name": "x", "pattern": "ok"})
    assert "`kind`" in bad_kind.get_json()["error"]["message"]

    created = client.post("/api/v1/rules", headers=admin, json={
        "kind": "replica_phrase", "name": "zork grade", "pattern": r"zork\s+grade"})
    assert created.status_code == 201
    rule = created.get_json()
    title = {"url": "https://shop.example/p/1", "title": "Watch ZORK  grade quality"}
    reasons = client.post("/api/v1/check", json=title).get_json()["reasons"]
    assert "counterfeit_phrase" in {r["code"] for r in reasons}

    broken = client.patch(f"/api/v1/rules/{rule['id']}", headers=admin, json={"pattern": "("})
    assert broken.status_code == 400
    assert client.get(f"/api/v1/rules/{rule['id']}", headers=admin).get_json()["pattern"] \
        == r"zork\s+grade"
    assert client.delete(f"/api/v1/rules/{rule['id']}", headers=admin).status_code == 204
    reasons = client.post("/api/v1/check", json=title).get_json()["reasons"]
    assert "counterfeit_phrase" not in {r["code"] for r in reasons}


@pytest.mark.parametrize("field, value", [
    ("pattern", "a{99999999999}"),
    ("except_pattern", "a{99999999999}"),
    # Compiles inside the catalog's word bounds, not alone as except_pattern is used.
    ("except_pattern", "fake)|(copy"),
    ("pattern", "fake)|(copy"),
])
def test_rule_patterns_the_catalog_cannot_compile_are_400(client, admin, field, value):
    rule = {"kind": "replica_phrase", "name": "zork", "pattern": "zork", field: value}
    response = client.post("/api/v1/rules", headers=admin, json=rule)
    assert response.status_code == 400
    assert f"`{field}`" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("field, value", [
    ("aliases", False), ("aliases", 0), ("domains", 0), ("domains", "")])
def test_brand_lists_of_the_wrong_type_are_400(client, admin, field, value):
    response = client.post("/api/v1/brands", headers=admin, json={"name": "Zorb", field: value})
    assert response.status_code == 400
    assert f"`{field}`" in response.get_json()["error"]["message"]


# --- audit and changes --------------------------------------------------------------------

def test_audit_records_who_what_before_and_after_newest_first(client, maintainer, admin):
    entry = client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY).get_json()
    client.patch(f"/api/v1/entries/{entry['id']}", headers=admin, json={"note": "checked"})
    client.delete(f"/api/v1/entries/{entry['id']}", headers=maintainer)
    records = client.get("/api/v1/audit", headers=maintainer,
                         query_string={"target": f"entry:{entry['id']}"}).get_json()["items"]
    assert [(r["actor"], r["action"]) for r in records] == [
        ("mia", "entry.delete"), ("ada", "entry.update"), ("mia", "entry.create")]
    deleted, updated, created = records
    assert created["before"] is None and created["after"]["key"] == "knockoff-king"
    assert updated["before"]["note"] is None and updated["after"]["note"] == "checked"
    assert deleted["before"]["note"] == "checked" and deleted["after"] is None
    assert all(re.match(r"\d{4}-\d\d-\d\dT", r["at"]) for r in records)

    everything = client.get("/api/v1/audit", headers=maintainer,
                            query_string={"limit": 2}).get_json()
    assert [r["action"] for r in everything["items"]] == ["entry.delete", "entry.update"]
    older = client.get("/api/v1/audit", headers=maintainer,
                       query_string={"limit": 2, "cursor": everything["next_cursor"]}).get_json()
    assert older["items"][0]["action"] == "entry.create"
    assert "token.create" in {r["action"] for r in older["items"]}


def test_decisions_are_audited(client, maintainer):
    report_id = report(client).get_json()["id"]
    client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                json={"decision": "approve", "note": "fake"})
    records = client.get("/api/v1/audit", headers=maintainer).get_json()["items"]
    assert [r["action"] for r in records[:2]] == ["report.approve", "entry.create"]
    assert records[0]["target"] == f"report:{report_id}"
    assert records[0]["after"]["status"] == "approved"
    assert records[0]["after"]["entry_id"] == records[1]["after"]["id"]


def test_changes_since_a_version(client, maintainer):
    version = list_version(client)
    nothing = client.get("/api/v1/changes", query_string={"since": version}).get_json()
    assert {field: nothing[field] for field in ("since", "list_version", "entries", "deleted")
            } == {"since": version, "list_version": version, "entries": [], "deleted": []}
    kept = client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY).get_json()
    gone = client.post("/api/v1/entries", headers=maintainer,
                       json={**NEW_ENTRY, "key": "short-lived"}).get_json()
    client.delete(f"/api/v1/entries/{gone['id']}", headers=maintainer)

    changes = client.get("/api/v1/changes", query_string={"since": version}).get_json()
    assert changes["list_version"] == version + 3
    assert [e["key"] for e in changes["entries"]] == ["knockoff-king"]
    assert changes["entries"][0]["id"] == kept["id"]
    assert [(d["id"], d["key"], d["version"]) for d in changes["deleted"]] == [
        (gone["id"], "short-lived", version + 3)]
    later = client.get("/api/v1/changes", query_string={"since": version + 2}).get_json()
    assert later["entries"] == [] and len(later["deleted"]) == 1


def test_changes_needs_a_valid_since(client):
    for params in ({}, {"since": "x"}, {"since": -1}):
        response = client.get("/api/v1/changes", query_string=params)
        assert response.status_code == 400
        assert "`since`" in response.get_json()["error"]["message"]


def test_changes_uses_the_version_indexes(app):
    database = connect(app.config["DATABASE"])
    plans = [repr(database.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE version > 5"
                                   ).fetchall()) for table in ("entries", "deleted_entries")]
    database.conn.close()
    assert "entries_version" in plans[0] and "deleted_entries_version" in plans[1]


def test_openapi_documents_every_curation_route(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/reports", "/api/v1/reports/{id}", "/api/v1/reports/{id}/decision",
                 "/api/v1/review/queue", "/api/v1/entries", "/api/v1/entries/{id}",
                 "/api/v1/brands", "/api/v1/brands/{id}", "/api/v1/rules",
                 "/api/v1/rules/{id}", "/api/v1/audit", "/api/v1/changes"):
        assert path in paths
    assert "429" in paths["/api/v1/reports"]["post"]["responses"]


def test_openapi_documents_every_route_and_method(app, client):
    # Path parameters compared by position, whatever each side names them.
    paths = {re.sub(r"\{\w+\}", "{id}", path): operations for path, operations
             in client.get("/api/v1/openapi.json").get_json()["paths"].items()}
    for rule in app.url_map.iter_rules():
        # Pages outside the API (/curate, /transparency, /dispute) are not API operations.
        if rule.endpoint == "static" or not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:\w+:)?\w+>", "{id}", rule.rule)
        assert path in paths, path
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in paths[path], (method, path)
