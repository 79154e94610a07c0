"""DHgate: product ids in /product/slug/ID.html; store ids in /store/ID."""

import re

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import parse_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, path

_STORE_LINK = re.compile(r"/store/(?:[a-z-]+/)?(\d{3,15})(?=[/?#._]|$)")


def extract(document: Document) -> Extracted:
    """Store, title and price from a DHgate product page."""
    found = Extracted()
    for expression in (
        "//*[@spm-c='soldby']//a[@spm-index='store']",
        "//*[@spm-c='soldby']//a[contains(@href, '/store/')]",
        "//*[contains(@class, 'store-name') or contains(@class, 'seller-name') or "
        "contains(@class, 'storeName')]//a[contains(@href, '/store/')]",
    ):
        anchor = document.first(expression)
        if anchor is not None:
            match = _STORE_LINK.search(anchor.get("href") or "")
            found.seller_id = match.group(1) if match else None
            found.seller_name = (anchor.get("title") or "").strip() or document.text(anchor, 200)
            break
    found.title = document.first_text(
        "//h1[contains(@class, 'proTitle') or contains(@class, 'pro-title')]", "//h1", limit=300
    )
    price_text = document.first_text(
        "//*[contains(@class, 'productPrice_price') or contains(@class, 'pro-price') or "
        "contains(@class, 'min-price')]", limit=80,
    )
    found.price = parse_price(price_text, "USD") if price_text else None
    return found


MARKETPLACE = Marketplace(
    name="dhgate",
    label="DHgate",
    listing_patterns=(
        path(r"/product/(?:[^/]+/)?(\d{5,15})\.html"),
        path(r"/goods/(\d{5,15})\.html"),
    ),
    seller_patterns=(
        path(r"/store/(?:[a-z-]+/)?(\d{3,15})(?=[/?._]|$)"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
    listing_shape=digits(5, 15),
    seller_shape=digits(3, 15),
    extractor=extract,
    title_affixes=title_affixes(
        r"(.+?)[ ]*[-|–—][ ]*DHgate(?:\.com)?",
    ),
    checked_pages=checked_pages((r"^/product/",), (r"^/store/",),
                                content_paths=("/product/*", "/store/*")),
)
