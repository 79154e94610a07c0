"""CORS as the contract says: public reads answer any web origin; writes and maintainer
routes never grant one, for every route the app has (the url_map is walked, so routes
added later are covered)."""

import json
import re
import urllib.request

import pytest

from backend import create_app

from tests.live import (  # noqa: F401 (fixtures are found by name)
    CHROMIUM_ARGS, chromium, live_backend, playwright_session, serving_pages,
)

FOREIGN = "https://shop-that-wants-reports.example"
API = "/api/v1"
# The contract's public reads ("Who may call what from a web page"), restated here on
# purpose: the test holds backend/cors.py to the contract, not to itself.
CONTRACT_PUBLIC_READS = {
    ("GET", "/health"), ("GET", "/check"), ("POST", "/check"), ("GET", "/export"),
    ("GET", "/changes"), ("GET", "/openapi.json"), ("GET", "/transparency"),
    ("GET", "/prefixes"), ("GET", "/hashes/<>"), ("GET", "/rulefile"), ("GET", "/reports/<>"),
    ("GET", "/disputes/<>"),
}
# Minimal bodies, so the calls reach the code rather than stopping at validation.
BODIES = {
    ("POST", "/check"): {"url": "https://cheap-watches-outlet.example/"},
    ("POST", "/reports"): {"url": "https://cheap-watches-outlet.example/", "reason": "counterfeit"},
}


def api_calls(app):
    """(method, contract path, concrete URL) for every method of every route under /api/v1."""
    calls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API + "/"):
            continue
        path = re.sub(r"<[^>]*>", "<>", rule.rule[len(API):])
        url = re.sub(r"<(?:int:)[^>]*>", "1", rule.rule)
        url = re.sub(r"<[^>]*>", "abc", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            calls.append((method, path, url))
    return calls


def pending_reports(client, maintainer) -> int:
    queue = client.get(f"{API}/review/queue", headers=maintainer).get_json()
    return sum(item["count"] for item in queue["items"])


def test_the_walk_sees_the_routes_it_must_judge(app):
    walked = {(method, path) for method, path, _url in api_calls(app)}
    assert {("GET", "/health"), ("POST", "/check"), ("POST", "/reports"),
            ("GET", "/reports/<>"), ("POST", "/reports/<>/decision"),
            ("GET", "/review/queue"), ("DELETE", "/entries/<>")} <= walked


def test_preflights_are_granted_for_public_reads_and_refused_for_everything_else(
        app, client):
    wrong = []
    for method, path, url in api_calls(app):
        response = client.options(url, headers={
            "Origin": FOREIGN, "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type"})
        granted = response.headers.get("Access-Control-Allow-Origin")
        if (method, path) in CONTRACT_PUBLIC_READS:
            allowed = response.headers.get("Access-Control-Allow-Methods", "")
            if response.status_code != 200 or granted != "*" or method not in allowed:
                wrong.append((method, path, response.status_code, granted, allowed))
        elif (response.status_code != 403 or granted is not None
              or response.get_json()["error"]["code"] != "forbidden"):
            wrong.append((method, path, response.status_code, granted))
    assert wrong == []


def test_foreign_origin_requests_get_cors_headers_only_on_public_reads(
        app, client, admin):
    wrong = []
    for method, path, url in api_calls(app):
        # An admin's token too: refusal must not depend on the caller lacking rights.
        response = client.open(url, method=method, json=BODIES.get((method, path)),
                               headers={"Origin": FOREIGN, **admin})
        granted = response.headers.get("Access-Control-Allow-Origin")
        if (method, path) in CONTRACT_PUBLIC_READS:
            if granted != "*" or response.status_code >= 500:
                wrong.append((method, path, response.status_code, granted))
        elif response.status_code != 403 or granted is not None:
            wrong.append((method, path, response.status_code, granted))
    assert wrong == []


def test_a_cross_site_report_is_refused_and_nothing_is_stored(client, maintainer):
    body = BODIES[("POST", "/reports")]
    json_post = client.post(f"{API}/reports", json=body, headers={"Origin": FOREIGN})
    # What a page can send without a preflight: a text/plain "simple" request.
    simple_post = client.post(f"{API}/reports", data=str(body).replace("'", '"'),
                              content_type="text/plain", headers={"Origin": FOREIGN})
    sandboxed = client.post(f"{API}/reports", json=body, headers={"Origin": "null"})
    for response in (json_post, simple_post, sandboxed):
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"
        assert "Access-Control-Allow-Origin" not in response.headers
    assert pending_reports(client, maintainer) == 0


def test_the_extension_the_console_and_non_browsers_may_still_report(app, maintainer):
    client = app_with(app, CONSOLE_ORIGINS=["https://radar.example"]).test_client()
    body = BODIES[("POST", "/reports")]
    for number, origin in enumerate(
            ("chrome-extension://abcdefghijklmnop", "https://radar.example", None)):
        headers = {"Origin": origin} if origin else {}
        response = client.post(f"{API}/reports", json=body, headers=headers,
                               environ_base={"REMOTE_ADDR": f"198.51.{number}.1"})
        assert response.status_code == 201, origin
        assert "Access-Control-Allow-Origin" not in response.headers
    assert pending_reports(client, maintainer) == 3


def test_a_page_whose_host_points_at_the_api_is_still_foreign(client, maintainer):
    """DNS rebinding: evil.example resolves to the API; its pages send a matching Host."""
    for origin, host in (("http://evil.example", "evil.example"),
                         ("http://localhost", "localhost")):
        response = client.post(f"{API}/reports", json=BODIES[("POST", "/reports")],
                               headers={"Origin": origin, "Host": host})
        assert response.status_code == 403, origin
    assert pending_reports(client, maintainer) == 0


def test_a_public_read_answers_a_foreign_page_with_the_headers_it_needs(client):
    response = client.get(f"{API}/check", query_string={"url": "https://example.com/"},
                          headers={"Origin": FOREIGN})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(f"{API}/check", headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, POST"
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


def test_a_public_read_refuses_a_preflight_for_a_method_it_does_not_offer(client):
    response = client.options(f"{API}/reports/abc", headers={
        "Origin": FOREIGN, "Access-Control-Request-Method": "DELETE"})
    assert response.status_code == 403
    assert "Access-Control-Allow-Origin" not in response.headers


def app_with(app, **settings):
    """Another app over the same database, made with these settings."""
    keys = ("TESTING", "DATABASE", "SEED_DIR", "AUTO_INIT_DB", "COMPILE_AT_START",
            "SUBMITTER_SECRET")
    return create_app({**{key: app.config[key] for key in keys}, **settings})


def test_cors_origins_narrows_the_public_reads_to_the_listed_origins(app):
    client = app_with(app, CORS_ORIGINS=["https://partner.example"]).test_client()
    listed = client.get(f"{API}/health", headers={"Origin": "https://partner.example"})
    other = client.get(f"{API}/health", headers={"Origin": FOREIGN})
    assert listed.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Origin" in listed.headers["Vary"]
    assert "Access-Control-Allow-Origin" not in other.headers
    # Listing an origin never opens a write to it.
    client = app_with(app, CORS_ORIGINS=[FOREIGN]).test_client()
    write = client.post(f"{API}/reports", json=BODIES[("POST", "/reports")],
                        headers={"Origin": FOREIGN})
    assert write.status_code == 403


def test_requests_without_an_origin_get_no_cors_headers(client):
    response = client.get(f"{API}/health")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


# --- in real Chromium: a page on another origin and the live server ----------------------

HONEST_SHOP = "https://honest-watch-shop.example/product/1"
LISTED_URL = "https://www.amazon.com/dp/B0DEMO0001?smid=A0DEMOFAKE0001"


@pytest.fixture(scope="module")
def foreign_page():
    """http://127.0.0.1:<port>/: a web page on an origin other than the API's."""
    page = "<!DOCTYPE html><title>A shop that wants reports</title><p>Hello"
    with serving_pages({}, default=page) as port:
        yield f"http://127.0.0.1:{port}/"


def queued_targets(live, token) -> list[str]:
    request = urllib.request.Request(f"{live.base}{API}/review/queue",
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return [item["target"]["key"] for item in json.load(response)["items"]]


FETCHES = """async ([api, shop, listed]) => {
    const call = async (path, init = {}) => {
        try {
            const response = await fetch(api + path, init);
            return {status: response.status, type: response.type,
                    body: response.type === 'opaque' ? null : await response.json()};
        } catch (error) {
            return {error: String(error)};
        }
    };
    const report = JSON.stringify({url: shop, reason: 'counterfeit'});
    return {
        reportJson: await call('/api/v1/reports', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: report}),
        // No preflight for these two: the request reaches the server, which must refuse it.
        reportSimple: await call('/api/v1/reports', {method: 'POST',
            headers: {'Content-Type': 'text/plain'}, body: report}),
        reportNoCors: await call('/api/v1/reports', {method: 'POST', mode: 'no-cors',
            headers: {'Content-Type': 'text/plain'}, body: report}),
        checkGet: await call('/api/v1/check?url=' + encodeURIComponent(listed)),
        checkPost: await call('/api/v1/check', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({url: listed})}),
    };
}"""


def test_in_chromium_a_page_on_another_origin_cannot_report_but_can_check(
        live_backend, chromium, playwright_session, foreign_page):
    browser = playwright_session.chromium.launch(
        executable_path=chromium, headless=False, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto(foreign_page)
        outcome = page.evaluate(FETCHES, [live_backend.base, HONEST_SHOP, LISTED_URL])
    finally:
        browser.close()
    for attempt in ("reportJson", "reportSimple"):
        assert "Failed to fetch" in outcome[attempt].get("error", ""), outcome[attempt]
    assert outcome["reportNoCors"] == {"status": 0, "type": "opaque", "body": None}
    for attempt in ("checkGet", "checkPost"):
        assert outcome[attempt]["status"] == 200, outcome[attempt]
        assert outcome[attempt]["body"]["verdict"] == "counterfeit", outcome[attempt]
    token = live_backend.flask("create-token", "cors-reviewer", "--role", "maintainer").split()[-1]
    assert "honest-watch-shop.example" not in queued_targets(live_backend, token)
    # The same report from outside a browser is accepted: the refusal is the page's origin.
    direct = urllib.request.Request(
        f"{live_backend.base}{API}/reports", method="POST",
        data=json.dumps({"url": HONEST_SHOP, "reason": "counterfeit"}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(direct, timeout=10) as response:
        assert response.status == 201
    assert "honest-watch-shop.example" in queued_targets(live_backend, token)
