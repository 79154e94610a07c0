"""The maintainers' console (/curate): sign-in, the session cookie, CSRF, the CSP, the idle
timeout, roles, inert rendering of hostile reports, and index-backed entry search."""

import re
import time

import pytest

from backend import db as database_module
from backend.db import connect
from backend.console.security import HEADERS

from tests.conftest import from_address

XSS_DETAILS = '<script>alert("details")</script> see javascript:alert(1)'
XSS_SELLER = '"><img src=x onerror=alert(1)>'
XSS_TITLE = '<a href="javascript:alert(2)">click</a>'
XSS_SNAPSHOT = (
    "<html><head><title>x</title></head><body>"
    f"<h1 id='itemTitle'>{XSS_TITLE}</h1><script>alert('snapshot')</script>"
    "</body></html>")
SELLER_URL = "https://www.ebay.com/itm/123456789012"


def token_of(header: dict) -> str:
    return header["Authorization"].removeprefix("Bearer ")


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, header: dict):
    """Sign client in with a token header; the response of the sign-in POST."""
    page = client.get("/curate/sign-in")
    return client.post("/curate/sign-in",
                       data={"token": token_of(header), "csrf_token": csrf_of(page.text)})


@pytest.fixture
def console(client, maintainer):
    """A test client signed in to the console as a maintainer."""
    assert sign_in(client, maintainer).status_code == 303
    return client


def report(client, address="192.0.2.1", **fields):
    body = {"url": SELLER_URL, "reason": "counterfeit", "seller": {"id": "bad_seller_1"},
            **fields}
    response = client.post("/api/v1/reports", json=body, **from_address(address))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def cookie_header(response) -> str:
    return next(value for name, value in response.headers.items()
                if name == "Set-Cookie" and value.startswith("radar_console="))


def test_signed_out_pages_lead_to_the_sign_in_page(client):
    response = client.get("/curate/queue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/curate/sign-in")


def test_signing_in_sets_a_strict_httponly_cookie_without_the_token(client, maintainer):
    response = sign_in(client, maintainer)
    assert response.status_code == 303 and response.headers["Location"] == "/curate/queue"
    cookie = cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/curate" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the TLS test below
    assert token_of(maintainer) not in cookie
    page = client.get("/curate/queue")
    assert page.status_code == 200 and "mia (maintainer)" in page.text


def test_the_cookie_is_secure_over_tls_and_behind_a_trusted_proxy(app, maintainer):
    client = app.test_client()
    page = client.get("/curate/sign-in", base_url="https://radar.example")
    response = client.post("/curate/sign-in", base_url="https://radar.example",
                           data={"token": token_of(maintainer), "csrf_token": csrf_of(page.text)})
    assert "Secure" in cookie_header(response)
    app.config["CONSOLE_SECURE_COOKIE"] = True
    assert "Secure" in cookie_header(app.test_client().get("/curate/sign-in"))


def test_a_wrong_token_is_refused_and_no_session_starts(client):
    page = client.get("/curate/sign-in")
    response = client.post("/curate/sign-in",
                           data={"token": "not-a-token", "csrf_token": csrf_of(page.text)})
    assert response.status_code == 401 and "not valid" in response.text
    assert client.get("/curate/queue").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(client, maintainer):
    page = client.get("/curate/sign-in")
    refused = client.post("/curate/sign-in", data={"token": token_of(maintainer)})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf_failed"
    assert client.get("/curate/queue").status_code == 302
    assert sign_in(client, maintainer).status_code == 303
    report_id = report(client)
    for data in ({"decision": "approve"}, {"decision": "approve", "csrf_token": "forged"},
                 {"decision": "approve", "csrf_token": csrf_of(page.text) + "x"}):
        response = client.post(f"/curate/reports/{report_id}/decision", data=data)
        assert response.status_code == 400, data
    assert client.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "pending"


def test_every_console_page_has_the_strict_headers(console):
    for path in ("/curate/sign-in", "/curate/queue", "/curate/entries", "/curate/entries/1",
                 "/curate/audit"):
        response = console.get(path)
        assert response.status_code in (200, 302), path  # sign-in: to the queue
        for name, value in HEADERS.items():
            assert response.headers[name] == value, (path, name)
    assert HEADERS["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'")


def test_sign_out_ends_the_session(console):
    page = console.get("/curate/queue")
    response = console.post("/curate/sign-out", data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 303
    assert console.get("/curate/queue").status_code == 302


def test_an_idle_session_ends(app, console, monkeypatch):
    assert console.get("/curate/queue").status_code == 200
    later = time.time() + app.config["CONSOLE_IDLE_MINUTES"] * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert console.get("/curate/queue").status_code == 302


def test_revoking_the_token_ends_its_sessions(console, runner):
    assert console.get("/curate/queue").status_code == 200
    assert runner.invoke(args=["revoke-token", "mia"]).exit_code == 0
    assert console.get("/curate/queue").status_code == 302


def test_a_cross_site_link_reloads_same_site_instead_of_signing_out(client):
    response = client.get("/curate/queue", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200 and 'http-equiv="refresh"' in response.text
    assert "Set-Cookie" not in response.headers


def test_a_post_from_another_origin_is_refused(console):
    page = console.get("/curate/queue")
    response = console.post("/curate/sign-out", data={"csrf_token": csrf_of(page.text)},
                            headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert console.get("/curate/queue").status_code == 200
    same = console.post("/curate/sign-out", data={"csrf_token": csrf_of(page.text)},
                        headers={"Origin": "http://localhost"})
    assert same.status_code == 303


def test_a_hostile_report_renders_as_inert_text(console):
    report(console, details=XSS_DETAILS, seller={"id": "bad_seller_1", "name": XSS_SELLER},
           html=XSS_SNAPSHOT, evidence_urls=["https://evidence.example/a?x=%22%3E%3Cscript%3E"])
    html = console.get("/curate/queue").text
    assert "&lt;script&gt;alert(&#34;details&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="javascript:' not in html and "<a href=\"javascript" not in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == ['<script src="/curate/static/console.js" defer>']


def test_approving_from_the_queue_lists_the_target(console):
    report_id = report(console)
    page = console.get("/curate/queue")
    assert "bad_seller_1" in page.text
    response = console.post(f"/curate/reports/{report_id}/decision", data={
        "csrf_token": csrf_of(page.text), "decision": "approve", "note": "internal",
        "public_note": "Sold fakes.", "public_evidence_url": ""})
    assert response.status_code == 303
    assert "Approved 1 report(s); listed as entry" in console.get("/curate/queue").text
    check = console.post("/api/v1/check", json={"url": SELLER_URL,
                                                "seller": {"id": "bad_seller_1"}})
    assert check.get_json()["verdict"] == "counterfeit"


def test_a_decision_with_a_bad_field_names_it(console):
    report_id = report(console)
    page = console.get("/curate/queue")
    response = console.post(f"/curate/reports/{report_id}/decision", data={
        "csrf_token": csrf_of(page.text), "decision": "maybe"})
    assert response.status_code == 400
    assert "`decision` must be one of" in response.get_json()["error"]["message"]


def test_entries_search_edit_delist_and_history(console):
    found = console.get("/curate/entries?key=demo-fake-shop.example")
    entry_id = int(re.search(r'/curate/entries/(\d+)"', found.text).group(1))
    page = console.get(f"/curate/entries/{entry_id}")
    assert page.status_code == 200
    saved = console.post(f"/curate/entries/{entry_id}", data={
        "csrf_token": csrf_of(page.text), "status": "counterfeit",
        "evidence_level": "test_purchase", "note": "Bought one; fake.", "brand": "Rolex"})
    assert saved.status_code == 303
    history = console.get(f"/curate/entries/{entry_id}").text
    assert "entry.update" in history and "Bought one; fake." in history
    delisted = console.post(f"/curate/entries/{entry_id}/delist",
                            data={"csrf_token": csrf_of(history)})
    assert delisted.status_code == 303
    assert console.get(f"/curate/entries/{entry_id}").status_code == 404
    assert "entry.delete" in console.get(f"/curate/audit?target=entry:{entry_id}").text


def test_entry_search_pages_by_keyset(console):
    first = console.get("/curate/entries?status=counterfeit").text
    ids = [int(value) for value in re.findall(r'/curate/entries/(\d+)"', first)]
    assert ids == sorted(ids) and ids
    following = re.search(r'href="(/curate/entries\?[^"]*after=\d+[^"]*)"', first)
    if following:  # more than a page of demo entries
        second = console.get(following.group(1).replace("&amp;", "&")).text
        more = [int(value) for value in re.findall(r'/curate/entries/(\d+)"', second)]
        assert more and min(more) > max(ids)


def test_bad_search_input_is_a_400(console):
    for query in ("status=maybe", "after=-1", "after=x", "marketplace=nowhere"):
        response = console.get(f"/curate/entries?{query}")
        assert response.status_code == 400, query


# Each search (by key, name, title, filters alone) and a key the demo list answers it with.
SEARCHES = {
    "key=demo-fake-shop.example": "demo-fake-shop.example",
    "key=9999999001&kind=seller": "9999999001",
    "name=demo+fake+store+(FICTIONAL)": "9999999001",
    "title=DEMO+fictional+listing:+Omega+Seamaster+watch&marketplace=ebay": "999999999901",
    "title=DEMO+fictional+listing:+Omega+Seamaster+watch": "999999999901",
    "status=authorized&evidence_level=rights_holder": "A0DEMOAUTH0001",
    "after=3&kind=seller&marketplace=ebay": "demo-fake-watches-example",
}


def test_every_entry_search_uses_an_index(app, console, monkeypatch):
    """The console's entry searches, traced as they run: every step on entries is an
    index or primary-key SEARCH, never a SCAN."""
    statements = []
    original = database_module.connect

    def traced(*args, **options):
        connection = original(*args, **options)
        connection.conn.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(database_module, "connect", traced)
    app.extensions["radar_connections"].close_thread()  # the next request opens a traced one
    for query, finds in SEARCHES.items():
        page = console.get(f"/curate/entries?{query}")
        assert page.status_code == 200 and finds in page.text, query
    monkeypatch.undo()
    on_entries = [statement for statement in dict.fromkeys(statements)
                  if re.search(r"FROM (entries|listing_bands)\b", statement)
                  and statement.lstrip().upper().startswith("SELECT")]
    assert len(on_entries) >= 4, on_entries
    database = connect(app.config["DATABASE"])
    try:
        for statement in on_entries:
            plan = [row[3] for row in database.execute("EXPLAIN QUERY PLAN " + statement)]
            # A SCAN of a subquery reads its bounded result (LIMIT 32), not a table.
            steps = [step for step in plan if step.startswith(("SEARCH", "SCAN"))
                     and not step.startswith("SCAN (subquery")]
            assert steps and all(step.startswith("SEARCH") for step in steps), (statement, plan)
    finally:
        database.conn.close()


def test_maintainers_and_admins_see_the_console(client, admin):
    assert sign_in(client, admin).status_code == 303
    assert "ada (admin)" in client.get("/curate/queue").text
