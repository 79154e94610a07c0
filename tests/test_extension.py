"""The browser extension: its node tests, web-ext lint, and end to end in real Chromium.

The end-to-end tests start the real backend (gunicorn on a free port, demo database), load
extension/ unpacked into Debian's Chromium through Playwright, and serve marketplace pages at
their real URLs through Playwright's request routing, so content scripts match as on the
live sites. Set RADAR_SCREENSHOTS=1 to refresh docs/screenshot-banner.png and
docs/screenshot-popup.png from the run.
"""

import csv
import gzip
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import CORPUS as CORPUS_ROOT
# The live backend and Chromium, shared with tests/test_cors.py.
from tests.live import (  # noqa: F401 (fixtures are found by name)
    apt_install, backend, chromium, free_port, http_json, live_backend, playwright_session,
)

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
NODE_TESTS = ROOT / "tests" / "extension"
FIXTURES = NODE_TESTS / "fixtures"
CORPUS = CORPUS_ROOT / "pages"
DOCS = ROOT / "docs"
BANNER = "counterfeit-radar-banner"

LISTED_SELLER_URL = "https://www.amazon.com/dp/B0DEMO0001?smid=A0DEMOFAKE0001"
LISTED_SELLER_ID = "A0DEMOFAKE0001"
REPLICA_URL = "https://www.ebay.com/itm/395000000001"
# The one warning web-ext lint gives by design: Firefox ignores the Chrome-only key.
EXPECTED_LINT_WARNINGS = {"MANIFEST_FIELD_UNSUPPORTED"}


def corpus_pages():
    """(file, url) of every real, legitimate page in ../shared/corpus/pages."""
    with open(CORPUS / "manifest.csv", newline="", encoding="utf-8") as handle:
        return [(row["file"], row["url"]) for row in csv.DictReader(handle)]


@pytest.fixture(scope="session")
def node_modules():
    """The node dev tools (jsdom, web-ext) from tests/extension/package-lock.json."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        apt_install("nodejs", "npm")
    if not (NODE_TESTS / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NODE_TESTS, check=True,
                       stdout=subprocess.DEVNULL)
    return NODE_TESTS / "node_modules"


def test_node_unit_tests(node_modules):
    """The pure modules' tests (snapshot, cache, router, banner, ...) pass under node --test."""
    result = subprocess.run(["node", "--test", "tests/extension/"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    summary = result.stdout[-600:]
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in summary and "# pass 0" not in summary, summary


def test_web_ext_lint(node_modules):
    """The same folder passes Firefox's add-on linter: no errors, no unexpected warnings."""
    result = subprocess.run(
        [str(node_modules / ".bin" / "web-ext"), "lint", "--source-dir", str(EXTENSION),
         "--output", "json", "--no-config-discovery"],
        cwd=NODE_TESTS, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["errors"] == [], report["errors"]
    assert {warning["code"] for warning in report["warnings"]} <= EXPECTED_LINT_WARNINGS, report["warnings"]
    assert report["notices"] == [], report["notices"]


# --- browser -------------------------------------------------------------------------------

class Browser:
    """Chromium with the extension loaded, and helpers to reach its service worker."""

    def __init__(self, context, api_base):
        self.context = context
        self.routes = {}
        worker = self.worker()
        self.extension_id = worker.url.split("/")[2]
        self.set_settings(api_base)

    def worker(self):
        workers = self.context.service_workers
        return workers[-1] if workers else self.context.wait_for_event("serviceworker")

    def evaluate(self, script, arg=None):
        return self.worker().evaluate(script, arg)

    def set_settings(self, api_base, mode="full"):
        """Settings as if the shopper chose mode; these tests check through POST /check (full),
        tests/test_extension_private.py the private mode."""
        self.evaluate("(settings) => chrome.storage.local.set({settings})",
                      {"apiBase": api_base, "mode": mode, "modeChosen": True})

    def serve(self, url, html):
        """Answer requests for url (ignoring its query) with html from now on."""
        self.routes[url.split("?")[0]] = html

    def handle(self, route):
        """Serve our pages; refuse everything else (images, scripts of the real sites)."""
        html = self.routes.get(route.request.url.split("?")[0])
        if html is None:
            route.abort()
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    def open(self, url, html):
        """A new tab showing html at url; returns (page, the worker's state for it)."""
        self.serve(url, html)
        since = self.evaluate("() => Date.now()")
        page = self.context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        return page, self.tab_state(page.url, since)

    def tab_state(self, url, since, timeout=20):
        """Wait until the worker has checked url (after time since); returns {tabId, status, result}."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.evaluate("""async ([url, since]) => {
                const all = await chrome.storage.session.get(null);
                for (const [key, value] of Object.entries(all)) {
                    if (key.startsWith('tab:') && value.url === url && value.checkedAt >= since) {
                        return {tabId: Number(key.slice(4)), ...value};
                    }
                }
                return null;
            }""", [url, since])
            if state:
                return state
            time.sleep(0.2)
        raise AssertionError(f"the extension did not check {url}")

    def badge(self, tab_id):
        return self.evaluate("(tabId) => chrome.action.getBadgeText({tabId})", tab_id)

    def open_popup(self, tab_id, hash_=""):
        popup = self.context.new_page()
        popup.set_viewport_size({"width": 360, "height": 720})
        popup.goto(f"chrome-extension://{self.extension_id}/popup.html?tab={tab_id}{hash_}")
        popup.wait_for_selector("body[data-ready='true']")
        return popup


def is_web_page(url):
    """Requests the tests answer: the web, but not the backend on 127.0.0.1."""
    return url.startswith(("http://", "https://")) and not url.startswith("http://127.0.0.1:")


def launch(playwright, chromium, profile):
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=chromium, headless=False,
        viewport={"width": 1100, "height": 700},
        args=["--headless=new", f"--disable-extensions-except={EXTENSION}",
              f"--load-extension={EXTENSION}", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync"])


@pytest.fixture(scope="module")
def browser(playwright_session, chromium, backend, tmp_path_factory):
    context = launch(playwright_session, chromium, tmp_path_factory.mktemp("profile"))
    try:
        radar = Browser(context, backend)
        context.route(is_web_page, radar.handle)
        yield radar
    finally:
        context.close()


def banner_verdict(page, timeout=15000):
    host = page.wait_for_selector(f"{BANNER}[data-radar-verdict]", timeout=timeout)
    return host.get_attribute("data-radar-verdict")


def fixture_html(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


class BannerView:
    """The banner as Chromium draws it, read through the DevTools protocol (which reaches into
    closed shadow roots; Playwright's locators and page scripts cannot) and clicked as a
    shopper clicks: real mouse events at a button's place, which the page sees as trusted."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def host(self):
        """The host element's node, with its shadow roots, or None."""
        pending = [self.cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]]
        while pending:
            node = pending.pop()
            if node.get("localName") == BANNER:
                return node
            pending.extend(node.get("children", []))
        return None

    def shadow(self):
        [shadow] = self.host()["shadowRoots"]
        return shadow

    def elements(self, local_name):
        found, pending = [], [self.shadow()]
        while pending:
            node = pending.pop(0)
            if node.get("localName") == local_name:
                found.append(node)
            pending.extend(node.get("children", []))
        return found

    @staticmethod
    def attributes(node):
        flat = node.get("attributes", [])
        return dict(zip(flat[0::2], flat[1::2]))

    @staticmethod
    def text(node):
        if node.get("nodeType") == 3:
            return node["nodeValue"]
        return "".join(BannerView.text(child) for child in node.get("children", []))

    def heading(self):
        return self.text(self.elements("h2")[0])

    def button_centre(self, name):
        """The (x, y) on the page where the button labelled name is drawn."""
        [button] = [node for node in self.elements("button") if self.text(node) == name]
        quad = self.cdp.send("DOM.getBoxModel", {"nodeId": button["nodeId"]})["model"]["border"]
        return sum(quad[0::2]) / 4, sum(quad[1::2]) / 4

    def click(self, name):
        self.page.mouse.click(*self.button_centre(name))


# --- end to end ----------------------------------------------------------------------------

def test_banner_on_listed_sellers_page(browser):
    page, state = browser.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    assert state["status"] == "checked", state
    assert state["result"]["page"]["seller_id"] == LISTED_SELLER_ID
    assert banner_verdict(page) == "counterfeit"
    banner = BannerView(page)
    assert banner.shadow()["shadowRootType"] == "closed"
    assert banner.attributes(banner.elements("section")[0])["role"] == "alert"
    assert banner.heading() == "Likely counterfeit"
    assert any(reason["code"] == "listed_seller" for reason in state["result"]["reasons"])
    assert [banner.text(node) for node in banner.elements("button")] == ["Report", "Details", "Dismiss"]
    for name in ("Report", "Details", "Dismiss"):
        x, y = banner.button_centre(name)
        assert 0 < x < 1100 and 0 < y < 700, (name, x, y)  # on screen
    assert browser.badge(state["tabId"]) == "!!"
    if os.environ.get("RADAR_SCREENSHOTS"):
        page.screenshot(path=str(DOCS / "screenshot-banner.png"))
    # Keyboard reachable: the first Tab on the page lands inside the banner.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == BANNER.upper()
    # "Details" opens the popup for this tab as a page.
    with browser.context.expect_page() as opened:
        banner.click("Details")
    details = opened.value
    details.wait_for_selector("body[data-ready='true']")
    assert f"popup.html?tab={state['tabId']}" in details.url
    assert details.locator("#verdict-label").get_attribute("data-verdict") == "counterfeit"
    details.close()
    page.close()


def test_banner_on_replica_wording_page(browser):
    page, state = browser.open(REPLICA_URL, fixture_html("replica-wording-ebay.html"))
    assert banner_verdict(page) == "suspicious", state
    assert any(reason["code"] == "counterfeit_phrase" for reason in state["result"]["reasons"])
    assert browser.badge(state["tabId"]) == "!"
    page.close()


@pytest.mark.parametrize("file,url", corpus_pages(), ids=[file for file, _ in corpus_pages()])
def test_no_banner_on_legitimate_pages(browser, file, url):
    html = gzip.decompress((CORPUS / file).read_bytes()).decode("utf-8", errors="replace")
    page, state = browser.open(url, html)
    assert state["status"] == "checked", state
    assert state["result"]["verdict"] in ("unknown", "authorized"), state["result"]
    assert page.locator(BANNER).count() == 0
    page.close()


def test_single_page_navigation_checks_the_new_product(browser):
    file, url = next((file, url) for file, url in corpus_pages() if url.startswith("https://www.amazon.com/"))
    page, _ = browser.open(url, gzip.decompress((CORPUS / file).read_bytes()).decode("utf-8", "replace"))
    browser.serve(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    assert page.locator(BANNER).count() == 0
    since = browser.evaluate("() => Date.now()")
    # What Amazon's own scripts do: new URL and new product in place, no reload.
    page.evaluate("""(url) => {
        history.pushState({}, '', url);
        document.title = 'Amazon.com: Demo Luxury Diver Watch, Steel (fictional listing)';
        document.body.innerHTML = '<h1 id="title">Demo Luxury Diver Watch (fictional listing)</h1>'
          + '<input type="hidden" id="merchantID" value="A0DEMOFAKE0001">';
    }""", LISTED_SELLER_URL)
    state = browser.tab_state(LISTED_SELLER_URL, since)
    assert state["result"]["page"]["seller_id"] == LISTED_SELLER_ID
    assert banner_verdict(page) == "counterfeit"
    assert browser.badge(state["tabId"]) == "!!"
    # On to a page that is not a product: the warning and the badge go, nothing is sent.
    page.evaluate("history.pushState({}, '', '/gp/cart/view.html')")
    page.wait_for_selector(BANNER, state="detached")
    deadline = time.monotonic() + 10
    while browser.badge(state["tabId"]) != "" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert browser.badge(state["tabId"]) == ""
    page.close()


def test_popup_shows_the_verdict_and_page_facts(browser):
    page, state = browser.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    popup = browser.open_popup(state["tabId"])
    label = popup.locator("#verdict-label")
    assert label.get_attribute("data-verdict") == "counterfeit"
    assert label.inner_text() == "Likely counterfeit"
    facts = popup.locator("#facts").inner_text()
    assert "amazon" in facts and LISTED_SELLER_ID in facts
    assert popup.locator("#reasons li").count() >= 1
    popup.close()
    page.close()


def test_report_from_the_popup_reaches_the_backend(browser, backend):
    page, state = browser.open(REPLICA_URL, fixture_html("replica-wording-ebay.html"))
    popup = browser.open_popup(state["tabId"], "#report")
    popup.select_option("#report-reason", "replica_wording")
    popup.fill("#report-details", "The title says 1:1 super clone.")
    popup.fill("#report-evidence", "https://example.org/evidence/1")
    # Full check already sends this page with each check: attaching it is ticked by default.
    assert popup.is_checked("#report-attach-page")
    popup.click("#report-preview-button")  # the shopper sees what will be sent, then sends it
    popup.wait_for_selector("#report-preview:not([hidden])")
    assert "395000000001" in popup.text_content("#report-preview-html")
    popup.click("#report-send")
    status = popup.wait_for_selector("#report-status[data-report-id]")
    report_id = status.get_attribute("data-report-id")
    assert "pending" in status.inner_text()
    assert http_json(f"{backend}/api/v1/reports/{report_id}")["status"] == "pending"
    mine = popup.locator(f"#my-reports li[data-report-id='{report_id}']")
    mine.wait_for()
    assert "pending" in mine.inner_text()
    assert popup.is_checked("#report-attach-page"), "the form's reset keeps the mode's default"
    if os.environ.get("RADAR_SCREENSHOTS"):
        # The popup as a shopper sees it on a listed seller's page, receipt included.
        listed, listed_state = browser.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
        shot = browser.open_popup(listed_state["tabId"])
        shot.screenshot(path=str(DOCS / "screenshot-popup.png"), full_page=True)
        shot.close()
        listed.close()
    popup.close()
    page.close()


def test_check_this_page_from_the_popup_on_any_shop(browser):
    # A shop outside the ten marketplaces: no content script runs until the shopper asks.
    # (localhost is in host_permissions, standing in for the activeTab grant a click gives.)
    url = "http://localhost:9/shop/rolex-submariner"
    browser.serve(url, fixture_html("replica-wording-ebay.html"))
    page = browser.context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    tab_id = browser.evaluate(
        "async (url) => (await chrome.tabs.query({url: 'http://localhost/*'})).find((tab) => tab.url === url).id", url)
    popup = browser.open_popup(tab_id)
    assert popup.locator("#verdict-label").get_attribute("data-verdict") == "none"
    assert page.locator(BANNER).count() == 0
    popup.click("#check-page")
    popup.wait_for_selector("#verdict-label[data-verdict='suspicious']")
    assert banner_verdict(page) == "suspicious"
    popup.close()
    page.close()


def test_dismiss_is_remembered_per_seller(browser):
    page, _ = browser.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    banner_verdict(page)
    BannerView(page).click("Dismiss")
    assert page.locator(BANNER).count() == 0
    try:
        since = browser.evaluate("() => Date.now()")
        page.reload(wait_until="domcontentloaded")
        state = browser.tab_state(page.url, since)
        assert state["result"]["verdict"] == "counterfeit"  # still known, on the badge
        page.wait_for_timeout(500)
        assert page.locator(BANNER).count() == 0
    finally:
        browser.evaluate("() => chrome.storage.local.remove('dismissed')")
        page.close()


def test_unreachable_backend_leaves_the_page_untouched(playwright_session, chromium, tmp_path):
    context = launch(playwright_session, chromium, tmp_path / "profile")
    try:
        radar = Browser(context, f"http://127.0.0.1:{free_port()}")  # nothing listens there
        html = fixture_html("listed-seller-amazon.html")
        context.route(is_web_page, radar.handle)
        radar.serve(LISTED_SELLER_URL, html)
        radar.serve("https://untouched.example/", html)  # no content script runs there
        reference = context.new_page()
        reference.goto("https://untouched.example/")
        expected = reference.evaluate("document.documentElement.outerHTML")
        page, state = radar.open(LISTED_SELLER_URL, html)
        assert state["status"] == "offline", state
        assert radar.badge(state["tabId"]) == "off"
        assert page.locator(BANNER).count() == 0
        assert page.evaluate("document.documentElement.outerHTML") == expected
    finally:
        context.close()


def test_options_page_changes_settings_and_clears_the_cache(browser, backend):
    options = browser.context.new_page()
    options.goto(f"chrome-extension://{browser.extension_id}/options.html")
    options.wait_for_selector("body[data-ready='true']")
    assert options.input_value("#api-base") == backend
    assert options.is_checked("#mode-full")
    try:
        options.check("#mode-private")
        options.fill("#api-base", backend + "/")
        options.click("button[type=submit]")
        # Selector waits, not wait_for_function: extension pages' CSP forbids the eval it polls with.
        options.wait_for_selector("#options-status:text-is('Saved.')")
        assert options.input_value("#api-base") == backend
        stored = browser.evaluate("async () => (await chrome.storage.local.get('settings')).settings")
        assert stored == {"apiBase": backend, "mode": "private", "modeChosen": True}
        options.click("#clear-cache")
        options.wait_for_selector("#options-status:has-text('cleared')")
    finally:
        browser.set_settings(backend)
        options.close()


# --- hardening: what a shop's own scripts can do -------------------------------------------

HOSTILE_URL = "https://www.amazon.com/dp/B0HOSTILE1?smid=A0DEMOFAKE0001"
# Runs in the page's main world before our content script: it tries to capture every shadow
# root made on the page, as a shop that wants to hide the warning would.
CAPTURE_SHADOW_ROOTS = """<script>
  window.capturedRoots = [];
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, {...init, mode: 'open'});
    window.capturedRoots.push(root);
    return root;
  };
</script>"""
EVIL_API = "https://evil.example"


def stored(browser, key):
    return browser.evaluate("async (key) => (await chrome.storage.local.get(key))[key] ?? null", key)


def stored_soon(browser, key, seconds=5.0):
    """What the extension stores under key once it has stored something (None if nothing)."""
    deadline = time.monotonic() + seconds
    while (value := stored(browser, key)) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def content_script_world(browser, page):
    """A DevTools session and the id of our content script's isolated world in page."""
    cdp = page.context.new_cdp_session(page)
    contexts = []
    cdp.on("Runtime.executionContextCreated", lambda event: contexts.append(event["context"]))
    cdp.send("Runtime.enable")  # reports the worlds that exist already
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ours = [context for context in contexts
                if context["origin"] == f"chrome-extension://{browser.extension_id}"
                and context["auxData"].get("type") == "isolated"]
        if ours:
            return cdp, ours[-1]["id"]
        page.wait_for_timeout(100)
    raise AssertionError("no content-script world on the page")


def test_a_pages_script_cannot_reach_or_dismiss_the_banner(browser):
    html = fixture_html("listed-seller-amazon.html").replace("<head>", "<head>" + CAPTURE_SHADOW_ROOTS, 1)
    page, state = browser.open(HOSTILE_URL, html)
    assert banner_verdict(page) == "counterfeit", state
    banner = BannerView(page)
    assert banner.shadow()["shadowRootType"] == "closed"
    places = [banner.button_centre(name) for name in ("Report", "Details", "Dismiss")]
    settings = stored(browser, "settings")
    pages_before = len(browser.context.pages)
    try:
        found = page.evaluate("""async ([places, extensionId, evilApi]) => {
            const host = document.querySelector('counterfeit-radar-banner');
            const seen = {
                shadowRoot: host.shadowRoot !== null,
                captured: window.capturedRoots.length,
                bannerButtons: document.querySelectorAll('counterfeit-radar-banner button').length,
                underTheButtons: places.map(([x, y]) => document.elementsFromPoint(x, y)[0].localName),
                runtime: typeof globalThis.chrome?.runtime?.sendMessage,
            };
            // Synthetic clicks and key presses on everything of the banner the page can reach.
            const targets = [host, ...places.map(([x, y]) => document.elementFromPoint(x, y))];
            for (const target of targets) {
                target.click();
                for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
                    target.dispatchEvent(new MouseEvent(type, {bubbles: true, composed: true,
                        cancelable: true, clientX: places[2][0], clientY: places[2][1]}));
                }
                target.focus();
                for (const type of ['keydown', 'keypress', 'keyup']) {
                    target.dispatchEvent(new KeyboardEvent(type, {key: 'Enter', code: 'Enter', bubbles: true, composed: true}));
                }
            }
            // The extension API, if the page had it (it has not: no externally_connectable).
            if (seen.runtime === 'function') {
                for (const message of [{what: 'dismissSeller', key: 'seller:amazon:A0DEMOFAKE0001'},
                                       {what: 'saveSettings', settings: {apiBase: evilApi}}]) {
                    await new Promise((done) => {
                        try { chrome.runtime.sendMessage(extensionId, message, () => done()); } catch { done(); }
                    });
                }
            }
            await new Promise((done) => setTimeout(done, 500));
            return seen;
        }""", [places, browser.extension_id, EVIL_API])
        assert found == {"shadowRoot": False, "captured": 0, "bannerButtons": 0,
                         "underTheButtons": [BANNER] * 3, "runtime": "undefined"}, found
        assert page.locator(BANNER).count() == 1
        assert banner.heading() == "Likely counterfeit"
        assert stored(browser, "dismissed") is None
        assert stored(browser, "settings") == settings
        assert len(browser.context.pages) == pages_before  # Report and Details opened nothing
        # The page can take the host out of its own DOM, but not for good: it comes back.
        page.evaluate(f"document.querySelector('{BANNER}').remove()")
        since = browser.evaluate("() => Date.now()")
        page.reload(wait_until="domcontentloaded")
        browser.tab_state(page.url, since)
        assert banner_verdict(page) == "counterfeit"
        # The same place clicked by the shopper (a trusted click) does dismiss it.
        BannerView(page).click("Dismiss")
        page.wait_for_selector(BANNER, state="detached")
        # The banner goes at once; the worker stores the dismissal a moment later.
        assert stored_soon(browser, "dismissed") == ["seller:amazon:A0DEMOFAKE0001"]
    finally:
        browser.evaluate("() => chrome.storage.local.remove('dismissed')")
        page.close()


def test_a_content_script_cannot_change_settings_or_read_other_tabs(browser):
    other, other_state = browser.open(REPLICA_URL, fixture_html("replica-wording-ebay.html"))
    page, state = browser.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    banner_verdict(page)
    settings = stored(browser, "settings")
    cdp, world = content_script_world(browser, page)
    try:
        # What a compromised content script (our own world on the shop's page) would try.
        replies = cdp.send("Runtime.evaluate", {"contextId": world, "awaitPromise": True, "returnByValue": True,
                                                "expression": """(async () => {
            const ask = (message) => chrome.runtime.sendMessage(message);
            return {
                saveSettings: await ask({what: 'saveSettings', settings: {apiBase: '%s', mode: 'full'}}),
                getSettings: await ask({what: 'getSettings'}),
                getTabState: await ask({what: 'getTabState', tabId: %d}),
                checkTab: await ask({what: 'checkTab', tabId: %d}),
                sendReport: await ask({what: 'sendReport', tabId: %d, reason: 'other', details: 'x'}),
                listReports: await ask({what: 'listReports'}),
                clearCache: await ask({what: 'clearCache'}),
                dismissOther: await ask({what: 'dismissSeller', key: 'seller:ebay:someone-else'}),
                unknown: await ask({what: 'dropTables'}),
                ownPage: await ask({what: 'getPageState', url: location.href}),
            };
        })()""" % (EVIL_API, other_state["tabId"], other_state["tabId"], other_state["tabId"])})
        replies = replies["result"]["value"]
        assert replies["ownPage"]["ok"], replies  # it is our content script, and it is heard
        for what in ("saveSettings", "getSettings", "getTabState", "checkTab", "sendReport",
                     "listReports", "clearCache"):
            assert replies[what] == {"ok": False, "error": f"Refused: a content script may not send {what}"}, replies
        assert replies["dismissOther"] == {"ok": False, "error": "This tab shows no warning for that key"}
        assert replies["unknown"]["ok"] is False
        assert stored(browser, "settings") == settings
        assert stored(browser, "dismissed") is None
    finally:
        browser.set_settings(settings["apiBase"], settings["mode"])
        page.close()
        other.close()

