"""The extension reads a page as the backend does, and its allow-listed snapshot loses nothing.

The content scripts run in jsdom (tests/extension/describe-pages.js, one node process for every
page) on the shared corpus and on the hand-made snapshots of tests/test_extraction.py. Their
facts must equal the backend's extraction of the full page (POST /check with the page's HTML)
on both paths the extension uses: read from the allow-listed snapshot (Full check mode) and
read from the live page (private mode); the backend's extraction of the snapshot they would
send must equal it too.
"""

import json
import subprocess
from urllib.parse import urlsplit
from pathlib import Path

import pytest

from backend import extraction, marketplaces
from backend.urls import registered_domain
from conftest import CORPUS, corpus_pages
from tests.test_extension import node_modules  # noqa: F401 (fixture)
from test_extraction import SNAPSHOT_CASES, SNAPSHOTS, _page_html

ROOT = Path(__file__).resolve().parents[1]
# Product pages' snapshots without product structured data, served at URLs that are no
# product page (a search, a store): both sides must read no title, price or brand there.
# (A page whose structured data declares a product is read as one, whatever its URL.)
# Of those, the ones that are no seller's page either (a search, a home page linking to stores)
# name no seller on either path.
NO_SELLER_PAGES = [
    ("walmart_next_data.html", "https://www.walmart.com/search?q=trainer"),
    ("temu_store.html", "https://www.temu.com/uk/"),
]
NOT_PRODUCT_PAGES = NO_SELLER_PAGES + [
    ("ebay_sellercard_atf.html", "https://www.ebay.com/str/demostore"),
]
# Store pages (tests/test_store_pages.py): the seller from the store's own card, or none.
STORE_PAGES = [
    ("ebay_store.html", "https://www.ebay.com/str/acmewatchoutlet"),
    ("ebay_store_hostile.html", "https://www.ebay.co.uk/str/honesttraderuk"),
    ("ebay_store_ambiguous.html", "https://www.ebay.com/str/watchdealsdirect"),
    ("ebay_store_unnamed.html", "https://www.ebay.com/str/vintagetimepieces"),
    ("temu_store.html", "https://www.temu.com/uk/acme-store-m-634418212345.html"),
]
PAGES = [(row["file"], row["url"], CORPUS / "pages" / row["file"]) for row in corpus_pages()] + [
    (filename, url, SNAPSHOTS / filename) for filename, url, _ in SNAPSHOT_CASES
] + [(f"{filename} at {url}", url, SNAPSHOTS / filename) for filename, url in NOT_PRODUCT_PAGES + STORE_PAGES]
FIELDS = ("title", "price", "seller_id", "listing_id", "brand")


@pytest.fixture(scope="module")
def described(node_modules):  # noqa: F811
    """{file: describePage()'s answer with snapshots on, plus liveFacts: its facts without} for every page."""
    pages = [{"url": url, "path": str(path)} for _, url, path in PAGES]
    result = subprocess.run(["node", "tests/extension/describe-pages.js"], cwd=ROOT,
                            input=json.dumps(pages), capture_output=True, text=True,
                            timeout=900, check=True)
    return {file: answer for (file, _, _), answer in zip(PAGES, json.loads(result.stdout))}


def page_html(file, path):
    return _page_html(file) if path.name.endswith(".gz") else path.read_text(encoding="utf-8")


def backend_page(client, url, html):
    response = client.post("/api/v1/check", json={"url": url, "html": html})
    assert response.status_code == 200, response.get_json()
    page = response.get_json()["page"]
    return {field: page[field] for field in FIELDS + ("seller_name", "marketplace")}


def backend_facts(client, url, html):
    """What a check reads from the URL and the page; the brand as read from the page (a check
    also names the brand it finds in the title, from the catalog: not a fact of the page)."""
    page = backend_page(client, url, html)
    host = urlsplit(url).hostname
    found = extraction.extract(html, marketplaces.get(page["marketplace"]), registered_domain(host), host,
                               url=url)
    return {**{field: page[field] for field in FIELDS}, "brand": found.brand}


def as_backend(facts):
    return {"title": facts["title"], "price": facts["price"], "seller_id": facts["sellerId"],
            "listing_id": facts["listingId"], "brand": facts["brand"]}


@pytest.mark.parametrize("file,url,path", PAGES, ids=[file for file, _, _ in PAGES])
def test_extension_facts_equal_the_backends_extraction(client, described, file, url, path):
    """title, price, seller, listing and brand read from the snapshot (Full check mode) as the
    backend reads them from the full page."""
    assert as_backend(described[file]["facts"]) == backend_facts(client, url, page_html(file, path))


@pytest.mark.parametrize("file,url,path", PAGES, ids=[file for file, _, _ in PAGES])
def test_private_mode_reads_the_live_page_as_the_backend_does(client, described, file, url, path):
    """Private mode reads the facts from the page itself, not from a snapshot: the same facts."""
    answer = described[file]
    assert as_backend(answer["liveFacts"]) == backend_facts(client, url, page_html(file, path))
    assert (answer["liveFacts"], answer["liveTitle"], answer["liveUrl"]) == (
        answer["facts"], answer["title"], answer["url"])


@pytest.mark.parametrize("filename,url", NOT_PRODUCT_PAGES + STORE_PAGES)
def test_pages_that_are_no_product_page_read_no_product(described, filename, url):
    """A store, search or category page: no title, price or brand on either path."""
    answer = described[f"{filename} at {url}"]
    for facts in (answer["facts"], answer["liveFacts"]):
        assert (facts["title"], facts["price"], facts["brand"]) == (None, None, None)


@pytest.mark.parametrize("filename,url", NO_SELLER_PAGES)
def test_pages_that_are_neither_product_nor_seller_page_name_no_seller(described, filename, url):
    """A home or search page links to many stores: none of them is the page's seller."""
    answer = described[f"{filename} at {url}"]
    for facts in (answer["facts"], answer["liveFacts"]):
        assert facts["sellerId"] is None, facts


@pytest.mark.parametrize("file,url,path", PAGES, ids=[file for file, _, _ in PAGES])
def test_allow_listed_snapshot_keeps_all_the_backend_reads(client, described, file, url, path):
    """The backend finds in the snapshot everything it finds in the full page (seller name too)."""
    full = backend_page(client, url, page_html(file, path))
    assert backend_page(client, url, described[file]["html"]) == full


@pytest.mark.parametrize("file,url,path", PAGES, ids=[file for file, _, _ in PAGES])
def test_snapshot_is_small_and_the_url_canonical(described, file, url, path):
    """A few KB instead of the page's hundreds; the canonical URL keeps the URL's ids."""
    answer = described[file]
    assert len(answer["html"].encode()) < 64 * 1024, len(answer["html"].encode())
    assert "?" not in answer["url"] or answer["url"].split("?")[1].split("=")[0] in (
        "asin", "seller", "smid", "me", "merchant", "item", "itm", "_ssn", "sid")
    assert "#" not in answer["url"]


PRICE_TEXTS = [
    "£12.99", "US $27.99", "1.234,56 €", "EUR 12,50", "12,44 €", "$1,299.00", "$8.99", "C $25.00",
    "AU $49.95", "GBP 11.19", "¥1,280", "1 234,56 zł", "US $11.99 - 15.99", "$29.99 10 sets",
    "CHF 1'250.00", "12.99", "Free", "", "$0.00", "KWD 12.500", "JPY 1.299", "₹1,29,999.00",
    "1.299.000 ₫", "١٢٫٥٠ د.إ", "１２３４円", "ALL sizes 12", "AMD Ryzen 5 $199", "kr 1 299,00",
    "R$ 1.299,90", "99,-", "12.999", "0.500", "$ 12 345 678", "€ 10.000.000,00", "1,299",
]
DEFAULTS = [None, "USD", "CAD", "JPY", "SEK", "KWD", "EUR"]


def test_prices_are_read_as_the_backend_reads_them():
    """content/prices.js gives parse_price's answer for every text and site currency."""
    from backend.extraction.prices import parse_price

    script = ("globalThis.radarPrices=undefined;" + (ROOT / "extension/content/prices.js").read_text()
              + ";const cases=JSON.parse(require('fs').readFileSync(0,'utf8'));"
              + "process.stdout.write(JSON.stringify(cases.map(([t,d])=>radarPrices.parsePrice(t,d))))")
    cases = [[text, default] for text in PRICE_TEXTS for default in DEFAULTS]
    result = subprocess.run(["node", "-e", script], input=json.dumps(cases), capture_output=True,
                            text=True, check=True, timeout=60)
    for (text, default), answer in zip(cases, json.loads(result.stdout)):
        expected = parse_price(text, default)
        assert answer == (expected.to_json() if expected else None), (text, default)
