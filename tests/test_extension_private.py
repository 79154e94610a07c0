"""The extension's private mode end to end in real Chromium (issue 10, "Done when").

Chromium runs with the extension and with every request that leaves it going through a
recording HTTP proxy (loopback included), which forwards to the real backend: what the proxy
records is everything the backend (or anyone else) receives from the browser. Pages are served
at their real URLs by Playwright's routing (answered inside the browser, so they never reach
the proxy). Set RADAR_SCREENSHOTS=1 to refresh docs/screenshot-first-run.png,
docs/screenshot-private-mode.png and docs/screenshot-full-mode.png from the run.
"""

import gzip
import hashlib
import json
import os
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from tests.live import DIRECT, chromium, forward, free_port, live_backend, playwright_session  # noqa: F401 (fixtures)
from tests.test_extension import (
    BANNER, CORPUS, DOCS, EXTENSION, LISTED_SELLER_ID, LISTED_SELLER_URL, BannerView, Browser,
    banner_verdict, content_script_world, fixture_html, is_web_page, stored,
)

LISTED_SHOP_URL = "https://demo-fake-shop.example/products/air-max-90"
LISTED_SHOP_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Nike Air Max 90</title></head><body><h1>Nike Air Max 90</h1>
<p>Free shipping on all orders.</p></body></html>"""
UNLISTED_SHOP_URL = "https://www.honest-garden-supplies.com/products/watering-can?ref=search"
UNLISTED_SHOP_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Galvanised watering can, 9 l</title></head><body><h1>Galvanised watering can, 9 l</h1>
</body></html>"""
# A real Amazon product page of the corpus; neither its seller nor its listing is listed.
UNLISTED_LISTING_FILE = "metascraper-amazon-com_ansi-url.html.gz"
UNLISTED_LISTING_URL = "https://www.amazon.com/SainSmart-101-70-101-4-Channel-Relay-Module/dp/B0057OC5O8"
UNLISTED_LISTING_KEYS = ["listing:amazon:B0057OC5O8", "seller:amazon:A1CJB5SYI9X4XC"]
LISTED_KEYS = ["domain:demo-fake-shop.example", f"seller:amazon:{LISTED_SELLER_ID}",
               "listing:amazon:B0DEMO0001"]
# The public list downloads, the only requests allowed before the shopper chooses a mode.
LIST_DOWNLOADS = {"/api/v1/prefixes", "/api/v1/rulefile"}


def host_of(entry):
    """The host a recorded request went to (CONNECT names host:port)."""
    return urlsplit(entry["url"] if "//" in entry["url"] else f"//{entry['url']}").hostname


def key_hash(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


# --- the recording proxy ----------------------------------------------------------------------

class Recorder:
    """Every request the browser sent out: {method, url, path, headers, body}."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []

    def add(self, entry):
        with self.lock:
            self.requests.append(entry)

    def snapshot(self):
        with self.lock:
            return list(self.requests)

    def clear(self):
        with self.lock:
            self.requests.clear()

    def text(self, except_hosts=()):
        """All that was sent, as one string to search: URLs, headers and bodies; leaving out
        the requests to except_hosts (the browser loading the visited pages themselves)."""
        return "\n".join(f"{entry['method']} {entry['url']}\n{json.dumps(entry['headers'])}\n"
                         f"{entry['body'].decode('utf-8', 'replace')}" for entry in self.snapshot()
                         if host_of(entry) not in except_hosts)


class RecordingProxy(BaseHTTPRequestHandler):
    """A forward HTTP proxy: records each request, then forwards it (HTTPS tunnels refused)."""

    def log_message(self, *args):  # quiet
        pass

    def do_CONNECT(self):
        self.server.recorder.add({"method": "CONNECT", "url": self.path, "path": "",
                                  "headers": dict(self.headers), "body": b""})
        self.send_error(502)

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.recorder.add({"method": self.command, "url": self.path,
                                  "path": urlsplit(self.path).path,
                                  "headers": dict(self.headers), "body": body})
        forward(self, body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = forward


@pytest.fixture(scope="module")
def recorder():
    """The recording proxy, running; yields its Recorder (with .port)."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), RecordingProxy)
    server.recorder = Recorder()
    server.recorder.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.recorder
    finally:
        server.shutdown()
        server.server_close()


class PrivateBrowser(Browser):
    """Chromium as a new user has it: the first-run page open, no mode chosen yet."""

    def __init__(self, context, api_base):  # noqa: super().__init__ would choose a mode
        self.context = context
        self.routes = {}
        self.extension_id = self.worker().url.split("/")[2]
        # Only the address, as an operator's build would ship it; the mode stays unchosen.
        self.evaluate("(apiBase) => chrome.storage.local.set({settings: {apiBase}})", api_base)

    def page_at(self, suffix, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for page in self.context.pages:
                if page.url.endswith(suffix):
                    return page
            # A call into the browser lets Playwright take in the pages opened meanwhile.
            self.evaluate("() => new Promise((done) => setTimeout(done, 100))")
        raise AssertionError(f"no tab shows {suffix}")


@pytest.fixture(scope="module")
def radar(playwright_session, chromium, live_backend, recorder, tmp_path_factory):
    profile = tmp_path_factory.mktemp("private-profile")
    context = playwright_session.chromium.launch_persistent_context(
        str(profile), executable_path=chromium, headless=False,
        viewport={"width": 1100, "height": 760},
        args=["--headless=new", f"--disable-extensions-except={EXTENSION}",
              f"--load-extension={EXTENSION}", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", f"--proxy-server=http://127.0.0.1:{recorder.port}",
              # Chromium sends nothing for loopback through a proxy unless told to.
              "--proxy-bypass-list=<-loopback>"])
    try:
        browser = PrivateBrowser(context, live_backend.base)
        context.route(is_web_page, browser.handle)
        yield browser
    finally:
        context.close()


def check_directly(backend, body):
    """POST /check straight to the backend (not through the browser or the proxy)."""
    request = urllib.request.Request(f"{backend}/api/v1/check", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with DIRECT.open(request, timeout=10) as response:
        return json.load(response)


def paths(recorded):
    return [entry["path"] for entry in recorded]


def to_backend(recorded, backend):
    """The recorded requests that reached the backend. The others are Chromium's own (e.g. a
    CONNECT to accounts.google.com); none of them may come from the extension."""
    address = urlsplit(backend).netloc
    ours = [entry for entry in recorded if urlsplit(entry["url"]).netloc == address]
    for entry in recorded:
        if entry not in ours:
            assert "chrome-extension://" not in json.dumps(entry["headers"]), entry
    return ours


def banner_reasons(page):
    banner = BannerView(page)
    return [banner.text(item) for item in banner.elements("li")]


# --- first run ----------------------------------------------------------------------------------

def test_first_run_offers_private_preselected_and_nothing_but_the_lists_goes_out_before(radar, recorder, live_backend):
    onboarding = radar.page_at("/onboarding.html")
    onboarding.set_viewport_size({"width": 900, "height": 1000})
    onboarding.wait_for_selector("body[data-ready='true']")
    assert onboarding.is_checked("#mode-private")
    assert not onboarding.is_checked("#mode-full")
    text = onboarding.inner_text("body")
    for words in ("Private (recommended)", "Full check", "What leaves your browser",
                  "shops that are not on the list are never sent anywhere"):
        assert words in text, words
    assert onboarding.get_attribute("#privacy-link", "href") == "privacy.html"
    # Browsing before the choice: a listed seller's page is checked in the browser only.
    since = radar.evaluate("() => Date.now()")
    page = radar.context.new_page()
    radar.serve(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    page.goto(LISTED_SELLER_URL, wait_until="domcontentloaded")
    radar.tab_state(page.url, since)
    page.close()
    before = to_backend(recorder.snapshot(), live_backend.base)
    assert before, "the list downloads go out at once"
    for entry in before:
        assert entry["method"] == "GET" and entry["path"] in LIST_DOWNLOADS, entry
    if os.environ.get("RADAR_SCREENSHOTS"):
        onboarding.screenshot(path=str(DOCS / "screenshot-first-run.png"), full_page=True)
    onboarding.click("#mode-confirm")
    onboarding.wait_for_selector("body[data-mode='private']")
    assert stored(radar, "settings") == {"apiBase": live_backend.base, "mode": "private", "modeChosen": True}
    policy = radar.context.new_page()
    policy.goto(f"chrome-extension://{radar.extension_id}/privacy.html")
    assert "Private mode (the default)" in policy.inner_text("body")
    policy.close()


# --- issue 10's "Done when" -----------------------------------------------------------------

def test_private_mode_tells_the_backend_nothing_about_unlisted_pages(radar, recorder, live_backend):
    recorder.clear()
    corpus_html = gzip.decompress((CORPUS / UNLISTED_LISTING_FILE).read_bytes()).decode("utf-8", "replace")

    # An unlisted shop: nothing is sent, no banner.
    radar.serve(UNLISTED_SHOP_URL, UNLISTED_SHOP_HTML)
    unlisted_shop = radar.context.new_page()
    unlisted_shop.goto(UNLISTED_SHOP_URL, wait_until="load")
    # An unlisted marketplace listing: checked in the browser, verdict unknown, no banner.
    unlisted_listing, unlisted_state = radar.open(UNLISTED_LISTING_URL, corpus_html)
    assert unlisted_state["status"] == "checked", unlisted_state
    assert unlisted_state["result"]["verdict"] == "unknown", unlisted_state["result"]
    # A listed shop: the navigation check finds its domain, and the banner comes.
    listed_shop, listed_shop_state = radar.open(LISTED_SHOP_URL, LISTED_SHOP_HTML)
    assert banner_verdict(listed_shop) == "counterfeit"
    # A listed seller's listing.
    listed_listing, listed_state = radar.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    assert banner_verdict(listed_listing) == "counterfeit"
    unlisted_shop.wait_for_timeout(1000)  # time for anything still on its way out
    assert unlisted_shop.locator(BANNER).count() == 0
    assert unlisted_listing.locator(BANNER).count() == 0

    # The listed pages show the full reasons: those POST /check gives for the same page.
    for page, url, html in ((listed_shop, LISTED_SHOP_URL, LISTED_SHOP_HTML),
                            (listed_listing, LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))):
        state = radar.tab_state(page.url, 0)
        server = check_directly(live_backend.base, {"url": url, "html": html})
        assert state["result"]["verdict"] == server["verdict"], (state["result"], server)
        assert sorted((reason["code"], reason["severity"]) for reason in state["result"]["reasons"]) == \
            sorted((reason["code"], reason["severity"]) for reason in server["reasons"])
        shown = banner_reasons(page)
        warnings = [reason["message"] for reason in server["reasons"] if reason["severity"] in ("high", "medium")]
        assert len(shown) == len(warnings) and all(any(text.startswith(message) for text in shown)
                                                   for message in warnings), (shown, warnings)
    assert listed_state["result"]["page"]["seller_id"] == LISTED_SELLER_ID

    recorded = to_backend(recorder.snapshot(), live_backend.base)
    assert "/api/v1/check" not in paths(recorded)
    listed_prefixes = {key_hash(key)[:8] for key in LISTED_KEYS}
    asked = {path.rsplit("/", 1)[1] for path in paths(recorded) if path.startswith("/api/v1/hashes/")}
    assert asked and asked <= listed_prefixes, asked
    for entry in recorded:
        assert entry["method"] == "GET", entry
        assert entry["path"] in LIST_DOWNLOADS or entry["path"].startswith("/api/v1/hashes/"), entry
    # Everything that left the browser, not only to the backend, but for the page loads
    # themselves (Chromium connects to a shop to show it).
    visited = {urlsplit(url).hostname for url in (UNLISTED_SHOP_URL, UNLISTED_LISTING_URL,
                                                  LISTED_SHOP_URL, LISTED_SELLER_URL)}
    sent = recorder.text(except_hosts=visited).lower()
    secrets = ["honest-garden-supplies", "watering", "ref=search", "B0057OC5O8", "A1CJB5SYI9X4XC",
               "SainSmart", "relay"]
    for key in UNLISTED_LISTING_KEYS + ["domain:honest-garden-supplies.com"]:
        secrets += [key, key_hash(key), key_hash(key)[:8]]
    for secret in secrets:
        assert secret.lower() not in sent, secret
    for page in (unlisted_shop, unlisted_listing, listed_shop, listed_listing):
        page.close()


# --- options, and who may change them -------------------------------------------------------

def test_options_show_the_mode_and_the_list_in_the_browser(radar):
    options = radar.context.new_page()
    options.set_viewport_size({"width": 900, "height": 1150})
    options.goto(f"chrome-extension://{radar.extension_id}/options.html")
    options.wait_for_selector("body[data-ready='true']")
    try:
        assert options.is_checked("#mode-private")
        assert options.get_attribute("#privacy-link", "href") == "privacy.html"
        status = options.locator("#list-status")
        version = radar.evaluate("async () => (await chrome.storage.local.get('lookupSet')).lookupSet.version")
        assert status.get_attribute("data-version") == str(version)
        assert "last updated" in status.inner_text()
        if os.environ.get("RADAR_SCREENSHOTS"):
            options.screenshot(path=str(DOCS / "screenshot-private-mode.png"), full_page=True)
        options.check("#mode-full")
        options.click("button[type=submit]")
        options.wait_for_selector("body[data-mode='full']")
        assert stored(radar, "settings")["mode"] == "full"
        if os.environ.get("RADAR_SCREENSHOTS"):
            options.screenshot(path=str(DOCS / "screenshot-full-mode.png"), full_page=True)
        options.check("#mode-private")
        options.click("button[type=submit]")
        options.wait_for_selector("body[data-mode='private']")
    finally:
        options.close()
    assert stored(radar, "settings")["mode"] == "private"


def test_a_page_cannot_switch_the_mode(radar):
    page, _ = radar.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    banner_verdict(page)
    settings = stored(radar, "settings")
    try:
        # The shop's own scripts have no way to the worker at all.
        assert page.evaluate("typeof globalThis.chrome?.runtime?.sendMessage") == "undefined"
        # Our content script's world on the page (a compromised content script) is refused.
        cdp, world = content_script_world(radar, page)
        replies = cdp.send("Runtime.evaluate", {"contextId": world, "awaitPromise": True, "returnByValue": True,
                                                "expression": """(async () => {
            const ask = (message) => chrome.runtime.sendMessage(message);
            return {
                saveSettings: await ask({what: 'saveSettings', settings: {mode: 'full'}}),
                getListStatus: await ask({what: 'getListStatus'}),
                previewReport: await ask({what: 'previewReport', reason: 'other'}),
            };
        })()"""})["result"]["value"]
        for what, reply in replies.items():
            assert reply == {"ok": False, "error": f"Refused: a content script may not send {what}"}, replies
        assert stored(radar, "settings") == settings
    finally:
        page.close()


def test_a_report_is_sent_only_after_its_preview_and_exactly_as_shown(radar, recorder):
    page, state = radar.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    popup = radar.open_popup(state["tabId"], "#report")
    try:
        assert popup.locator("#mode-line").inner_text().startswith("Private mode")
        popup.select_option("#report-reason", "counterfeit")
        popup.fill("#report-details", "Arrived with a misspelled logo.")
        recorder.clear()
        popup.click("#report-preview-button")
        popup.wait_for_selector("#report-preview:not([hidden])")
        shown = json.loads(popup.inner_text("#report-preview-body"))
        assert shown["url"] == LISTED_SELLER_URL and shown["details"] == "Arrived with a misspelled logo."
        assert "X-Install-Id" in popup.inner_text("#report-preview-header")
        assert "/api/v1/reports" in popup.inner_text("#report-preview-to")
        popup.wait_for_timeout(300)
        assert "/api/v1/reports" not in paths(recorder.snapshot()), "the preview sent nothing"
        popup.click("#report-send")
        popup.wait_for_selector("#report-status[data-report-id]")
        [sent] = [entry for entry in recorder.snapshot() if entry["path"] == "/api/v1/reports"]
        assert sent["method"] == "POST"
        assert json.loads(sent["body"]) == shown
        assert {name.lower() for name in sent["headers"]} >= {"x-install-id"}
    finally:
        popup.close()
        page.close()
