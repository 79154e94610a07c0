"""Volunteer reports: validation, targets, duplicates, rate limits, privacy, the `reported` reason."""

import json
import re
import sqlite3

import pytest
from flask import request

from backend import create_app, submitters
from backend.db import connect
from tests.conftest import from_address, traced_sql

SELLER_URL = "https://www.ebay.com/usr/ShadySeller77"
LISTING_URL = "https://www.ebay.com/itm/123456789012"
SHOP_URL = "https://cheap-watches-outlet.example/product/1"


def report(client, url=SELLER_URL, address="203.0.113.10", install_id=None, **fields):
    headers = {"X-Install-Id": install_id} if install_id else {}
    return client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit", **fields},
                       headers=headers, **from_address(address))


def reasons_of(client, url):
    body = client.get("/api/v1/check", query_string={"url": url}).get_json()
    return {reason["code"]: reason for reason in body["reasons"]}


def test_new_report_is_201_pending_with_its_target(client):
    response = report(client, details="Box says 'AAA replica'", evidence_urls=[
        "https://example.org/photo.jpg"])
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "pending"
    assert body["target"] == {"kind": "seller", "marketplace": "ebay", "key": "shadyseller77"}
    again = client.get(f"/api/v1/reports/{body['id']}").get_json()
    assert again == body
    assert again["decided_at"] is None and again["note"] is None


@pytest.mark.parametrize("fields, target", [
    ({"url": LISTING_URL}, {"kind": "listing", "marketplace": "ebay", "key": "123456789012"}),
    ({"url": LISTING_URL, "seller": {"id": "OtherSeller"}},
     {"kind": "seller", "marketplace": "ebay", "key": "otherseller"}),
    ({"url": SHOP_URL}, {"kind": "domain", "marketplace": None,
                         "key": "cheap-watches-outlet.example"}),
])
def test_target_is_the_seller_else_the_listing_else_the_domain(client, fields, target):
    response = client.post("/api/v1/reports", json={"reason": "counterfeit", **fields})
    assert response.status_code == 201
    assert response.get_json()["target"] == target


def test_report_reads_the_page_snapshot_with_the_checks_reader(client, monkeypatch):
    from backend import check
    seen = []
    original = check.read_page

    def spy(catalog, request, **options):
        seen.append(request.html)
        return original(catalog, request, **options)

    monkeypatch.setattr(check, "read_page", spy)
    response = report(client, html="<html><title>Rolex replica</title></html>")
    assert response.status_code == 201
    assert seen == ["<html><title>Rolex replica</title></html>"]


def test_a_marketplace_page_without_listing_or_seller_is_400_naming_url(client):
    response = report(client, url="https://www.ebay.com/")
    assert response.status_code == 400
    assert "`url`" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("body, field", [
    ({"reason": "counterfeit"}, "url"),
    ({"url": "ftp://example.org/x", "reason": "counterfeit"}, "url"),
    ({"url": SELLER_URL}, "reason"),
    ({"url": SELLER_URL, "reason": "looks odd"}, "reason"),
    ({"url": SELLER_URL, "reason": "other", "details": "x" * 2001}, "details"),
    ({"url": SELLER_URL, "reason": "other", "details": 5}, "details"),
    ({"url": SELLER_URL, "reason": "other", "evidence_urls": "https://a.example"},
     "evidence_urls"),
    ({"url": SELLER_URL, "reason": "other", "evidence_urls": ["https://a.example/"] * 6},
     "evidence_urls"),
    ({"url": SELLER_URL, "reason": "other", "evidence_urls": ["javascript:alert(1)"]},
     "evidence_urls"),
    # Approving would put these on the list, which cannot hold them.
    ({"url": SELLER_URL, "reason": "other", "evidence_urls": ["http://[::1]/receipt"]},
     "evidence_urls"),
    ({"url": "http://localhost/shop", "reason": "other"}, "url"),
    ({"url": "http://[2001:db8::1]/shop", "reason": "other"}, "url"),
    ({"url": SELLER_URL, "reason": "other", "price": {"amount": -1, "currency": "USD"}},
     "price.amount"),
    ({"url": SELLER_URL, "reason": "other", "seller": "bob"}, "seller"),
    ({"url": SELLER_URL, "reason": "other", "html": 7}, "html"),
])
def test_invalid_report_is_400_naming_the_field(client, body, field):
    response = client.post("/api/v1/reports", json=body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    assert f"`{field}`" in error["message"]


def test_overlong_install_id_is_400_naming_the_header(client):
    response = report(client, install_id="x" * 201)
    assert response.status_code == 400
    assert "X-Install-Id" in response.get_json()["error"]["message"]


def test_unknown_report_is_404(client):
    response = client.get("/api/v1/reports/nope")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_same_submitter_same_target_gets_the_existing_report_with_200(client):
    first = report(client)
    # Another URL of the same seller is the same target.
    second = report(client, url="https://www.ebay.com/usr/shadyseller77?_trksid=1",
                    reason="other")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["id"] == first.get_json()["id"]


def test_other_submitters_and_other_targets_get_new_reports(client):
    ids = {
        report(client).get_json()["id"],
        report(client, address="203.0.113.11").get_json()["id"],
        report(client, install_id="install-b").get_json()["id"],
        report(client, url=SHOP_URL).get_json()["id"],
    }
    assert len(ids) == 4


def test_rate_limit_is_429_with_retry_after_and_the_error_shape(app, client):
    app.config["REPORTS_RATE_LIMIT"] = "2 per minute"
    statuses = [report(client, url=f"https://shop{n}.example/").status_code for n in range(3)]
    assert statuses == [201, 201, 429]
    limited = report(client, url="https://shop9.example/")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert set(limited.get_json()["error"]) == {"code", "message"}
    # Limits count per client address; a new install id does not reset them.
    assert report(client, url="https://shop10.example/", install_id="new").status_code == 429
    assert report(client, url="https://shop11.example/", address="198.51.100.1").status_code == 201


def test_check_has_its_own_generous_limit(app, client):
    assert app.config["CHECK_RATE_LIMIT"] == "600 per minute"
    app.config["CHECK_RATE_LIMIT"] = "1 per minute"
    assert client.get("/api/v1/check", query_string={"url": SHOP_URL}).status_code == 200
    limited = client.get("/api/v1/check", query_string={"url": SHOP_URL})
    assert limited.status_code == 429 and "Retry-After" in limited.headers


def test_the_raw_client_address_is_never_stored(app, client):
    address = "198.51.100.77"
    assert report(client, address=address, install_id="install-zz").status_code == 201
    database = connect(app.config["REPORTS_DATABASE"])
    rows = database.execute("SELECT * FROM reports").fetchall()
    database.conn.close()
    assert rows and address not in repr(rows) and "install-zz" not in repr(rows)
    # Nor anywhere in either file or its write-ahead log.
    for path in (app.config["DATABASE"], app.config["REPORTS_DATABASE"]):
        for suffix in ("", "-wal"):
            try:
                with open(path + suffix, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                continue
            assert address.encode() not in data and b"install-zz" not in data


def test_submitter_is_a_keyed_hash_of_address_and_install_id():
    one = submitters.keyed_hash("secret-a", "submitter", "198.51.100.1", "")
    assert len(one) == 64 and "198.51.100.1" not in one
    assert one != submitters.keyed_hash("secret-b", "submitter", "198.51.100.1", "")
    assert one != submitters.keyed_hash("secret-a", "submitter", "198.51.100.1", "install")


def test_secret_is_generated_once_into_the_instance_folder(tmp_path):
    first = submitters.load_secret(tmp_path)
    assert len(first) == 64
    assert submitters.load_secret(tmp_path) == first
    assert (tmp_path / submitters.SECRET_FILE).stat().st_mode & 0o077 == 0


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(tmp_path):
    def network_seen(trusted):
        app = create_app({"TESTING": True, "DATABASE": str(tmp_path / f"{trusted}.db"),
                          "SUBMITTER_SECRET": "s", "TRUSTED_PROXIES": trusted,
                          "SEED_DIR": str(tmp_path)})
        seen = []
        app.before_request(lambda: seen.append(request.remote_addr))
        app.test_client().get("/api/v1/health", headers={"X-Forwarded-For": "192.0.2.9"},
                   environ_base={"REMOTE_ADDR": "10.0.0.1"})
        return seen[0]

    assert network_seen(0) == "10.0.0.1"
    assert network_seen(1) == "192.0.2.9"


@pytest.mark.parametrize("url, kind", [
    (SELLER_URL, "seller"), (LISTING_URL, "listing"), (SHOP_URL, "domain"),
])
def test_reported_reason_appears_at_the_threshold_and_not_before(client, url, kind):
    # Three networks (reporters are counted per /24; tests/test_reporters.py).
    report(client, url=url, address="192.0.2.1")
    report(client, url=url, address="198.51.100.2")
    assert "reported" not in reasons_of(client, url)
    report(client, url=url, address="203.0.113.3")
    reasons = reasons_of(client, url)
    # Low: none of these reporters has a track record yet.
    assert reasons["reported"]["severity"] == "low"
    assert "3 people" in reasons["reported"]["message"]


def test_one_address_with_many_install_ids_counts_once(client):
    for install in ("a", "b", "c"):
        assert report(client, install_id=install).status_code == 201
    assert "reported" not in reasons_of(client, SELLER_URL)


def test_reported_threshold_is_configurable(app, client):
    app.config["REPORTED_THRESHOLD"] = 1
    report(client)
    body = client.get("/api/v1/check", query_string={"url": SELLER_URL}).get_json()
    # A low `reported` alone is no warning: the verdict stays unknown.
    assert body["verdict"] == "unknown"
    assert [reason["code"] for reason in body["reasons"]] == ["reported"]


def _reports_statements_of(app, client, maintainer) -> list[str]:
    """The SQL on the reports file (values bound) while reports are sent, read, checked,
    queued and decided over HTTP."""
    with traced_sql(app) as statements:
        ids = [report(client, url=url, address=address).get_json()["id"]
               for url in (SELLER_URL, LISTING_URL, SHOP_URL)
               for address in ("192.0.2.1", "198.51.100.1", "203.0.113.1")]
        client.get(f"/api/v1/reports/{ids[0]}")
        for url in (SELLER_URL, LISTING_URL, SHOP_URL):
            assert "reported" in reasons_of(client, url)
        assert client.get("/api/v1/review/queue", headers=maintainer).status_code == 200
        decided = client.post(f"/api/v1/reports/{ids[0]}/decision", headers=maintainer,
                              json={"decision": "approve", "note": "checked"})
        assert decided.status_code == 200, decided.get_json()
        assert "reported" in reasons_of(client, LISTING_URL)
    return [statement for statement in dict.fromkeys(statements)
            if "reports_db.reports" in statement
            and statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE"))]


def test_every_query_on_reports_searches_an_index(app, client, maintainer):
    """The real queries, traced as they run, never scan reports; those about a target
    search an index down to the target's key."""
    statements = _reports_statements_of(app, client, maintainer)
    for fragment in ("count(DISTINCT network)", "AS pending JOIN", "GROUP BY target_kind",
                     "WHERE id = ", "WHERE submitter = ", "ORDER BY created_at, rowid",
                     "UPDATE reports_db.reports"):
        assert any(fragment in statement for statement in statements), fragment
    database = connect(app.config["DATABASE"], app.config["REPORTS_DATABASE"])
    try:
        for statement in statements:
            plan = [row[3] for row in database.execute("EXPLAIN QUERY PLAN " + statement)]
            on_reports = [step for step in plan if step.startswith(("SEARCH", "SCAN"))
                          and "CONSTANT ROW" not in step]
            assert on_reports and all(step.startswith("SEARCH") for step in on_reports), \
                (statement, plan)
            if re.search(r"target_kind = '", statement):
                assert "target_key=?" in on_reports[0], (statement, plan)
    finally:
        database.conn.close()


def test_one_report_per_submitter_and_target_is_enforced_by_the_database(app, client):
    report(client)
    database = connect(app.config["REPORTS_DATABASE"])
    row = database.execute("SELECT * FROM reports").fetchone()
    names = [column[0] for column in database.execute("SELECT * FROM reports").description]
    duplicate = dict(zip(names, row), id="another")
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(
            f"INSERT INTO reports ({', '.join(duplicate)}) VALUES "
            f"({', '.join('?' for _ in duplicate)})", list(duplicate.values()),
        )
    database.conn.close()


def test_reports_about_pages_amazon_sells_itself_accuse_the_listing_not_amazon(client):
    urls = [f"https://www.amazon.com/dp/B0TEST000{n}?smid=ATVPDKIKX0DER" for n in range(3)]
    for number, url in enumerate(urls):
        response = report(client, url=url, address=f"192.0.2.{number + 20}")
        assert response.status_code == 201
        assert response.get_json()["target"] == {
            "kind": "listing", "marketplace": "amazon", "key": f"B0TEST000{number}"}
    other_page = "https://www.amazon.com/dp/B0OTHER001?smid=ATVPDKIKX0DER"
    assert "reported" not in reasons_of(client, other_page)


def test_the_marketplaces_own_retail_arm_cannot_be_listed_as_a_counterfeit_seller(
        client, make_token):
    response = client.post("/api/v1/entries", headers=make_token(), json={
        "kind": "seller", "marketplace": "amazon", "key": "atvpdkikx0der",
        "status": "counterfeit", "evidence_level": "volunteer_reports"})
    assert response.status_code == 400
    assert "retail" in response.get_json()["error"]["message"]


# --- what a decision publishes -----------------------------------------------------------

RECEIPT = "https://shop.example.org/orders/8812/receipt"
INTERNAL = "Internal: buyer's receipt checked by phone"


def approve(client, headers, report_id, **fields):
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=headers,
                           json={"decision": "approve", **fields})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def published_bodies(client) -> str:
    """Everything the public sees of the list: /check of the page, /export and /changes."""
    return "\n".join([
        client.get("/api/v1/check", query_string={"url": SELLER_URL}).get_data(as_text=True),
        client.get("/api/v1/export?format=jsonl").get_data(as_text=True),
        client.get("/api/v1/changes?since=0&limit=10000").get_data(as_text=True),
    ])


def test_approval_publishes_neither_volunteer_evidence_nor_internal_note(client, maintainer):
    report_id = report(client, evidence_urls=[RECEIPT], seller={"name": "Typed Name Co"},
                       details="my order").get_json()["id"]
    entry = approve(client, maintainer, report_id, note=INTERNAL)["entry"]
    assert entry["evidence_url"] is None and entry["name"] is None
    assert entry["note"] == "Listed after volunteer reports were reviewed."
    assert reasons_of(client, SELLER_URL)["listed_seller"]["evidence_url"] is None
    bodies = published_bodies(client)
    assert "shadyseller77" in bodies
    for private in (RECEIPT, INTERNAL, "Typed Name Co", "my order"):
        assert private not in bodies
    assert client.get(f"/api/v1/reports/{report_id}").get_json()["note"] is None
    audit = client.get("/api/v1/audit", headers=maintainer).get_json()["items"]
    assert audit[0]["after"]["note"] == INTERNAL  # kept for maintainers


def test_approval_publishes_the_public_note_and_evidence_url(client, maintainer):
    report_id = report(client, evidence_urls=[RECEIPT]).get_json()["id"]
    public_url = "https://example.org/test-purchase/ShadySeller77"
    entry = approve(client, maintainer, report_id, note=INTERNAL,
                    public_note="Test purchase confirmed a fake.",
                    public_evidence_url=public_url)["entry"]
    assert entry["evidence_url"] == public_url
    assert entry["note"] == "Test purchase confirmed a fake."
    assert reasons_of(client, SELLER_URL)["listed_seller"]["evidence_url"] == public_url
    bodies = published_bodies(client)
    assert public_url in bodies and "Test purchase confirmed a fake." in bodies
    assert RECEIPT not in bodies and INTERNAL not in bodies
    status = client.get(f"/api/v1/reports/{report_id}").get_json()
    assert status["note"] == "Test purchase confirmed a fake."


def alias_check(client, name):
    response = client.post("/api/v1/check", json={
        "url": "https://www.ebay.com/itm/302474151804",
        "seller": {"id": "honest_shop_real", "name": name}})
    return [reason["code"] for reason in response.get_json()["reasons"]]


def test_a_typed_seller_name_drives_no_seller_alias_unless_confirmed(client, maintainer):
    # A volunteer types an honest seller's name into a report about another seller.
    first = report(client, seller={"name": "Honest Shop"}).get_json()["id"]
    approve(client, maintainer, first)
    assert "seller_alias" not in alias_check(client, "Honest Shop")

    other = report(client, url="https://www.ebay.com/usr/ShadyTwo",
                   seller={"name": "Honest Shop"}).get_json()["id"]
    entry = approve(client, maintainer, other, name="Shady Two Watches")["entry"]
    assert entry["name"] == "Shady Two Watches"
    assert "seller_alias" not in alias_check(client, "Honest Shop")
    assert "seller_alias" in alias_check(client, "Shady Two Watches")


def test_a_listing_title_is_listed_only_as_the_maintainer_confirms_it(client, maintainer):
    typed = report(client, url=LISTING_URL, title="Typed title").get_json()["id"]
    entry = approve(client, maintainer, typed, title="Rolex Submariner replica")["entry"]
    assert entry["kind"] == "listing" and entry["title"] == "Rolex Submariner replica"


@pytest.mark.parametrize("field, value", [
    ("public_evidence_url", "not a url"), ("public_evidence_url", "ftp://example.org/x"),
    ("public_note", "x" * 2001), ("public_note", 7), ("name", "n" * 301), ("title", ["t"]),
])
def test_invalid_published_fields_are_400_naming_the_field(client, maintainer, field, value):
    report_id = report(client).get_json()["id"]
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": "approve", field: value})
    assert response.status_code == 400
    assert f"`{field}`" in response.get_json()["error"]["message"]
    assert client.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "pending"


# --- the reports file --------------------------------------------------------------------

def test_reports_live_in_their_own_file_beside_the_database(app, client):
    assert app.config["REPORTS_DATABASE"].endswith("radar-reports.db")
    report_id = report(client).get_json()["id"]
    main = connect(app.config["DATABASE"])
    assert not main.table("reports").exists()
    main.conn.close()
    own = connect(app.config["REPORTS_DATABASE"])
    assert own.execute("SELECT id FROM reports").fetchall() == [(report_id,)]
    assert own.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {index.name for index in own.table("reports").indexes}
    own.conn.close()
    assert {"reports_target", "reports_submitter_target", "reports_status",
            "reports_submitter_status"} <= indexes


def old_release_database(path: str, stop_before: str):
    """A database at path migrated only up to (not including) the migration stop_before."""
    from backend import schema

    old = connect(path)
    old.enable_wal()
    schema.migrations.apply(old, stop_before=stop_before)
    return old


def test_init_moves_old_reports_out_of_the_main_file_and_unpublishes_their_evidence(tmp_path):
    from backend import db
    from tests.conftest import SEED_DIR

    path = str(tmp_path / "old.db")
    # The database as it was before reports had their own file (up to m003 and siblings).
    old = old_release_database(path, "m006_unpublish_volunteer_evidence")
    old.execute(
        "INSERT INTO reports (id, submitter, network, target_kind, target_marketplace, "
        "target_key, url, reason, seller_name, evidence_urls, status, created_at, note) "
        "VALUES ('r-old-0000000001', 's', 'n', 'seller', 'ebay', 'oldshady', "
        "'https://www.ebay.com/usr/oldshady', 'counterfeit', 'Typed Name', ?, 'approved', "
        "'2026-01-01T00:00:00Z', 'internal note')", [f'["{RECEIPT}"]'])
    old.execute(
        "INSERT INTO entries (kind, marketplace, key, status, name, name_norm, evidence_url, "
        "evidence_level, note, source, version, created_at, updated_at) VALUES ('seller', "
        "'ebay', 'oldshady', 'counterfeit', 'Typed Name', 'typed name', ?, 'volunteer_reports', "
        "'internal note', 'reports: r-old-0000000001', 1, 'now', 'now')", [RECEIPT])
    old.conn.close()

    db.initialize(path, SEED_DIR)
    db.initialize(path, SEED_DIR)  # twice: nothing moves or changes again
    app = create_app({"TESTING": True, "DATABASE": path, "SEED_DIR": str(SEED_DIR),
                      "SUBMITTER_SECRET": "s", "COMPILE_AT_START": False})
    client = app.test_client()
    assert client.get("/api/v1/reports/r-old-0000000001").get_json()["status"] == "approved"
    exported = client.get("/api/v1/export?format=jsonl").get_data(as_text=True)
    row = next(json.loads(line) for line in exported.splitlines() if "oldshady" in line)
    assert row["evidence_url"] is None and row["name"] is None
    assert row["note"] == "Listed after volunteer reports were reviewed."
    main = connect(path)
    assert not main.table("reports").exists()
    main.conn.close()


def test_starting_on_a_database_of_an_older_release_migrates_it_first(tmp_path):
    """A bare gunicorn or systemd start (no init-db) still finds old reports and writes."""
    path = str(tmp_path / "old.db")
    old = old_release_database(path, "m004_seed_state")
    old.execute(
        "INSERT INTO reports (id, submitter, network, target_kind, target_marketplace, "
        "target_key, url, reason, evidence_urls, status, created_at) VALUES "
        "('r-old-0000000002', 's', 'n', 'seller', 'ebay', 'oldshady', "
        "'https://www.ebay.com/usr/oldshady', 'counterfeit', '[]', 'pending', "
        "'2026-01-01T00:00:00Z')")
    old.conn.commit()
    old.conn.close()

    app = create_app({"TESTING": True, "DATABASE": path, "SUBMITTER_SECRET": "s",
                      "COMPILE_AT_START": False})
    client = app.test_client()
    assert client.get("/api/v1/reports/r-old-0000000002").get_json()["status"] == "pending"
    runner = app.test_cli_runner()
    token = runner.invoke(args=["create-token", "ada", "--role", "admin"]).output.split()[-1]
    created = client.post("/api/v1/brands", headers={"Authorization": f"Bearer {token}"},
                          json={"name": "Zorblax"})
    assert created.status_code == 201, created.get_json()
    assert not connect(path).table("reports").exists()
