"""Temu: listings as ...-g-ID.html and goods_id=; sellers (malls) as ...-m-ID.html and mall_id=."""

import re

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import currency_of_domain, parse_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, path, query

_MALL_LINK = re.compile(r"-m-(\d{4,20})\.html|[?&]mall_id=(\d{4,20})")


def extract(document: Document) -> Extracted:
    """Store (mall), title and price from a Temu goods page."""
    found = Extracted()
    for anchor in document.xpath("//a[contains(@href, '-m-') or contains(@href, 'mall_id=')]")[:20]:
        match = _MALL_LINK.search(anchor.get("href") or "")
        if match:
            found.seller_id = match.group(1) or match.group(2)
            found.seller_name = document.text(anchor, 200)
            if found.seller_name:
                break
    found.title = document.first_text("//h1", limit=300)
    price_text = document.first_text(
        "//*[@data-type='price']", "//*[contains(@aria-label, 'price') or contains(@class, 'goods-price')]",
        limit=80,
    )
    found.price = parse_price(price_text, currency_of_domain(document.domain) or "USD") if price_text else None
    return found


MARKETPLACE = Marketplace(
    name="temu",
    listing_patterns=(
        path(r"-g-(\d{6,20})\.html"),
        query("goods_id", r"(\d{6,20})"),
    ),
    seller_patterns=(
        path(r"-m-(\d{4,20})\.html"),
        query("mall_id", r"(\d{4,20})"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
    listing_shape=digits(6, 20),
    seller_shape=digits(4, 20),
    extractor=extract,
    title_affixes=title_affixes(
        r"(.+?)[ ]*[-|–—][ ]*Temu(?:[ ]+(?:UK|US|United Kingdom|United States|Deutschland|Germany|France|Canada|Australia|Italia|España|Nederland|Polska|Japan|日本|México|Brasil))?",
    ),
    checked_pages=checked_pages((r"-g-\d+\.html$",), (r"-m-\d+\.html$",), single_page=True),
)
