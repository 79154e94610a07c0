"""Wish: product ids (24 hex digits) in /product/ID and /c/ID; merchants in /merchant/ID."""

import re

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import parse_price
from .base import Marketplace, title_affixes, checked_pages, lower, path, query, shape

_MERCHANT_LINK = re.compile(r"/merchant/([0-9a-z_.-]{3,40})(?=[/?#]|$)", re.IGNORECASE)


def extract(document: Document) -> Extracted:
    """Merchant, title and price from a Wish product page."""
    found = Extracted()
    for anchor in document.xpath("//a[contains(@href, '/merchant/')]")[:10]:
        match = _MERCHANT_LINK.search(anchor.get("href") or "")
        if match:
            found.seller_id = match.group(1)
            found.seller_name = document.text(anchor, 200)
            if found.seller_name:
                break
    found.title = document.first_text(
        "//h1[contains(@class, 'ProductName') or contains(@class, 'product-name')]", "//h1",
        limit=300,
    )
    price_text = document.first_text(
        "//*[contains(@class, 'ActualPrice') or contains(@class, 'actual-price')]",
        "//*[@data-testid='product-price']", limit=80,
    )
    found.price = parse_price(price_text, "USD") if price_text else None
    return found


_HEX_ID = r"([0-9a-f]{24})(?=[/?]|$)"

MARKETPLACE = Marketplace(
    name="wish",
    listing_patterns=(
        path(r"/(?:product|c)/(?:[^/]+-)?" + _HEX_ID),
        query("cid", r"([0-9a-f]{24})"),
    ),
    seller_patterns=(
        path(r"/merchant/" + r"([0-9a-z_.-]{3,40})(?=[/?]|$)"),
    ),
    canonical_listing=lower,
    canonical_seller=lower,
    listing_shape=shape(r"[0-9a-f]{24}", "24 hexadecimal digits"),
    seller_shape=shape(r"[0-9a-z_.-]{3,40}", "a merchant name: 3 to 40 letters, digits and _ . -"),
    extractor=extract,
    title_affixes=title_affixes(
        r"(.+?)[ ]*[-|–—][ ]*Wish(?:\.com)?",
    ),
    checked_pages=checked_pages((r"^/product/",), (r"^/merchant/",),
                                content_paths=("/product/*", "/merchant/*")),
)
