"""Structured page data trimmed to the product, by the extension's allow-lists.

A port of extension/content/page-data.js (trimJson, trimmedJsonLd, trimmedPageData) for
the server's scrub (scrub.py): JSON-LD keeps only its product and offer objects with the
keys in JSON_LD_KEPT; page data such as __NEXT_DATA__ keeps only the one object that looks
like the product (found by shape), with the keys in PRODUCT_KEYS, under the path that leads
to it. Nothing else in either is kept, whatever it is called.
"""

import re
from typing import Callable

from . import generic

# Keys under which a product's facts sit in page data (page-data.js PRODUCT_KEYS).
PRODUCT_KEYS = frozenset({
    "name", "title", "brand", "usItemId", "itemId", "productId", "goodsId", "goods_id", "sku",
    "catalogSellerId", "sellerId", "sellerDisplayName", "sellerName", "mallId", "mall_id",
    "storeName", "storeId", "priceInfo", "currentPrice", "price", "priceString",
    "currencyUnit", "currency", "priceCurrency", "offers", "lowPrice", "highPrice", "@type",
})
# Keys whose presence (with a name or title) makes an object look like a product.
PRODUCT_SIGNS = re.compile(r"priceInfo|currentPrice|price|offers|usItemId|catalogSellerId|"
                           r"sellerId|goodsId|goods_id|productId|itemId|sku")
# Subtrees named like the shopper's own: the search for the product never walks into them.
PERSONAL_KEYS = re.compile(r"user|account|customer|viewer|session|cart|basket|order|address|"
                           r"profile|wishlist|history|recent|login|auth|token|message|chat|"
                           r"search|query", re.IGNORECASE)
JSON_LD_KEPT = frozenset({
    "@context", "@type", "name", "brand", "sku", "mpn", "gtin", "gtin8", "gtin12", "gtin13",
    "gtin14", "productID", "offers", "price", "lowPrice", "highPrice", "priceCurrency",
    "priceSpecification", "seller", "availability", "itemCondition", "@graph",
})
# Where a marketplace's extractor reads its product (content/marketplaces/<id>.js
# productPath; walmart.py digs the same path): the object there wins.
PRODUCT_PATHS = {"walmart": ("props", "pageProps", "initialData", "data", "product")}
# schema.org types the extractors read as a product (generic.py _PRODUCT_TYPES).
PRODUCT_TYPES = frozenset({"product", "productgroup", "individualproduct", "productmodel",
                           "vehicle", "car", "book", "offer"})
_MISSING = object()
_MAX_NODES = 50_000
_MAX_TRAIL = 14
_MAX_DEPTH = 8


def trim_json(value, keys: frozenset, scrub: Callable[[str], str], depth: int = 0):
    """value with only the object keys in keys (at any depth), strings scrubbed and cut,
    arrays cut to 50 items; _MISSING for what is dropped."""
    if depth > _MAX_DEPTH:
        return _MISSING
    if isinstance(value, str):
        return scrub(value)[:500]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, list):
        items = (trim_json(item, keys, scrub, depth + 1) for item in value[:50])
        return [item for item in items if item is not _MISSING]
    if isinstance(value, dict):
        trimmed = {}
        for key, item in value.items():
            if key in keys:
                kept = trim_json(item, keys, scrub, depth + 1)
                if kept is not _MISSING:
                    trimmed[key] = kept
        return trimmed
    return _MISSING


def trimmed_json_ld(block, scrub: Callable[[str], str]) -> list[dict]:
    """The product and offer objects of a JSON-LD block, with the JSON_LD_KEPT keys only."""
    products = []
    for node in generic.json_ld_objects([block]):
        if generic.type_names(node) & PRODUCT_TYPES:
            trimmed = trim_json(node, JSON_LD_KEPT, scrub)
            trimmed.pop("@graph", None)
            products.append(trimmed)
    return products


def _as_js_string(value) -> str | None:
    # String(value) in JavaScript, for the values an id can be (a listing id is compared).
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def trimmed_page_data(data, marketplace: str | None, listing_id: str | None,
                      scrub: Callable[[str], str]):
    """The product object of page data and the path to it, trimmed to PRODUCT_KEYS; or None.

    The product is the named object with the most product signs, preferring the
    marketplace's known product path, then an object that names the page's listing.
    """
    if not isinstance(data, (dict, list)):
        return None
    known_path = PRODUCT_PATHS.get(marketplace or "")
    best = None
    stack = [(data, ())]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, trail = stack.pop()
        seen += 1
        if not isinstance(node, (dict, list)) or len(trail) > _MAX_TRAIL:
            continue
        if isinstance(node, dict):
            named = isinstance(node.get("name"), str) or isinstance(node.get("title"), str)
            signs = sum(1 for key in node if PRODUCT_SIGNS.fullmatch(key))
            if named and signs:
                known = known_path is not None and known_path == trail
                mentions = bool(listing_id) and any(
                    _as_js_string(item) == listing_id for item in node.values())
                score = (1000 if known else 0) + (100 if mentions else 0) + signs - len(trail) / 100
                if best is None or score > best[2]:
                    best = (node, trail, score)
        children = node.items() if isinstance(node, dict) else (
            (str(index), item) for index, item in enumerate(node))
        for key, child in children:
            if isinstance(child, (dict, list)) and not PERSONAL_KEYS.search(key):
                stack.append((child, trail + (key,)))
    if best is None:
        return None
    wrapped = trim_json(best[0], PRODUCT_KEYS, scrub)
    for key in reversed(best[1]):
        wrapped = [wrapped] if key.isascii() and key.isdigit() else {key: wrapped}
    return wrapped
