"""Walmart: item ids in /ip/[slug/]ID; seller ids in /seller/ID."""

import re

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import parse_price, structured_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, path, query, shape

_SELLER_LINK = re.compile(r"/seller/(\d{1,20})(?=[/?#]|$)")


def _dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _text(value) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() or None if isinstance(value, str) else None


def extract(document: Document) -> Extracted:
    """Item id, seller, title, price and brand from __NEXT_DATA__, then the DOM."""
    found = Extracted()
    product = _dig(document.script_json("__NEXT_DATA__"),
                   "props", "pageProps", "initialData", "data", "product")
    if isinstance(product, dict):
        found.listing_id = _text(product.get("usItemId"))
        found.title = _text(product.get("name"))
        found.brand = _text(product.get("brand"))
        # catalogSellerId is the number in /seller/ID links; sellerId is an
        # opaque hex id (F55CDC31AB754BB68FE0B39041159D63 is Walmart.com).
        found.seller_id = _text(product.get("catalogSellerId")) or _text(product.get("sellerId"))
        found.seller_name = _text(product.get("sellerDisplayName")) or _text(product.get("sellerName"))
        current = _dig(product, "priceInfo", "currentPrice")
        if isinstance(current, dict):
            amount = current.get("price")
            currency = current.get("currencyUnit") if isinstance(current.get("currencyUnit"), str) else "USD"
            found.price = structured_price(amount, currency, "USD") or parse_price(
                _text(current.get("priceString")) or "", "USD", currency)
    if found.seller_id is None or found.seller_name is None:
        link = document.first(
            "//a[@data-testid='seller-name-link'] | //*[@data-testid='product-seller-info']//a"
            " | //a[contains(@href, '/seller/')]"
        )
        if link is not None:
            match = _SELLER_LINK.search(link.get("href") or "")
            found.seller_id = found.seller_id or (match.group(1) if match else None)
            found.seller_name = found.seller_name or document.text(link, 200)
    if found.title is None:
        found.title = document.first_text("//h1[@itemprop='name']", "//h1[@id='main-title']",
                                          limit=300)
    if found.brand is None:
        found.brand = document.first_text("//a[@data-testid='brand-link']",
                                          "//*[@itemprop='brand']", limit=100)
    if found.price is None:
        element = document.first("//*[@itemprop='price']")
        if element is not None:
            content = element.get("content")  # schema.org data; the text is display text
            found.price = structured_price(content, None, "USD") if content else parse_price(
                document.text(element, 60), "USD")
    return found


MARKETPLACE = Marketplace(
    name="walmart",
    listing_patterns=(
        path(r"/ip/(?:[^/]+/)?(\d{5,20}|[0-9A-Z]{10,14})(?=[/?]|$)", 0),
    ),
    seller_patterns=(
        path(r"/seller/(\d{1,20})(?=[/?]|$)"),
        query("sellerId", r"(\d{1,20})"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
    listing_shape=shape(r"[1-9][0-9]{4,19}|[0-9A-Z]{10,14}",
                        "5 to 20 digits, or 10 to 14 capitals and digits"),
    seller_shape=digits(1, 20),
    extractor=extract,
    # A single-page app: search results open products (/ip/...) without a reload.
    title_affixes=title_affixes(
        r"(.+?)[ ]*[-|–—][ ]*Walmart(?:\.com|\.ca|[ ]+Canada)?",
    ),
    checked_pages=checked_pages((r"(?:^|/)ip/",), (r"^/seller/",), single_page=True),
)
