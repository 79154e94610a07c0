"""AliExpress: item ids in /item/ID.html (and /i/ID.html); store ids in /store/ID."""

import json
import re

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import currency_of_domain, parse_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, path, query

_STORE_LINK = re.compile(r"/store/(?:[a-z-]+/)?(\d{3,15})(?=[/?#._]|$)")
_JSON_STRING = r'("(?:[^"\\]|\\.){1,300}")'
# Values the page keeps in window.runParams (when the snapshot still has scripts).
_RUN_PARAMS = {
    "seller_name": re.compile(r'"storeName"\s*:\s*' + _JSON_STRING),
    "seller_id": re.compile(r'"storeNum"\s*:\s*"?(\d{3,15})'),
    "title": re.compile(r'"subject"\s*:\s*' + _JSON_STRING),
    "price": re.compile(r'"formatedActivityPrice"\s*:\s*' + _JSON_STRING
                        + r'|"formatedPrice"\s*:\s*' + _JSON_STRING),
}
_STORE_ANCHORS = (
    "//a[@data-pl='store-name' and contains(@href, '/store/')]",
    "//*[contains(@class, 'store-name') or contains(@class, 'storeName') or "
    "contains(@class, 'shop-name') or contains(@class, 'store-header')]"
    "//a[contains(@href, '/store/')]",
    "//a[(contains(@class, 'store-name') or contains(@class, 'storeName')) and "
    "contains(@href, '/store/')]",
)


def _json_string(match) -> str | None:
    text = next((group for group in match.groups() if group), None) if match else None
    try:
        return json.loads(text).strip() or None if text else None
    except ValueError:
        return None


def extract(document: Document) -> Extracted:
    """Item, store, title and price from an AliExpress item page (DOM, then runParams)."""
    found = Extracted()
    for expression in _STORE_ANCHORS:
        for anchor in document.xpath(expression)[:5]:
            match = _STORE_LINK.search(anchor.get("href") or "")
            if match:
                found.seller_id = match.group(1)
                found.seller_name = document.text(anchor, 200)
                break
        if found.seller_id:
            break
    found.title = document.first_text(
        "//h1[@data-pl='product-title']", "//*[contains(@class, 'product-title-text')]",
        "//*[contains(@class, 'title--wrap')]//h1", limit=300,
    )
    price_text = document.first_text(
        "//*[contains(@class, 'product-price-current')]",
        "//*[contains(@class, 'price--currentPriceText')]",
        "//*[contains(@class, 'uniform-banner-box-price')]", limit=80,
    )
    default = currency_of_domain(document.domain)
    found.price = parse_price(price_text, default) if price_text else None
    if not (found.seller_id and found.seller_name and found.title and found.price):
        if found.seller_name is None:
            found.seller_name = _json_string(
                document.search(_RUN_PARAMS["seller_name"], '"storeName"', 400))
        if found.seller_id is None:
            match = document.search(_RUN_PARAMS["seller_id"], '"storeNum"', 100)
            found.seller_id = match.group(1) if match else None
        if found.title is None:
            found.title = _json_string(document.search(_RUN_PARAMS["title"], '"subject"', 400))
        if found.price is None:
            text = _json_string(
                document.search(_RUN_PARAMS["price"], '"formatedActivityPrice"', 200)
                or document.search(_RUN_PARAMS["price"], '"formatedPrice"', 200))
            found.price = parse_price(text, default) if text else None
    if found.title:
        found.title = re.sub(r"\s*-\s*AliExpress(?:\s+\d+)?$", "", found.title)
    return found


MARKETPLACE = Marketplace(
    name="aliexpress",
    label="AliExpress",
    listing_patterns=(
        path(r"/(?:item|i)/(?:[^/]+/)?(\d{6,20})\.html"),
        query("productId", r"(\d{6,20})"),
    ),
    seller_patterns=(
        path(r"/store/(?:[a-z-]+/)?(\d{3,15})(?=[/?._]|$)"),
        query("storeId", r"(\d{3,15})"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
    listing_shape=digits(6, 20),
    seller_shape=digits(3, 15),
    extractor=extract,
    short_link_hosts=frozenset({"s.click.aliexpress.com", "a.aliexpress.com"}),
    title_affixes=title_affixes(
        r"Aliexpress\.(?:com|ru|us)[ ]*:[ ]*Buy[ ]+(.+?)[ ]+from[ ]+Reliable.*",
        r"(.+?)[ ]*[-|–—][ ]*AliExpress(?:\.[a-z]{2,3})?(?:[ ]+\d+)?",
    ),
    checked_pages=checked_pages((r"^/item/",), (r"^/store/",), single_page=True),
)
