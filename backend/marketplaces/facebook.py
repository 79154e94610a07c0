"""Facebook Marketplace: items in /marketplace/item/ID; sellers in /marketplace/profile/ID."""

import re

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import currency_of_domain, parse_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, path

_PROFILE_LINK = re.compile(r"/marketplace/profile/(\d{5,25})(?=[/?#]|$)")
_PRICE_LIKE = re.compile(r"^(?:[A-Z]{0,3}\s?[$£€¥₹]\s?[\d.,\s]+|[\d.,\s]+\s?(?:[$£€¥₹]|[A-Z]{3}))$")


def extract(document: Document) -> Extracted:
    """Seller profile, title and price from a Facebook Marketplace item page."""
    found = Extracted()
    for anchor in document.xpath("//a[contains(@href, '/marketplace/profile/')]")[:10]:
        match = _PROFILE_LINK.search(anchor.get("href") or "")
        if match:
            found.seller_id = found.seller_id or match.group(1)
            name = document.text(anchor, 200)
            if name and match.group(1) == found.seller_id:
                found.seller_name = name
                break
    found.title = document.first_text("//h1", limit=300)
    # Class names are obfuscated; the price is the first short, price-like text
    # after the title.
    for text in document.xpath("(//h1)[1]/following::span[not(*)]/text()")[:15]:
        text = text.strip()
        if len(text) <= 20 and _PRICE_LIKE.match(text):
            found.price = parse_price(text, currency_of_domain(document.domain) or "USD")
            if found.price:
                break
    return found


MARKETPLACE = Marketplace(
    name="facebook",
    label="Facebook Marketplace",
    listing_patterns=(
        path(r"/marketplace/(?:[^/]+/)?item/(\d{5,25})(?=[/?]|$)"),
        path(r"/commerce/listing/(\d{5,25})(?=[/?]|$)"),
    ),
    seller_patterns=(
        path(r"/marketplace/profile/(\d{5,25})(?=[/?]|$)"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
    listing_shape=digits(5, 25),
    seller_shape=digits(5, 25),
    extractor=extract,
    # Marketplace is a single-page app inside facebook.com, entered from the feed without a
    # reload: the content script watches the whole site, the patterns pick the items.
    title_affixes=title_affixes(
        r"Marketplace[ ]*[-|–—][ ]*(.+?)(?:[ ]*[-|–—][ ]*Facebook(?:[ ]+Marketplace)?)?",
        r"(.+?)[ ]*[-|–—][ ]*Facebook(?:[ ]+Marketplace)?",
    ),
    checked_pages=checked_pages((r"^/marketplace/item/",), (r"^/marketplace/profile/",),
                                single_page=True),
)
