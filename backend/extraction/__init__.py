"""Reading a product page snapshot: who sells what, for how much, under which brand.

extract() parses the page once with lxml, asks the marketplace's own extractor
(backend/marketplaces/<name>.py, `extractor=`) and fills what it left empty
from the page's structured data (generic.py). It never raises: a page that
cannot be read gives an empty Extracted. See docs/extraction.md.
"""

import logging
import re
from urllib.parse import parse_qs, urlsplit

from .document import Document
from .extracted import Extracted
from . import generic

log = logging.getLogger(__name__)

# What sellers write in the brand field when the item has none.
_NO_BRAND = re.compile(
    r"^(?:unbranded|generic|no\s*brand|non\s*branded|brand\s*less|n/?a|none|does\s+not\s+apply|"
    r"sans\s+marque|sin\s+marca|markenlos|ohne\s+marke|senza\s+marca|unknown)$",
    re.IGNORECASE,
)

__all__ = ["Document", "Extracted", "extract"]


def extract(html: str | None, marketplace=None, domain: str | None = None,
            host: str | None = None, url: str | None = None) -> Extracted:
    """What the snapshot says; marketplace is a backend.marketplaces Marketplace or None.

    With the page's url: a marketplace page that is no product page (home, store, search,
    category: see _is_product_page) gives no title, price or brand; of those, only a
    seller's own page (a store, a profile) gives a seller. A home or search page links to
    many stores, and none of them is the page's seller.
    """
    try:
        document = Document.parse(html, domain, host)
    except Exception:  # noqa: BLE001 - a page must never break a check
        log.exception("Could not parse a page snapshot")
        return Extracted()
    if document is None:
        return Extracted()
    found = Extracted()
    extractor = getattr(marketplace, "extractor", None)
    if extractor is not None:
        try:
            found = extractor(document) or Extracted()
        except Exception:  # noqa: BLE001 - one broken layout rule must not break a check
            log.exception("The %s extractor failed", marketplace.name)
            found = Extracted()
    try:
        if not found.is_complete():
            found.fill_from(generic.extract(document))
    except Exception:  # noqa: BLE001
        log.exception("The generic extractor failed")
    if found.brand and _NO_BRAND.match(found.brand):
        found.brand = None
    if marketplace is not None:
        # <title>/og:title carry the marketplace's name; a shopper's product title does not.
        found.title = marketplace.product_title(found.title)
        if found.listing_id is None:
            found.listing_id = _listing_in_canonical_url(document, marketplace)
        _canonicalise(found, marketplace)
        if url and not _is_product_page(document, marketplace, url):
            found.title = found.price = found.brand = None
            if not _is_seller_page(marketplace, url):
                found.seller_id = found.seller_name = None
    return found


def _is_product_page(document: Document, marketplace, url: str) -> bool:
    """A product page by its URL (a listing id, a product page path) or its structured data."""
    try:
        parts = urlsplit(url)
        if marketplace.is_product_url(parts, parse_qs(parts.query)):
            return True
    except ValueError:
        pass
    return generic.has_product_data(document)


def _is_seller_page(marketplace, url: str) -> bool:
    """A seller's own page by its URL (a seller id, a store's path or host)."""
    try:
        parts = urlsplit(url)
        return marketplace.is_seller_url(parts, parse_qs(parts.query))
    except ValueError:
        return False


def _listing_in_canonical_url(document: Document, marketplace) -> str | None:
    """The listing id in the URL the page declares as its own, if any."""
    url = document.canonical_url
    if not url:
        return None
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        return marketplace.listing_id(parts, parse_qs(parts.query))
    except ValueError:
        return None


def _canonicalise(found: Extracted, marketplace) -> None:
    """Ids in the marketplace's canonical form (Amazon upper-case, eBay lower-case ...)."""
    if found.listing_id:
        found.listing_id = marketplace.canonical_listing(found.listing_id.strip())
    if found.parent_listing_id:
        found.parent_listing_id = marketplace.canonical_listing(found.parent_listing_id.strip())
    if found.seller_id:
        found.seller_id = marketplace.canonical_seller(found.seller_id.strip())
