"""Disputes, the right of reply: filing, reading, deciding, relisting, and what the
public sees while one is open (contract: "Disputes: the right of reply")."""

import hashlib
import json
import re

import pytest

from tests.conftest import from_address

SELLER_URL = "https://www.ebay.com/usr/knockoff-king"
ENTRY = {"kind": "seller", "marketplace": "ebay", "key": "knockoff-king", "status": "counterfeit",
         "name": "Knockoff King", "evidence_level": "test_purchase"}
CONTACT = "owner@knockoff-king.example"


@pytest.fixture
def entry(client, maintainer):
    """A listed counterfeit seller."""
    created = client.post("/api/v1/entries", headers=maintainer, json=ENTRY)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def dispute(client, address="203.0.113.7", **fields):
    body = {"statement": "We sell genuine stock; invoices attached.", **fields}
    return client.post("/api/v1/disputes", json=body, **from_address(address))


def check(client, url=SELLER_URL):
    return client.get("/api/v1/check", query_string={"url": url}).get_json()


def decide(client, maintainer, dispute_id, decision, **fields):
    return client.post(f"/api/v1/disputes/{dispute_id}/decision", headers=maintainer,
                       json={"decision": decision, **fields})


def test_filing_a_dispute_answers_201_open_and_its_id_reads_publicly(client, entry):
    filed = dispute(client, entry_id=entry["id"], contact=CONTACT,
                    evidence_urls=["https://example.org/invoice.pdf"])
    assert filed.status_code == 201
    body = filed.get_json()
    assert set(body) == {"id", "status"} and body["status"] == "open"
    read = client.get(f"/api/v1/disputes/{body['id']}")
    assert read.status_code == 200
    public = read.get_json()
    assert public["status"] == "open" and public["decided_at"] is None and public["reply"] is None
    assert {"id", "status", "created_at", "decided_at", "reply"} <= set(public)
    assert CONTACT not in read.get_data(as_text=True)
    assert "invoices" not in read.get_data(as_text=True)  # the statement is for maintainers


def test_a_page_url_finds_the_listed_entry(client, entry):
    filed = dispute(client, url="https://www.ebay.com/usr/Knockoff-King")
    assert filed.status_code == 201
    listed = client.get(f"/api/v1/disputes/{filed.get_json()['id']}").get_json()
    assert listed["entry_id"] == entry["id"]


@pytest.mark.parametrize("body, field", [
    ({"statement": "x"}, "entry_id"),
    ({"entry_id": 1, "url": SELLER_URL, "statement": "x"}, "entry_id"),
    ({"entry_id": 1}, "statement"),
    ({"entry_id": 1, "statement": "   "}, "statement"),
    ({"entry_id": 1, "statement": "x" * 4001}, "statement"),
    ({"entry_id": "1", "statement": "x"}, "entry_id"),
    ({"entry_id": 0, "statement": "x"}, "entry_id"),
    ({"url": "ftp://example.org/", "statement": "x"}, "url"),
    ({"entry_id": 1, "statement": "x", "contact": "c" * 301}, "contact"),
    ({"entry_id": 1, "statement": "x", "evidence_urls": ["javascript:alert(1)"]}, "evidence_urls"),
    ({"entry_id": 1, "statement": "x",
      "evidence_urls": [f"https://example.org/{n}" for n in range(6)]}, "evidence_urls"),
    ({"entry_id": 1, "statement": "x", "status": "upheld"}, "status"),
])
def test_invalid_disputes_are_400_naming_the_field(client, body, field):
    answer = client.post("/api/v1/disputes", json=body)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert set(error) == {"code", "message"} and f"`{field}`" in error["message"]


def test_disputing_what_is_not_listed_is_404_or_409(client, maintainer):
    assert dispute(client, entry_id=10**12).status_code == 404
    assert dispute(client, url="https://www.ebay.com/usr/nobody-listed-here").status_code == 404
    authorized = client.post("/api/v1/entries", headers=maintainer,
                             json={**ENTRY, "key": "honest-shop", "status": "authorized"})
    answer = dispute(client, entry_id=authorized.get_json()["id"])
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "conflict"


def test_unknown_dispute_is_404_in_the_error_shape(client):
    answer = client.get("/api/v1/disputes/no-such-dispute")
    assert answer.status_code == 404 and set(answer.get_json()["error"]) == {"code", "message"}


def test_disputes_are_rate_limited_per_network_like_reports(app, client, entry, maintainer):
    app.config["REPORTS_RATE_LIMIT"] = "2 per minute"
    other = client.post("/api/v1/entries", headers=maintainer,
                        json={**ENTRY, "key": "other-fake"}).get_json()
    statuses = [dispute(client, entry_id=entry["id"], address=f"203.0.113.{n}").status_code
                for n in (1, 2)]
    limited = dispute(client, entry_id=other["id"], address="203.0.113.3")
    assert statuses == [201, 201] and limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert dispute(client, entry_id=other["id"], address="198.51.100.1").status_code == 201


def test_a_seller_repeating_a_dispute_gets_the_open_one_back(client, entry):
    first = dispute(client, entry_id=entry["id"])
    again = dispute(client, entry_id=entry["id"], statement="Please, again.")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]


def test_spammed_disputes_leave_the_listing_and_its_severity_alone(client, entry):
    before = check(client)
    for n in range(5):
        assert dispute(client, entry_id=entry["id"], address=f"192.0.2.{n}",
                       statement=f"spam {n}").status_code == 201
    after = check(client)
    assert after["verdict"] == before["verdict"] == "counterfeit"
    assert after["score"] == before["score"]
    assert [r["severity"] for r in after["reasons"]] == [r["severity"] for r in before["reasons"]]


def _hashes_reason(client, entry):
    key = f"seller:{entry['marketplace']}:{entry['key']}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    matches = client.get(f"/api/v1/hashes/{digest[:8]}").get_json()["matches"]
    return next(match for match in matches if match["hash"] == digest)["reasons"][0]


def test_an_open_dispute_marks_the_entrys_reasons_in_check_and_hashes(client, maintainer, entry):
    plain = check(client)["reasons"][0]
    assert "disputed" not in plain and "disputed" not in _hashes_reason(client, entry)
    dispute_id = dispute(client, entry_id=entry["id"]).get_json()["id"]
    marked = check(client)["reasons"][0]
    assert marked["code"] == "listed_seller" and marked["disputed"] is True
    assert marked["severity"] == plain["severity"] == "high"
    assert "disputes this listing" in marked["message"]
    hashed = _hashes_reason(client, entry)
    assert hashed["disputed"] is True and "disputes this listing" in hashed["message"]
    assert decide(client, maintainer, dispute_id, "dismiss", reply="Evidence stands.").status_code == 200
    assert "disputed" not in check(client)["reasons"][0]


def test_upholding_delists_the_entry_and_is_audited(client, maintainer, entry):
    dispute_id = dispute(client, entry_id=entry["id"], contact=CONTACT).get_json()["id"]
    decided = decide(client, maintainer, dispute_id, "uphold", reply="Sorry: removed.",
                     note="Invoices checked with the brand.")
    assert decided.status_code == 200
    body = decided.get_json()
    assert body["status"] == "upheld" and body["entry_id"] == entry["id"]
    assert check(client)["verdict"] != "counterfeit"
    assert client.get(f"/api/v1/entries/{entry['id']}", headers=maintainer).status_code == 404
    public = client.get(f"/api/v1/disputes/{dispute_id}").get_json()
    assert public["status"] == "upheld" and public["reply"] == "Sorry: removed."
    assert public["decided_at"] is not None
    audit = client.get("/api/v1/audit", headers=maintainer,
                       query_string={"target": f"entry:{entry['id']}"}).get_json()["items"]
    actions = [record["action"] for record in audit]
    assert actions[:2] == ["dispute.uphold", "entry.delete"]
    assert audit[0]["actor"] == "mia" and audit[0]["after"]["reason"] == "dispute upheld"
    again = decide(client, maintainer, dispute_id, "dismiss")
    assert again.status_code == 409


def test_dismissing_keeps_the_entry_and_the_list_version(client, maintainer, entry):
    version = client.get("/api/v1/health").get_json()["list_version"]
    dispute_id = dispute(client, entry_id=entry["id"]).get_json()["id"]
    assert decide(client, maintainer, dispute_id, "dismiss").get_json()["status"] == "dismissed"
    assert client.get("/api/v1/health").get_json()["list_version"] == version
    assert check(client)["verdict"] == "counterfeit"


def test_relisting_an_upheld_key_needs_override_dispute_and_a_note(client, maintainer, entry):
    dispute_id = dispute(client, entry_id=entry["id"]).get_json()["id"]
    decide(client, maintainer, dispute_id, "uphold")
    refused = client.post("/api/v1/entries", headers=maintainer, json=ENTRY)
    assert refused.status_code == 409 and "override_dispute" in refused.get_json()["error"]["message"]
    no_note = client.post("/api/v1/entries", headers=maintainer,
                          json={**ENTRY, "override_dispute": True})
    assert no_note.status_code == 400 and "`note`" in no_note.get_json()["error"]["message"]
    # Another entry re-keyed onto the upheld key needs the same.
    other = client.post("/api/v1/entries", headers=maintainer,
                        json={**ENTRY, "key": "other-fake"}).get_json()
    patched = client.patch(f"/api/v1/entries/{other['id']}", headers=maintainer,
                           json={"key": "knockoff-king"})
    assert patched.status_code == 409
    relisted = client.post("/api/v1/entries", headers=maintainer,
                           json={**ENTRY, "override_dispute": True,
                                 "note": "New test purchase, March 2027."})
    assert relisted.status_code == 201
    assert check(client)["verdict"] == "counterfeit"
    # Once listed again, ordinary edits need no override.
    assert client.patch(f"/api/v1/entries/{relisted.get_json()['id']}", headers=maintainer,
                        json={"brand": "Rolex"}).status_code == 200


def test_maintainers_list_disputes_newest_first_by_status_and_paged(client, maintainer, entry):
    ids = [dispute(client, entry_id=entry["id"], address=f"198.51.100.{n}",
                   contact=CONTACT).get_json()["id"] for n in range(3)]
    assert client.get("/api/v1/disputes").status_code == 401
    first = client.get("/api/v1/disputes", headers=maintainer,
                       query_string={"status": "open", "limit": 2}).get_json()
    assert [item["id"] for item in first["items"]] == ids[::-1][:2]
    assert first["items"][0]["contact"] == CONTACT  # maintainers may reach the seller
    rest = client.get("/api/v1/disputes", headers=maintainer,
                      query_string={"status": "open", "limit": 2,
                                    "cursor": first["next_cursor"]}).get_json()
    assert [item["id"] for item in rest["items"]] == ids[:1] and rest["next_cursor"] is None
    decide(client, maintainer, ids[0], "dismiss")
    dismissed = client.get("/api/v1/disputes", headers=maintainer,
                           query_string={"status": "dismissed"}).get_json()["items"]
    assert [item["id"] for item in dismissed] == ids[:1]
    bad = client.get("/api/v1/disputes", headers=maintainer, query_string={"status": "closed"})
    assert bad.status_code == 400 and "`status`" in bad.get_json()["error"]["message"]


def test_deciding_needs_a_maintainer_and_a_known_dispute(client, maintainer, entry):
    dispute_id = dispute(client, entry_id=entry["id"]).get_json()["id"]
    assert client.post(f"/api/v1/disputes/{dispute_id}/decision",
                       json={"decision": "uphold"}).status_code == 401
    assert decide(client, maintainer, "nope", "uphold").status_code == 404
    bad = decide(client, maintainer, dispute_id, "delete")
    assert bad.status_code == 400 and "`decision`" in bad.get_json()["error"]["message"]


def test_the_contact_appears_in_no_public_answer_or_export(client, entry):
    dispute_id = dispute(client, entry_id=entry["id"], contact=CONTACT).get_json()["id"]
    answers = [
        client.get(f"/api/v1/disputes/{dispute_id}"),
        client.get("/api/v1/check", query_string={"url": SELLER_URL}),
        client.get("/api/v1/export", query_string={"format": "jsonl"}),
        client.get("/api/v1/export", query_string={"format": "csv"}),
        client.get("/api/v1/changes", query_string={"since": 0, "limit": 10000}),
    ]
    for answer in answers:
        assert answer.status_code == 200
        assert CONTACT not in answer.get_data(as_text=True)


def test_a_foreign_web_origin_cannot_file_a_dispute_but_may_read_one(client, entry):
    foreign = {"Origin": "https://evil.example"}
    refused = client.post("/api/v1/disputes", headers=foreign,
                          json={"entry_id": entry["id"], "statement": "x"})
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
    preflight = client.options("/api/v1/disputes", headers={
        **foreign, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    extension = {"Origin": "chrome-extension://abcdefghijklmnop"}
    filed = client.post("/api/v1/disputes", headers=extension,
                        json={"entry_id": entry["id"], "statement": "x"})
    assert filed.status_code == 201
    read = client.get(f"/api/v1/disputes/{filed.get_json()['id']}", headers=foreign)
    assert read.status_code == 200 and read.headers["Access-Control-Allow-Origin"] == "*"


# --- the public page /dispute -------------------------------------------------------------
def _form(client, entry_id):
    page = client.get(f"/dispute?entry={entry_id}")
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]
    return page, token


def test_the_page_shows_the_entry_and_files_a_dispute_with_a_receipt(client, maintainer, entry):
    page, token = _form(client, entry["id"])
    html = page.get_data(as_text=True)
    assert "Knockoff King" in html and "knockoff-king" in html and "<script" not in html
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "form-action 'self'" in policy
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/dispute" in cookie
    filed = client.post("/dispute", data={
        "csrf_token": token, "entry_id": str(entry["id"]), "statement": "Genuine stock.",
        "contact": CONTACT, "evidence_urls": "https://example.org/a\nhttps://example.org/b"})
    assert filed.status_code == 303
    receipt = client.get(filed.headers["Location"])
    text = receipt.get_data(as_text=True)
    dispute_id = filed.headers["Location"].rsplit("/", 1)[1]
    assert receipt.status_code == 200 and dispute_id in text and "open" in text
    assert f"/api/v1/disputes/{dispute_id}" in text and CONTACT not in text
    stored = client.get("/api/v1/disputes", headers=maintainer).get_json()["items"][0]
    assert stored["id"] == dispute_id and stored["contact"] == CONTACT
    assert stored["evidence_urls"] == ["https://example.org/a", "https://example.org/b"]
    assert check(client)["reasons"][0]["disputed"] is True


def test_the_page_refuses_a_post_without_its_csrf_token_or_from_another_origin(client, entry):
    _page, token = _form(client, entry["id"])
    data = {"entry_id": str(entry["id"]), "statement": "x"}
    assert client.post("/dispute", data=data).status_code == 400
    assert client.post("/dispute", data={**data, "csrf_token": "forged"}).status_code == 400
    foreign = client.post("/dispute", data={**data, "csrf_token": token},
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    fresh = type(client)(client.application)  # another browser: no cookie, a copied token
    assert fresh.post("/dispute", data={**data, "csrf_token": token}).status_code == 400
    assert "disputed" not in check(client)["reasons"][0]


def test_the_page_files_from_its_own_origin_as_a_browser_sends_it(client, entry):
    """A browser's form post carries the page's Origin (tests/test_maintainer_walkthrough.py
    files one in Chromium); the page's referrer policy must not turn it into `null`."""
    page, token = _form(client, entry["id"])
    assert page.headers["Referrer-Policy"] == "same-origin"
    filed = client.post("/dispute", data={"csrf_token": token, "entry_id": str(entry["id"]),
                                          "statement": "Genuine stock."},
                        headers={"Origin": "http://localhost"})
    assert filed.status_code == 303
    assert check(client)["reasons"][0]["disputed"] is True


def test_the_page_shows_validation_errors_and_escapes_what_it_echoes(client, entry):
    _page, token = _form(client, entry["id"])
    answer = client.post("/dispute", data={
        "csrf_token": token, "entry_id": str(entry["id"]), "statement": "<script>x</script>",
        "evidence_urls": "javascript:alert(1)"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "`evidence_urls`" in html
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_the_page_for_an_unknown_entry_is_404(client):
    for query in ("", "?entry=999999", "?entry=abc", "?entry=99999999999999999999999"):
        answer = client.get(f"/dispute{query}")
        assert answer.status_code == 404 and "<form" not in answer.get_data(as_text=True)
    assert client.get("/dispute/unknown-id").status_code == 404


def test_the_page_finds_the_entry_from_a_page_url(client, entry):
    page = client.get("/dispute", query_string={"url": "https://www.ebay.com/usr/Knockoff-King"})
    assert page.status_code == 200
    assert f'name="entry_id" value="{entry["id"]}"' in page.get_data(as_text=True)
    for url in ("https://www.ebay.com/usr/nobody-listed", "not a url"):
        assert client.get("/dispute", query_string={"url": url}).status_code == 404


def test_a_decided_disputes_contact_is_forgotten_after_the_retention(app, client, runner,
                                                                      maintainer, entry):
    dispute_id = dispute(client, entry_id=entry["id"], contact=CONTACT).get_json()["id"]
    open_one = dispute(client, entry_id=entry["id"], contact="still@open.example",
                       address="198.51.100.9").get_json()["id"]
    decide(client, maintainer, dispute_id, "dismiss")
    assert runner.invoke(args=["purge-reports", "--days", "0"]).exit_code == 0
    items = {item["id"]: item for item in client.get(
        "/api/v1/disputes", headers=maintainer).get_json()["items"]}
    assert items[dispute_id]["contact"] is None and items[dispute_id]["status"] == "dismissed"
    assert items[open_one]["contact"] == "still@open.example"  # pending: kept until decided


def _import(runner, tmp_path, rows, *options):
    from backend.listfile import FIELDS

    path = tmp_path / "relist.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert set(FIELDS) >= {field for row in rows for field in row}
    return runner.invoke(args=["import", str(path), *options])


def test_an_import_refuses_an_upheld_key_unless_overridden_with_a_note(
        client, runner, maintainer, entry, tmp_path):
    decide(client, maintainer, dispute(client, entry_id=entry["id"]).get_json()["id"], "uphold")
    version = client.get("/api/v1/health").get_json()["list_version"]
    other = {**ENTRY, "key": "another-fake"}
    upheld = {**ENTRY, "key": "Knockoff-King"}  # the same key, as a file may spell it
    refused = _import(runner, tmp_path, [other, upheld])
    assert refused.exit_code != 0
    assert "line 2:" in refused.output and "upheld" in refused.output
    assert "--override-dispute" in refused.output and "Nothing was imported" in refused.output
    no_note = _import(runner, tmp_path, [other, upheld], "--override-dispute")
    assert no_note.exit_code != 0 and "line 2: note is required" in no_note.output
    assert client.get("/api/v1/health").get_json()["list_version"] == version
    assert check(client)["verdict"] != "counterfeit"
    # Not counterfeit: nothing to override (as POST /entries).
    authorized = {**upheld, "key": "knockoff-king", "status": "authorized"}
    assert _import(runner, tmp_path, [authorized], "--dry-run").exit_code == 0
    relisted = _import(runner, tmp_path, [other, {**upheld, "note": "New test purchase."}],
                       "--override-dispute")
    assert relisted.exit_code == 0, relisted.output
    assert "1 listed again after an upheld dispute" in relisted.output
    assert check(client)["verdict"] == "counterfeit"
    audit = client.get("/api/v1/audit", headers=maintainer,
                       query_string={"target": "entries"}).get_json()["items"]
    assert audit[0]["action"] == "import" and audit[0]["after"]["relisted_after_dispute"] == 1


def test_openapi_describes_the_reasons_dispute_mark_and_dates(client):
    reason = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Reason"]
    assert {"disputed", "listed_since", "reported_to_platform_at", "last_seen_at"} <= set(
        reason["properties"])
    assert reason["properties"]["disputed"]["type"] == "boolean"
