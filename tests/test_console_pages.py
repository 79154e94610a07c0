"""The console's error pages, the rules and brands editor (admins) and the import page."""

import re

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
