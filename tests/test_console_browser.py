"""The maintainers' console in real Chromium against live gunicorn: sign in, triage with the
keyboard, hostile reports stay inert, CSRF and SameSite=Strict hold; screenshots for docs/
(with RADAR_SCREENSHOTS=1)."""

import json
import os
import urllib.request

import pytest

from tests.live import (  # noqa: F401 (fixtures are found by name)
    CHROMIUM_ARGS, ROOT, chromium, live_backend, playwright_session, serving_pages,
)

SELLER_URL = "https://www.ebay.com/itm/123456789012"
XSS_DETAILS = '<script>alert("details")</script><img src=x onerror=alert(3)> javascript:alert(1)'
XSS_SELLER = '"><img src=x onerror=alert(1)>'
XSS_SNAPSHOT = ("<html><body><h1 id='itemTitle'><a href=\"javascript:alert(2)\">click</a></h1>"
                "<script>alert('snapshot')</script></body></html>")



def refresh_screenshot(page, name: str) -> None:
    """docs/<name> from this page, with RADAR_SCREENSHOTS=1 only: a test run changes no
    tracked file."""
    if os.environ.get("RADAR_SCREENSHOTS"):
        page.screenshot(path=str(ROOT / "docs" / name), full_page=True)

def post_json(base, path, body, address_header=None):
    request = urllib.request.Request(base + path, method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def send_report(base, seller_id, **fields):
    return post_json(base, "/api/v1/reports", {
        "url": SELLER_URL, "reason": "counterfeit", "seller": {"id": seller_id}, **fields})


@pytest.fixture(scope="module")
def browser(chromium, playwright_session):
    browser = playwright_session.chromium.launch(executable_path=chromium, headless=False,
                                                 args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def token(live_backend):
    return live_backend.flask("create-token", "browser-mia").split()[-1]


@pytest.fixture(scope="module")
def other_site():
    """A page on another site (localhost vs 127.0.0.1) whose form posts to the console."""
    pages = {}
    with serving_pages(pages) as port:
        yield f"http://localhost:{port}", pages


def signed_in_page(browser, base, token):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    events = []
    page.on("dialog", lambda dialog: (events.append(("dialog", dialog.message)),
                                      dialog.dismiss()))
    page.on("console", lambda message: events.append(("console", message.text)))
    page.goto(f"{base}/curate/")
    assert "/curate/sign-in" in page.url
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert page.url == f"{base}/curate/queue", (page.url, page.content()[:2000])
    return context, page, events


def test_triage_with_the_keyboard_approves_and_the_check_then_says_counterfeit(
        live_backend, browser, token):
    base = live_backend.base
    send_report(base, "kbd_seller_1", details="Fake watch, bought one.")
    send_report(base, "kbd_seller_2", details="Second target.")
    context, page, events = signed_in_page(browser, base, token)
    try:
        assert page.locator("[data-target]").count() >= 2
        refresh_screenshot(page, "screenshot-console-queue.png")
        page.keyboard.press("j")
        selected = page.locator("article.target.selected")
        assert selected.count() == 1
        if "kbd_seller_1" not in selected.inner_text():
            page.keyboard.press("j")
            if "kbd_seller_1" not in page.locator("article.target.selected").inner_text():
                page.keyboard.press("k")
                page.keyboard.press("k")
        target = page.locator("article.target.selected")
        assert "kbd_seller_1" in target.inner_text()
        target.locator("input[name=note]").fill("checked the listing photos")
        page.evaluate("document.activeElement.blur()")  # out of the note field
        page.keyboard.press("a")
        page.wait_for_selector("p.flash.done")
        assert "Approved 1 report(s)" in page.inner_text("p.flash.done")
    finally:
        context.close()
    check = post_json(base, "/api/v1/check", {"url": SELLER_URL, "seller": {"id": "kbd_seller_1"}})
    assert check["verdict"] == "counterfeit"
    assert not [event for event in events if event[0] == "dialog"]


def test_a_hostile_report_renders_inert(live_backend, browser, token):
    base = live_backend.base
    send_report(base, "xss_seller_1", details=XSS_DETAILS,
                seller={"id": "xss_seller_1", "name": XSS_SELLER}, html=XSS_SNAPSHOT)
    context, page, events = signed_in_page(browser, base, token)
    try:
        page.wait_for_timeout(300)
        text = page.inner_text("main")
        assert XSS_SELLER in text and '<script>alert("details")</script>' in text
        assert page.locator("main img").count() == 0
        assert page.locator("main a[href^='javascript']").count() == 0
        assert page.locator("script").count() == 1  # console.js alone
    finally:
        context.close()
    assert events == [], events


def test_a_post_without_the_csrf_token_is_refused(live_backend, browser, token):
    base = live_backend.base
    context, page, _events = signed_in_page(browser, base, token)
    try:
        with page.expect_navigation():
            page.evaluate("""() => {
                document.querySelector('form.signout input[name=csrf_token]').remove();
                document.querySelector('form.signout').submit();
            }""")
        assert "csrf_failed" in page.content()
        page.goto(f"{base}/curate/queue")
        assert page.url == f"{base}/curate/queue"  # still signed in: nothing happened
    finally:
        context.close()


def test_a_form_on_another_site_reaches_the_console_signed_out(
        live_backend, browser, token, other_site):
    base = live_backend.base
    origin, pages = other_site
    context, page, _events = signed_in_page(browser, base, token)
    try:
        pages["/attack"] = (f"<form method=post action='{base}/curate/sign-out'>"
                            "<input name=x value=1></form>"
                            "<script>document.forms[0].submit()</script>")
        page.goto(f"{origin}/attack")
        page.wait_for_url(f"{base}/curate/sign-out")
        # The browser sent no session cookie (SameSite=Strict): the post arrives signed
        # out (401), though this browser is signed in. Its foreign Origin alone would be 403.
        assert "Sign in to the console first" in page.inner_text("main")
        # A link on the other site: the cookie stays home on that first request; the console
        # answers with a same-site reload, and the maintainer lands signed in.
        pages["/link"] = f"<a id=go href='{base}/curate/queue'>queue</a>"
        page.goto(f"{origin}/link")
        page.click("#go")
        page.wait_for_selector("h1:has-text('Review queue')")
        assert page.url == f"{base}/curate/queue"
    finally:
        context.close()


def test_an_entry_history_page(live_backend, browser, token):
    base = live_backend.base
    context, page, _events = signed_in_page(browser, base, token)
    try:
        page.goto(f"{base}/curate/entries?key=kbd_seller_1")
        page.click("table.entries a")
        page.wait_for_selector("h2:has-text('History')")
        assert "report.approve" not in page.inner_text("main")  # the report's, not the entry's
        assert "entry.create" in page.inner_text("main")
        assert "checked the listing photos" in page.inner_text("main")
        refresh_screenshot(page, "screenshot-console-entry.png")
    finally:
        context.close()


def test_a_dispute_is_upheld_and_a_takedown_recorded_in_the_console(live_backend, browser, token):
    base = live_backend.base
    send_report(base, "dispute_seller_1", details="fake")
    context, page, events = signed_in_page(browser, base, token)
    try:
        target = page.locator("article.target", has_text="dispute_seller_1")
        target.locator("button[value=approve]").click()
        page.wait_for_selector("p.flash.done")
        entry_id = int(page.inner_text("p.flash.done").rsplit("entry ", 1)[1].rstrip("."))
        page.goto(f"{base}/curate/entries/{entry_id}")
        page.select_option("form.takedown-record select[name=channel]", "ip_portal")
        page.fill("form.takedown-record input[name=reported_at]", "2026-01-05")
        page.fill("form.takedown-record input[name=reference]", '"><script>alert(9)</script>')
        page.click("form.takedown-record button")
        page.wait_for_selector("p.flash.done")
        assert "recorded (ip_portal, 2026-01-05)" in page.inner_text("p.flash.done")
        assert '"><script>alert(9)</script>' in page.inner_text("main")
        filed = post_json(base, "/api/v1/disputes", {
            "entry_id": entry_id, "statement": '<img src=x onerror=alert(8)> genuine stock',
            "evidence_urls": ["https://invoices.example/1"]})
        page.goto(f"{base}/curate/disputes")
        page.click(f"a:has-text('{filed['id']}')")
        page.wait_for_selector("form.dispute-decision")
        assert "<img src=x onerror=alert(8)>" in page.inner_text("main")
        assert page.locator("main img").count() == 0
        assert page.get_attribute("ul.evidence a", "rel") == "noopener noreferrer nofollow"
        page.fill("textarea[name=reply]", "Invoices check out; delisted.")
        refresh_screenshot(page, "screenshot-console-dispute.png")
        page.click("button[value=uphold]")
        page.wait_for_selector("p.flash.done")
        assert f"entry {entry_id} left the list" in page.inner_text("p.flash.done")
    finally:
        context.close()
    check = post_json(base, "/api/v1/check", {"url": SELLER_URL,
                                              "seller": {"id": "dispute_seller_1"}})
    assert check["verdict"] != "counterfeit"
    assert not [event for event in events if event[0] == "dialog"]
