"""Alibaba: product ids in /product-detail/slug_ID.html; suppliers as NAME.en.alibaba.com."""

import re
from urllib.parse import urlsplit

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import parse_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, host, lower, path, shape

_SUPPLIER_HOST = re.compile(r"^([a-z0-9][a-z0-9-]{1,62})\.(?:m\.)?en\.alibaba\.com$", re.IGNORECASE)
_SUPPLIER_IN_PAGE = re.compile(r"https?:(?:\\?/){2}([a-z0-9][a-z0-9-]{1,62})\.en\.alibaba\.com", re.I)
_PRODUCT_ID = re.compile(r'"(?:productId|bbProductId)"\s*:\s*"?(\d{6,20})')
_TITLE_SUFFIX = re.compile(r"\s+-\s+Buy\s.*$", re.DOTALL)


def _supplier(href: str | None) -> str | None:
    if not href:
        return None
    try:
        host_name = urlsplit(href if "//" in href else "//" + href).hostname or ""
    except ValueError:
        return None
    match = _SUPPLIER_HOST.match(host_name)
    return match.group(1) if match else None


def extract(document: Document) -> Extracted:
    """Product id, supplier, title and price from an Alibaba product page."""
    # Alibaba's JSON-LD brand is a placeholder ("Ali"), not the product's brand.
    found = Extracted(not_generic=frozenset({"brand"}))
    company = document.first(
        "//a[@data-aui='company-name'] | //*[contains(@class, 'company-name')]//a[@href] | "
        "//a[contains(@class, 'company-name')]"
    )
    if company is not None:
        found.seller_id = _supplier(company.get("href"))
        found.seller_name = (company.get("title") or "").strip() or document.text(company, 200)
    if found.seller_id is None:
        match = document.search(_SUPPLIER_IN_PAGE, ".en.alibaba.com", 20, before=80)
        found.seller_id = match.group(1).lower() if match else None
    heading = document.first(
        "//h1[contains(@class, 'ma-title')] | //*[contains(@class, 'product-title')]//h1 | "
        "//h1[@title]"
    )
    if heading is not None:
        found.title = (heading.get("title") or "").strip() or document.text(heading, 300)
    if found.title is None:
        og_title = document.meta("og:title")
        found.title = _TITLE_SUFFIX.sub("", og_title) if og_title else None
    price_text = document.first_text(
        "//*[contains(@class, 'ma-ref-price')]", "//*[contains(@class, 'ma-spec-price')]",
        "//*[contains(@class, 'sku-price')]", "//*[contains(@class, 'price-item')]//*[contains(@class, 'price')]",
        limit=80,
    )
    found.price = parse_price(price_text, "USD") if price_text else None
    found.brand = document.first_text(
        "//*[contains(@class, 'do-entry-item')][.//*[starts-with(normalize-space(), 'Brand Name')]]"
        "//*[contains(@class, 'do-entry-item-val')]",
        limit=100,
    )
    product = document.search(_PRODUCT_ID, '"productId"', 200) or document.search(
        _PRODUCT_ID, '"bbProductId"', 200)
    found.listing_id = product.group(1) if product else None
    return found


MARKETPLACE = Marketplace(
    name="alibaba",
    listing_patterns=(
        path(r"/product-detail/(?:[^/]*_)?(\d{6,20})\.html"),
        path(r"/product/(\d{6,20})(?:[/-][^/]*)?(?:\.html)?(?=[/?]|$)"),
    ),
    seller_patterns=(
        host(r"^(?!www\.|m\.)([a-z0-9][a-z0-9-]{1,62})\.(?:m\.)?en\.alibaba\.com$"),
    ),
    canonical_listing=decimal,
    canonical_seller=lower,
    listing_shape=digits(6, 20),
    seller_shape=shape(r"[a-z0-9][a-z0-9-]{1,62}", "a supplier subdomain: letters, digits and -"),
    extractor=extract,
    # Supplier storefronts live on NAME.en.alibaba.com.
    title_affixes=title_affixes(
        r"(.+?)[ ]*[-|–—][ ]*(?:Buy[ ].*|Alibaba\.com|Alibaba)",
    ),
    checked_pages=checked_pages((r"^/product-detail/",), seller_hosts=(r"\.en\.alibaba\.com$",),
                                content_paths=("/product-detail/*",),
                                extra_matches=("*://*.en.alibaba.com/*",)),
)
