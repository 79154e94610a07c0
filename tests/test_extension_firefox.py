"""The extension end to end in Firefox ESR: the same folder Chromium loads, as a temporary add-on.

Firefox runs as tests/firefox.py sets it up (Debian's firefox-esr, installed when missing,
over Marionette; marketplace pages served at their real URLs by a local proxy; the real backend
on 127.0.0.1). Set RADAR_SCREENSHOTS=1 to refresh docs/screenshot-firefox-banner.png.
"""

import csv
import gzip
import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.firefox import firefox_esr, marionette_classes, running_firefox  # noqa: F401 (fixtures)
from tests.conftest import CORPUS
from tests.live import backend, http_json, live_backend  # noqa: F401 (fixtures are found by name)

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
FIXTURES = ROOT / "tests" / "extension" / "fixtures"
DOCS = ROOT / "docs"
# Pages are served over plain http (the proxy cannot speak TLS); the content scripts' matches
# are *://, so they run as on the live https pages.
LISTED_SELLER_URL = "http://www.amazon.com/dp/B0DEMO0001?smid=A0DEMOFAKE0001"
REPLICA_URL = "http://www.ebay.com/itm/395000000001"
# A real Amazon page of the corpus whose seller and listing are not listed.
UNLISTED_LISTING_FILE = "metascraper-amazon-com_ansi-url.html.gz"
UNLISTED_LISTING_URL = "http://www.amazon.com/SainSmart-101-70-101-4-Channel-Relay-Module/dp/B0057OC5O8"
UNLISTED_LISTING_KEYS = ["listing:amazon:B0057OC5O8", "seller:amazon:A1CJB5SYI9X4XC"]
LISTED_KEYS = ["domain:demo-fake-shop.example", "seller:amazon:A0DEMOFAKE0001", "listing:amazon:B0DEMO0001"]
# What private mode downloads for everyone, whatever the page.
LIST_DOWNLOADS = {"/api/v1/prefixes", "/api/v1/rulefile"}


@pytest.fixture(scope="module")
def firefox(firefox_esr, marionette_classes, tmp_path_factory):
    with running_firefox(firefox_esr, marionette_classes, tmp_path_factory.mktemp("firefox") / "profile",
                         EXTENSION) as browser:
        yield browser


def key_hash(key):
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def fixture_html(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


# --- tests -----------------------------------------------------------------------------------

def test_options_page_asks_for_access_from_the_click(firefox, backend):
    """With the add-on's site access withdrawn (about:addons allows it in Firefox), the options
    page says so; saving an API address with a port asks for that origin inside the click
    (Firefox refuses permissions.request() after an await, and patterns with a port), and the
    page's button gives the shopping sites back."""
    assert urlsplit(backend).port  # the case that failed: an origin with a port
    sites = "browser.runtime.getManifest().host_permissions"
    assert firefox.run(f"return browser.permissions.remove({{origins: {sites}}})")
    assert not firefox.run(f"return browser.permissions.contains({{origins: {sites}}})")
    firefox.extension_page("options.html")
    m = firefox.m
    assert m.find_element("id", "site-access").is_displayed()
    field = m.find_element("id", "api-base")
    field.clear()
    field.send_keys(backend)
    m.find_element("id", "mode-full").click()
    m.find_element("css selector", "#options-form button[type='submit']").click()
    saved = firefox.run("return browser.i18n.getMessage('optionsSaved')")
    status = firefox.wait(lambda: m.find_element("id", "options-status").text)
    assert status == saved, status
    settings = firefox.run("return browser.storage.local.get('settings').then((s) => s.settings)")
    assert settings["apiBase"] == backend and settings["mode"] == "full" and settings["modeChosen"]
    assert firefox.run("return browser.permissions.contains({origins: ['http://127.0.0.1/*']})")
    assert not firefox.run("return browser.permissions.contains({origins: ['*://*/*']})")

    m.find_element("id", "site-access-grant").click()
    granted = firefox.run("return browser.i18n.getMessage('siteAccessGranted')")
    assert firefox.wait(lambda: m.find_element("id", "site-access-status").text) == granted
    assert firefox.run(f"return browser.permissions.contains({{origins: {sites}}})")
    firefox.extension_page("options.html")
    assert not m.find_element("id", "site-access").is_displayed()


@pytest.mark.parametrize("mode", ["private", "full"])
def test_banner_on_listed_sellers_page_at_its_marketplace_url(firefox, backend, mode):
    firefox.set_settings(backend, mode)
    state = firefox.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    assert state["status"] == "checked", state
    assert state["result"]["verdict"] == "counterfeit"
    assert any(reason["code"] == "listed_seller" for reason in state["result"]["reasons"])
    assert firefox.banner() == ("counterfeit", "Likely counterfeit")
    if mode == "private" and os.environ.get("RADAR_SCREENSHOTS"):
        firefox.screenshot(DOCS / "screenshot-firefox-banner.png")


def test_private_mode_tells_the_backend_nothing_about_unlisted_pages(firefox, backend):
    """Issue 10's promise, in Firefox: an unlisted listing is checked in the browser; no
    /check goes out, and nothing sent names its URL, ids or their hashes' prefixes."""
    firefox.set_settings(backend, "private")
    earlier = firefox.proxy.recorded()
    firefox.proxy.clear()
    html = gzip.decompress((CORPUS / "pages" / UNLISTED_LISTING_FILE).read_bytes()).decode("utf-8", "replace")
    unlisted = firefox.open(UNLISTED_LISTING_URL, html)
    assert unlisted["result"]["verdict"] == "unknown", unlisted["result"]
    assert unlisted["result"]["page"]["listing_id"] == "B0057OC5O8"
    listed = firefox.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    assert listed["result"]["verdict"] == "counterfeit"
    api = urlsplit(backend).netloc
    sent = [entry for entry in firefox.proxy.recorded() if urlsplit(entry["url"]).netloc == api]
    # The proxy does see the add-on's backend traffic: its list download, now or before.
    assert any(urlsplit(entry["url"]).netloc == api and urlsplit(entry["url"]).path == "/api/v1/prefixes"
               for entry in earlier + sent)
    assert all(entry["method"] == "GET" for entry in sent), sent
    paths = [urlsplit(entry["url"]).path for entry in sent]
    assert "/api/v1/check" not in paths
    listed_prefixes = {key_hash(key)[:8] for key in LISTED_KEYS}
    asked = {path.rsplit("/", 1)[1] for path in paths if path.startswith("/api/v1/hashes/")}
    assert asked <= listed_prefixes, asked
    assert set(paths) - {f"/api/v1/hashes/{prefix}" for prefix in asked} <= LIST_DOWNLOADS, paths
    text = "\n".join(entry["url"] + entry["body"].decode("utf-8", "replace") for entry in sent)
    for secret in ["B0057OC5O8", "A1CJB5SYI9X4XC", "SainSmart", "Relay"] + [
            key_hash(key)[:8] for key in UNLISTED_LISTING_KEYS]:
        assert secret not in text, secret


def test_a_short_link_is_checked_where_it_lands(firefox, backend):
    """a.co names no product: the extension checks the listed seller's page it redirects to."""
    firefox.set_settings(backend, "private")
    short = "http://a.co/d/demo123"
    firefox.proxy.redirect(short, LISTED_SELLER_URL)
    firefox.proxy.serve(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    state = firefox.open(short, None, lands_on=LISTED_SELLER_URL)
    assert state["result"]["page"]["seller_id"] == "A0DEMOFAKE0001"
    assert firefox.banner() == ("counterfeit", "Likely counterfeit")


def test_popup_shows_the_verdict(firefox, backend):
    firefox.set_settings(backend, "private")
    state = firefox.open(LISTED_SELLER_URL, fixture_html("listed-seller-amazon.html"))
    firefox.extension_page(f"popup.html?tab={state['tabId']}")
    label = firefox.m.find_element("id", "verdict-label")
    assert label.get_attribute("data-verdict") == "counterfeit"
    assert label.text == "Likely counterfeit"
    assert "A0DEMOFAKE0001" in firefox.m.find_element("id", "facts").text


def test_report_with_its_page_arrives_and_becomes_a_fixture(firefox, live_backend, tmp_path):
    """A report from the popup reaches the backend; with "Attach this page" ticked (off by
    default in private mode) it carries the allow-listed page, which `flask fixture` turns
    into a test page and a manifest row: how shoppers' reports grow the corpus."""
    backend = live_backend.base
    firefox.set_settings(backend, "private")
    state = firefox.open(REPLICA_URL, fixture_html("replica-wording-ebay.html"))
    firefox.extension_page(f"popup.html?tab={state['tabId']}#report")
    m = firefox.m
    m.find_element("css selector", "#report-reason option[value='replica_wording']").click()
    m.find_element("id", "report-details").send_keys("The title says 1:1 super clone.")
    attach = m.find_element("id", "report-attach-page")
    assert not attach.is_selected()
    attach.click()
    m.find_element("id", "report-preview-button").click()
    firefox.wait(lambda: m.find_element("id", "report-send").is_displayed(), "no preview")
    shown = m.find_element("id", "report-preview-html").get_property("textContent")
    # The page as Full check sends it (its allow-list: tests/test_extension_snapshot.py).
    assert "395000000001" in shown and "Rolex Submariner 1:1 Super Clone Replica Watch" in shown
    m.find_element("id", "report-send").click()
    report_id = firefox.wait(
        lambda: m.find_element("id", "report-status").get_attribute("data-report-id"), "no receipt")
    assert http_json(f"{backend}/api/v1/reports/{report_id}")["status"] == "pending"

    live_backend.flask("fixture", "--", report_id, str(tmp_path))
    [page] = tmp_path.glob("ebay-*.html")
    assert "Rolex Submariner 1:1 Super Clone Replica Watch" in page.read_text(encoding="utf-8")
    with open(tmp_path / "manifest.csv", newline="", encoding="utf-8") as handle:
        [row] = csv.DictReader(handle)
    assert (row["marketplace"], row["listing_id"], row["checked"]) == ("ebay", "395000000001", "no")
    assert row["title"] == "Rolex Submariner 1:1 Super Clone Replica Watch"
