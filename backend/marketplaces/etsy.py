"""Etsy: listing ids in /listing/ID/...; shop names in /shop/NAME."""

import json
import re

from ..extraction import generic
from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import currency_of_domain, parse_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, lower, path, shape

_SHOP_NAME = re.compile(r'"shop_name"\s*:\s*("(?:[^"\\]|\\.){1,80}")')
_LISTING_ID = re.compile(r'"listing_id"\s*:\s*"?(\d{5,15})|"listingId"\s*:\s*"?(\d{5,15})')
_SHOP_LINK = re.compile(r"/shop/([A-Za-z0-9]{2,40})(?=[/?#\"']|$)")


def extract(document: Document) -> Extracted:
    """Listing id, shop, title and price from an Etsy listing page."""
    # Etsy's JSON-LD `brand` is the shop's name, not a brand of the goods.
    found = Extracted(not_generic=frozenset({"brand"}))
    shop = document.search(_SHOP_NAME, '"shop_name"', 200)
    if shop:
        try:
            found.seller_name = json.loads(shop.group(1)).strip() or None
        except ValueError:
            found.seller_name = None
    if found.seller_name is None:
        holder = document.first("//*[@data-shop-name]")
        found.seller_name = holder.get("data-shop-name") if holder is not None else None
    if found.seller_name is None:
        link = document.first(
            "//*[@id='listing-page-cart' or @id='shop-info' or contains(@class, 'shop-name')]"
            "//a[contains(@href, '/shop/')]/@href"
        )
        match = _SHOP_LINK.search(link or "")
        found.seller_name = match.group(1) if match else None
    found.seller_id = found.seller_name
    listing = document.search(_LISTING_ID, '"listing_id"', 200) or document.search(
        _LISTING_ID, '"listingId"', 200)
    found.listing_id = (listing.group(1) or listing.group(2)) if listing else None
    heading = document.first("//h1[@data-buy-box-listing-title] | //*[@id='listing-page-cart']//h1")
    found.title = document.text(heading, 300) if heading is not None else None
    price_text = document.first_text(
        "//*[@data-buy-box-region='price']//p[contains(@class, 'wt-text-title')]",
        "//*[@data-selector='price-only']", limit=80,
    )
    found.price = generic.from_json_ld(document).price or (
        parse_price(price_text, currency_of_domain(document.domain)) if price_text else None
    )
    return found


MARKETPLACE = Marketplace(
    name="etsy",
    listing_patterns=(
        path(r"/listing/(\d{5,15})(?=[/?]|$)"),
    ),
    seller_patterns=(
        path(r"/shop/([A-Za-z0-9]{2,40})(?=[/?]|$)"),
    ),
    canonical_listing=decimal,
    canonical_seller=lower,
    listing_shape=digits(5, 15),
    seller_shape=shape(r"[a-z0-9]{2,40}", "a shop name: 2 to 40 letters or digits"),
    extractor=extract,
    short_link_hosts=frozenset({"etsy.me"}),
    title_affixes=title_affixes(
        r"(.+?)[ ]*[-|–—][ ]*Etsy(?:\.[a-z]{2,3}){0,2}(?:[ ]+(?:UK|Deutschland|France|Canada|Australia|Italia|España|Nederland|Polska|Ireland|India|Österreich|Schweiz|Suisse|Belgique|België|México|Japan|日本|New Zealand|Sverige|Norge|Danmark|Suomi|Portugal|Türkiye))?",
    ),
    # Etsy puts a language prefix before the path (/es/listing/...).
    checked_pages=checked_pages((r"^(?:/[a-z]{2}(?:-[a-z]{2})?)?/listing/",),
                                (r"^(?:/[a-z]{2}(?:-[a-z]{2})?)?/shop/",), flags=re.IGNORECASE,
                                content_paths=("/*listing/*", "/*shop/*")),
)
