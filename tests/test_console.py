"""The maintainers' console (/curate): sign-in, the session cookie, CSRF, the CSP, the idle
timeout, roles, inert rendering of hostile reports, and index-backed entry search."""

import re
import time

import pytest

from backend.db import connect
from backend.console.security import HEADERS
from backend.extraction.scrub import scrub_html
from backend.store import entry_search

from tests.conftest import from_address, traced_sql

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
                 "/curate/audit", "/curate/disputes", "/curate/takedowns"):
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


# A reported page: its title is read (a page fact), the description's words are read by no
# extractor but kept with the page.
PAGE_ONLY_WORDS = "Hand-stitched by Quillmoor Atelier"
KEPT_PAGE = XSS_SNAPSHOT.replace(
    "</title>", "</title><meta property='og:title' content='Waxed Messenger Bag'>").replace(
    "</h1>", f"</h1><p class='description'>{PAGE_ONLY_WORDS}</p>")


def test_the_queue_says_which_reports_keep_their_page_and_never_renders_it(console):
    with_page = report(console, html=KEPT_PAGE)
    without = report(console, seller={"id": "other_seller_2"})
    assert PAGE_ONLY_WORDS in scrub_html(KEPT_PAGE, SELLER_URL)
    html = console.get("/curate/queue").text
    assert f"fixture -- {with_page} tests/pages" in html
    assert f"fixture -- {without} tests/pages" not in html
    assert html.count("Page kept (") == 1
    # The facts read from the page show (its title); the page itself never does.
    assert "Waxed Messenger Bag" in html
    assert "Quillmoor" not in html


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


def test_a_rare_filter_pages_through_the_list_a_bounded_stretch_at_a_time(console, maintainer,
                                                                         monkeypatch):
    """Browsing by a filter few entries have reads at most BROWSE_SCAN ids a page, and
    following "Next page" still finds every match, in id order."""
    monkeypatch.setattr(entry_search, "BROWSE_SCAN", 400)
    wanted = sorted(entry["id"] for entry in console.get(
        "/api/v1/entries", headers=maintainer,
        query_string={"status": "authorized", "limit": 1000}).get_json()["items"])
    assert wanted and wanted[-1] > 400 * 3  # matches lie many stretches in
    found, cursors, location = [], [0], "/curate/entries?status=authorized"
    while location:
        page = console.get(location).text
        found += [int(value) for value in re.findall(r'/curate/entries/(\d+)"', page)]
        following = re.search(r'href="(/curate/entries\?[^"]*after=(\d+)[^"]*)"', page)
        location = following.group(1).replace("&amp;", "&") if following else None
        if following:
            cursors.append(int(following.group(2)))
        assert len(cursors) < 100
    assert found == wanted
    # Each step reads at most BROWSE_SCAN ids beyond the last cursor.
    assert all(0 < later - earlier <= 400 for earlier, later in zip(cursors, cursors[1:]))


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


def test_every_entry_search_uses_an_index(app, console):
    """The console's entry searches, traced as they run: every step on entries is an
    index or primary-key SEARCH, never a SCAN."""
    with traced_sql(app) as statements:
        for query, finds in SEARCHES.items():
            page = console.get(f"/curate/entries?{query}")
            assert page.status_code == 200 and finds in page.text, query
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


# Disputes and takedowns.

DISPUTED = {"kind": "seller", "marketplace": "ebay", "key": "knockoff-king",
            "status": "counterfeit", "name": "Knockoff King", "evidence_level": "test_purchase"}
XSS_STATEMENT = '<script>alert("statement")</script>"><img src=x onerror=alert(4)>'
XSS_CONTACT = '<b onmouseover=alert(5)>owner@example.org</b>'


@pytest.fixture
def disputed(client, maintainer):
    """A listed counterfeit seller and a hostile dispute about it: (entry, dispute id)."""
    entry = client.post("/api/v1/entries", headers=maintainer, json=DISPUTED).get_json()
    filed = client.post("/api/v1/disputes", json={
        "entry_id": entry["id"], "statement": XSS_STATEMENT, "contact": XSS_CONTACT,
        "evidence_urls": ["https://evidence.example/invoice?x=%22%3E%3Cscript%3E"]},
        **from_address("203.0.113.7"))
    assert filed.status_code == 201, filed.get_json()
    return entry, filed.get_json()["id"]


def test_the_disputes_page_lists_open_disputes_and_filters_by_status(console, disputed):
    _entry, dispute_id = disputed
    assert dispute_id in console.get("/curate/disputes").text
    assert dispute_id not in console.get("/curate/disputes?status=upheld").text
    assert dispute_id in console.get("/curate/disputes?status=all").text
    assert console.get("/curate/disputes?status=maybe").status_code == 400


def test_a_hostile_dispute_renders_as_inert_text(console, disputed):
    _entry, dispute_id = disputed
    for path in (f"/curate/disputes/{dispute_id}", "/curate/disputes",
                 f"/curate/entries/{disputed[0]['id']}"):
        html = console.get(path).text
        assert "&lt;script&gt;alert(&#34;statement&#34;)" in html, path
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert re.findall(r"<script[^>]*>", html) == [
            '<script src="/curate/static/console.js" defer>'], path
    page = console.get(f"/curate/disputes/{dispute_id}").text
    assert "&lt;b onmouseover=alert(5)&gt;owner@example.org&lt;/b&gt;" in page  # the contact
    assert ('<a href="https://evidence.example/invoice?x=%22%3E%3Cscript%3E" '
            'rel="noopener noreferrer nofollow"') in page


@pytest.mark.parametrize("url, link", [("https://a.example/x", True), ("http://a.example", True),
                                       ("javascript:alert(1)", False), ("data:text/html,x", False),
                                       ("JaVaScRiPt:alert(1)", False), ("//evil.example", False)])
def test_only_http_evidence_becomes_a_link(url, link):
    from backend.console.disputes import linkable
    assert linkable(url) is link


def test_upholding_a_dispute_delists_the_entry_and_shows_the_reply(console, client, disputed,
                                                                   maintainer):
    entry, dispute_id = disputed
    page = console.get(f"/curate/disputes/{dispute_id}")
    decided = console.post(f"/curate/disputes/{dispute_id}/decision", data={
        "csrf_token": csrf_of(page.text), "decision": "uphold",
        "reply": "You were right; sorry.", "note": "invoices check out"})
    assert decided.status_code == 303
    after = console.get(decided.headers["Location"]).text
    assert f"Dispute upheld; entry {entry['id']} left the list." in after
    assert "invoices check out" in after and "no longer on the list" in after
    public = client.get(f"/api/v1/disputes/{dispute_id}").get_json()
    assert public["status"] == "upheld" and public["reply"] == "You were right; sorry."
    assert client.get(f"/api/v1/entries/{entry['id']}", headers=maintainer).status_code == 404
    again = console.post(f"/curate/disputes/{dispute_id}/decision", data={
        "csrf_token": csrf_of(page.text), "decision": "dismiss"})
    assert "already upheld" in console.get(again.headers["Location"]).text


def test_dismissing_keeps_the_entry_and_its_history_shows_the_dispute(console, disputed):
    entry, dispute_id = disputed
    page = console.get(f"/curate/disputes/{dispute_id}")
    console.post(f"/curate/disputes/{dispute_id}/decision", data={
        "csrf_token": csrf_of(page.text), "decision": "dismiss", "reply": "Test purchase was fake."})
    history = console.get(f"/curate/entries/{entry['id']}").text
    assert "<h3>Disputes</h3>" in history and dispute_id in history and "dismissed" in history
    assert "dispute.dismiss" in history


def test_a_dispute_decision_needs_the_csrf_token_and_a_session(client, console, disputed):
    _entry, dispute_id = disputed
    refused = console.post(f"/curate/disputes/{dispute_id}/decision", data={"decision": "uphold"})
    assert refused.status_code == 400
    bad = console.post(f"/curate/disputes/{dispute_id}/decision", data={
        "csrf_token": csrf_of(console.get("/curate/disputes").text), "decision": "maybe"})
    assert bad.status_code == 400
    console.post("/curate/sign-out", data={"csrf_token": csrf_of(console.get("/curate/queue").text)})
    assert client.post(f"/curate/disputes/{dispute_id}/decision",
                       data={"decision": "uphold"}).status_code == 401
    assert client.get(f"/api/v1/disputes/{dispute_id}").get_json()["status"] == "open"


XSS_REFERENCE = '"><script>alert("ref")</script>'


def test_recording_and_answering_a_takedown_from_the_entry_page(console, disputed):
    entry, _dispute_id = disputed
    page = console.get(f"/curate/entries/{entry['id']}")
    recorded = console.post(f"/curate/entries/{entry['id']}/takedowns", data={
        "csrf_token": csrf_of(page.text), "channel": "ip_portal", "reported_at": "2026-01-05",
        "reference": XSS_REFERENCE})
    assert recorded.status_code == 303
    html = console.get(f"/curate/entries/{entry['id']}").text
    assert "Takedown 1 recorded (ip_portal, 2026-01-05)." in html
    assert "&#34;&gt;&lt;script&gt;alert(&#34;ref&#34;)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "takedown.create" in html
    listing = console.get("/curate/takedowns").text
    assert "ip_portal" in listing and "&lt;script&gt;" in listing and "<script>alert" not in listing
    early = console.post("/curate/takedowns/1/answer", data={
        "csrf_token": csrf_of(html), "outcome": "removed", "answered_at": "2026-01-01"})
    assert "cannot be before" in console.get(early.headers["Location"]).text
    answered = console.post("/curate/takedowns/1/answer", data={
        "csrf_token": csrf_of(html), "outcome": "removed", "answered_at": "2026-01-20"})
    assert answered.headers["Location"] == f"/curate/entries/{entry['id']}"
    assert "Takedown 1: removed on 2026-01-20." in console.get(answered.headers["Location"]).text
    assert "No takedown awaits an answer." in console.get("/curate/takedowns").text


@pytest.mark.parametrize("data, field", [
    ({"channel": "pigeon", "reported_at": "2026-01-05"}, "channel"),
    ({"channel": "email", "reported_at": "2999-01-01"}, "reported_at"),
    ({"channel": "email", "reported_at": "5 Jan"}, "reported_at"),
    ({"channel": "email", "reported_at": "2026-01-05", "reference": "r" * 301}, "reference"),
])
def test_a_bad_takedown_form_is_a_400_naming_the_field(console, disputed, data, field):
    entry, _dispute_id = disputed
    page = console.get(f"/curate/entries/{entry['id']}")
    response = console.post(f"/curate/entries/{entry['id']}/takedowns",
                            data={"csrf_token": csrf_of(page.text), **data})
    assert response.status_code == 400 and f"`{field}`" in response.text
    assert "Takedown 1" not in console.get(f"/curate/entries/{entry['id']}").text


def test_a_takedown_needs_the_csrf_token(console, disputed):
    entry, _dispute_id = disputed
    response = console.post(f"/curate/entries/{entry['id']}/takedowns", data={
        "channel": "email", "reported_at": "2026-01-05"})
    assert response.status_code == 400
    assert "No takedown awaits an answer." in console.get("/curate/takedowns").text
