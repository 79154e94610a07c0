"""The console's error pages, the rules and brands editor (admins) and the import page."""

import io
import re
import time
from pathlib import Path

import pytest

from tests.test_console import csrf_of, sign_in

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def console(client, maintainer):
    assert sign_in(client, maintainer).status_code == 303
    return client


@pytest.fixture
def admin_console(client, admin):
    assert sign_in(client, admin).status_code == 303
    return client


def test_a_browser_gets_an_error_page_and_a_script_the_json_shape(console, maintainer):
    for path, status in (("/curate/entries/999999", 404), ("/curate/disputes/nope", 404),
                         ("/curate/entries?status=maybe", 400)):
        page = console.get(path, headers=BROWSER)
        assert page.status_code == status and page.mimetype == "text/html", path
        assert "<h1>" in page.text and '"error"' not in page.text
        assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
        script = console.get(path)
        assert script.get_json()["error"]["code"] in ("not_found", "invalid_input"), path
    assert "No entry 999999." in console.get("/curate/entries/999999", headers=BROWSER).text
    bearer = console.get("/curate/entries/999999", headers={**BROWSER, **maintainer})
    assert bearer.get_json()["error"]["code"] == "not_found"


def test_a_mistyped_console_address_gets_a_page_and_the_api_keeps_its_json(console):
    page = console.get("/curate/entrys", headers=BROWSER)
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "No such console page." in page.text and '"error"' not in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert console.get("/curate/entrys").get_json()["error"]["code"] == "not_found"
    api = console.get("/api/v1/nothing-here", headers=BROWSER)
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"
    wrong_method = console.delete("/curate/sign-in", headers=BROWSER)
    assert wrong_method.status_code == 405 and wrong_method.mimetype == "text/html"
    assert "GET" in wrong_method.headers["Allow"]
    assert console.delete("/api/v1/health").status_code == 405


def test_a_refused_post_shows_a_page_naming_the_problem(console, client):
    refused = console.post("/curate/sign-out", data={}, headers=BROWSER)
    assert refused.status_code == 400 and "csrf_failed" in refused.text
    assert "<h1>That did not work</h1>" in refused.text
    foreign = console.post("/curate/sign-out", data={"csrf_token": csrf_of(
        console.get("/curate/queue").text)}, headers={**BROWSER, "Origin": "https://evil.example"})
    assert foreign.status_code == 403 and "own pages only" in foreign.text
    signed_out = client.application.test_client().post("/curate/sign-out", headers=BROWSER)
    assert signed_out.status_code == 401 and "Sign in to the console first" in signed_out.text
    assert signed_out.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_hostile_message_on_an_error_page_is_escaped(console):
    page = console.get("/curate/disputes/%3Cscript%3Ealert(1)", headers=BROWSER)
    assert page.status_code == 404 and "No dispute &lt;script&gt;alert(1)." in page.text
    assert re.findall(r"<script[^>]*>", page.text) == [
        '<script src="/curate/static/console.js" defer>']


def test_the_rules_and_brands_editor_is_for_admins_only(console, client):
    for path in ("/curate/rules", "/curate/brands", "/curate/rules/1", "/curate/brands/1"):
        assert console.get(path, headers=BROWSER).status_code == 403, path
    page = console.get("/curate/queue").text
    assert "/curate/rules" not in page
    refused = console.post("/curate/rules", data={
        "csrf_token": csrf_of(page), "kind": "replica_phrase", "name": "x", "pattern": "x"})
    assert refused.status_code == 403
    assert "\\bx\\b" not in client.get("/api/v1/rules").text


def test_an_admin_creates_edits_and_deletes_a_rule(admin_console, admin):
    page = admin_console.get("/curate/rules").text
    created = admin_console.post("/curate/rules", data={
        "csrf_token": csrf_of(page), "kind": "replica_phrase", "name": "mirror grade",
        "pattern": r"mirror[ -]grade", "needs_brand": "true"})
    assert created.status_code == 303
    listing = admin_console.get("/curate/rules").text
    rule_id = int(re.search(r"Rule (\d+) \(mirror grade\) created\.", listing).group(1))
    stored = admin_console.get(f"/api/v1/rules/{rule_id}", headers=admin).get_json()
    assert stored["pattern"] == "mirror[ -]grade" and stored["needs_brand"] is True
    edit = admin_console.get(f"/curate/rules/{rule_id}").text
    assert 'value="mirror[ -]grade"' in edit and 'name="needs_brand" value="true" checked' in edit
    saved = admin_console.post(f"/curate/rules/{rule_id}", data={
        "csrf_token": csrf_of(edit), "kind": "replica_phrase", "name": "mirror grade",
        "pattern": "mirror[ -]?grade"})
    assert saved.status_code == 303
    stored = admin_console.get(f"/api/v1/rules/{rule_id}", headers=admin).get_json()
    assert stored["pattern"] == "mirror[ -]?grade" and stored["needs_brand"] is False
    deleted = admin_console.post(f"/curate/rules/{rule_id}/delete", data={"csrf_token": csrf_of(edit)})
    assert deleted.status_code == 303
    assert admin_console.get(f"/api/v1/rules/{rule_id}", headers=admin).status_code == 404
    assert "rule.delete" in admin_console.get(f"/curate/audit?target=rule:{rule_id}").text


@pytest.mark.parametrize("pattern, says", [("(?=lookahead)", "RE2"), ("a(", "RE2"),
                                           ("", "pattern")])
def test_a_bad_pattern_comes_back_in_the_form_saying_why(admin_console, pattern, says):
    page = admin_console.get("/curate/rules").text
    response = admin_console.post("/curate/rules", data={
        "csrf_token": csrf_of(page), "kind": "replica_phrase", "name": "broken <b>rule</b>",
        "pattern": pattern}, headers=BROWSER)
    assert response.status_code == 400
    assert 'class="flash error"' in response.text and "`pattern`" in response.text
    assert says in response.text
    assert 'value="broken &lt;b&gt;rule&lt;/b&gt;"' in response.text  # kept, escaped


def test_an_admin_creates_and_edits_a_brand_with_domains(admin_console, admin):
    page = admin_console.get("/curate/brands").text
    created = admin_console.post("/curate/brands", data={
        "csrf_token": csrf_of(page), "name": "Zebrawatch", "aliases": "Zebra\nZbw",
        "domains": "zebrawatch.example\nhttps://shop.zebrawatch.example/"})
    assert created.status_code == 303
    listing = admin_console.get("/curate/brands").text
    brand_id = int(re.search(r"Brand (\d+) \(Zebrawatch\) created\.", listing).group(1))
    brand = admin_console.get(f"/api/v1/brands/{brand_id}", headers=admin).get_json()
    assert brand["aliases"] == ["Zebra", "Zbw"] and brand["domains"] == ["shop.zebrawatch.example", "zebrawatch.example"]
    edit = admin_console.get(f"/curate/brands/{brand_id}").text
    bad = admin_console.post(f"/curate/brands/{brand_id}", data={
        "csrf_token": csrf_of(edit), "name": "Zebrawatch", "domains": "not a domain"})
    assert bad.status_code == 400 and "not a domain" in bad.text and "`domains`" in bad.text
    clash = admin_console.post("/curate/brands", data={"csrf_token": csrf_of(edit),
                                                      "name": "ZEBRAWATCH"})
    assert clash.status_code == 409 and "already called" in clash.text


HEADER = ("kind,marketplace,key,status,name,title,brand,evidence_url,note,source,"
          "evidence_level\n")
IMPORT_ROWS = HEADER + ("listing,ebay,0123456789,counterfeit,,Fake Acme watch,Acme,,,,"
                        "test_purchase\ndomain,,acme-outlet-sale.example,counterfeit,,,Acme,,,,\n")


def finished(console, location: str) -> str:
    """The job page once its background run has finished (it refreshes while running)."""
    for _attempt in range(400):
        page = console.get(location).text
        if 'http-equiv="refresh"' not in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"{location} still running")


def upload(console, content: bytes, name="list.csv", **fields):
    page = console.get("/curate/import").text
    return console.post("/curate/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_of(page), "file": (io.BytesIO(content), name), **fields})


def test_an_import_dry_runs_first_then_applies(admin_console, admin):
    started = upload(admin_console, IMPORT_ROWS.encode(), source="console test")
    assert started.status_code == 303
    dry = finished(admin_console, started.headers["Location"])
    assert "Dry run" in dry and "Would add</th><td>2" in dry and "nothing was changed" in dry
    found = admin_console.get("/api/v1/entries?key=acme-outlet-sale.example", headers=admin)
    assert "acme-outlet-sale.example" not in found.text
    applied = admin_console.post(started.headers["Location"] + "/apply",
                                 data={"csrf_token": csrf_of(dry)})
    assert applied.status_code == 303
    done = finished(admin_console, applied.headers["Location"])
    assert "Imported." in done and "Added</th><td>2" in done
    assert "acme-outlet-sale.example" in admin_console.get(
        "/curate/entries?key=acme-outlet-sale.example").text
    again = admin_console.post(started.headers["Location"] + "/apply",
                               data={"csrf_token": csrf_of(dry)}, headers=BROWSER)
    assert again.status_code == 409


def test_an_import_is_applied_once_even_by_two_clicks_that_both_saw_the_dry_run(
        admin_console, app):
    started = upload(admin_console, IMPORT_ROWS.encode())
    dry = finished(admin_console, started.headers["Location"])
    record = Path(app.config["DATABASE"]).parent / "imports" / (
        started.headers["Location"].rsplit("/", 1)[1] + ".json")
    seen = record.read_text()  # what a second click, in another process, read meanwhile
    first = admin_console.post(started.headers["Location"] + "/apply",
                               data={"csrf_token": csrf_of(dry)})
    assert first.status_code == 303
    finished(admin_console, first.headers["Location"])
    record.write_text(seen)
    second = admin_console.post(started.headers["Location"] + "/apply",
                                data={"csrf_token": csrf_of(dry)}, headers=BROWSER)
    assert second.status_code == 409 and "already being applied" in second.text


def test_a_bad_list_file_fails_its_dry_run_naming_the_line(admin_console):
    started = upload(admin_console, (HEADER + "seller,nowhere,x,counterfeit,,,,,,,\n").encode())
    failed = finished(admin_console, started.headers["Location"])
    assert "failed" in failed and "line 2" in failed and "Nothing was imported." in failed
    assert "Apply this import" not in failed


def test_the_import_is_for_admins_with_a_csrf_token_and_a_size_cap(admin_console, app,
                                                                    maintainer):
    other = app.test_client()
    assert sign_in(other, maintainer).status_code == 303
    assert other.get("/curate/import", headers=BROWSER).status_code == 403
    no_token = admin_console.post("/curate/import", content_type="multipart/form-data",
                                  data={"file": (io.BytesIO(b"x"), "list.csv")})
    assert no_token.status_code == 400
    app.config["MAX_CONTENT_LENGTH"] = 2000
    big = upload(admin_console, IMPORT_ROWS.encode() * 40)
    assert big.status_code == 413
    assert admin_console.get("/curate/import/..%2Fradar").status_code == 404


def test_a_console_import_refuses_a_key_whose_dispute_was_upheld(admin_console, admin):
    from tests.test_disputes import ENTRY, decide, dispute

    created = admin_console.post("/api/v1/entries", json=ENTRY, headers=admin)
    assert created.status_code == 201
    filed = dispute(admin_console, entry_id=created.get_json()["id"]).get_json()["id"]
    decide(admin_console, admin, filed, "uphold")
    row = f"seller,ebay,{ENTRY['key']},counterfeit,,,,,,,\n"
    started = upload(admin_console, (HEADER + row).encode())
    failed = finished(admin_console, started.headers["Location"])
    assert "failed" in failed and "line 2" in failed and "upheld" in failed
    assert "Apply this import" not in failed
