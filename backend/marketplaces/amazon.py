"""Amazon: ASINs in /dp/, /gp/product/, /gp/aw/d/ ...; merchant ids in seller=, smid=, me=."""

import re
from urllib.parse import parse_qs, unquote_plus, urlsplit

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import currency_of_domain, parse_price
from .base import Marketplace, title_affixes, checked_pages, path, query, shape, upper

# Amazon's own retail seller on each site: a page that says "sold by Amazon" is
# sold by this merchant id. Only ids we are sure of; add others when verified.
RETAIL_SELLER_BY_DOMAIN = {
    "amazon.com": "ATVPDKIKX0DER",
    "amazon.co.uk": "A3P5ROKL5A1OLE",
    "amazon.de": "A3JWKAKR8XB7XF",
    "amazon.fr": "A1X6FK5RDHNB96",
    "amazon.it": "A11IL2PNWYJU7H",
    "amazon.es": "A1AT7YVPFBWXBL",
    "amazon.ca": "A3DWYIK6Y9EEQB",
    "amazon.co.jp": "AN1VRQENFRJN5",
    "amazon.com.au": "ANEGB3WVEVKZB",
}
RETAIL_SELLER_IDS = frozenset(RETAIL_SELLER_BY_DOMAIN.values())
RETAIL_NAME = "Amazon"

_ASIN_VALUE = re.compile(r"^[A-Z0-9]{10}$")
_PARENT_ASIN = re.compile(r'"currentAsin"\s*:\s*"[A-Z0-9]{10}"\s*,\s*"parentAsin"\s*:\s*"([A-Z0-9]{10})"')
_SOLD_BY_AMAZON = re.compile(
    r"(?:sold\s+by|vendu\s+par|durch|venduto\s+da|vendido\s+por|verkocht\s+door|"
    r"sprzedawca:?|販売元:?)\s*Amazon(?:\.[a-z.]{2,6})?(?![\w-]|\s+(?:Warehouse|Resale))",
    re.IGNORECASE,
)
# "Brand: X", "Visit the X Store" and their translations in #bylineInfo.
_BYLINE = (
    re.compile(r"^(?:Brand|Marke|Marque|Marca|Merk|Marka|ブランド)\s*:\s*(.+)$", re.IGNORECASE),
    re.compile(r"^Visit the (.+?) Store$"),
    re.compile(r"^Besuchen Sie den (.+?)-Store$"),
    re.compile(r"^Visiter la boutique (.+)$"),
    re.compile(r"^Visita la tienda de (.+)$"),
    re.compile(r"^Visita lo Store di (.+)$"),
)
_PRICE_IDS = (
    "priceblock_dealprice", "priceblock_saleprice", "priceblock_ourprice", "price_inside_buybox",
    "newBuyBoxPrice", "price",
)


def extract(document: Document) -> Extracted:
    """ASIN, merchant, title, price and brand from an Amazon product page."""
    found = Extracted()
    asin = _asin(document)
    found.listing_id = asin
    if asin:
        # The twister's state names the parent of the variant on show.
        parent = document.search(_PARENT_ASIN, '"currentAsin" : "' + asin + '"', 200) or \
            document.search(_PARENT_ASIN, '"currentAsin":"' + asin + '"', 200)
        if parent and parent.group(1) != asin:
            found.parent_listing_id = parent.group(1)
    found.seller_id, found.seller_name = _seller(document)
    title = document.first_id("productTitle")
    found.title = (document.text(title, 500) or title.get("value")) if title is not None else None
    found.price = _price(document)
    found.brand = _brand(document)
    return found


def _asin(document: Document) -> str | None:
    for element in document.by_id("ASIN"):
        value = (element.get("value") or "").strip().upper()
        if _ASIN_VALUE.match(value):
            return value
    for value in document.xpath("//input[@name='ASIN']/@value")[:3]:
        if _ASIN_VALUE.match(value.strip().upper()):
            return value.strip().upper()
    holder = document.first("//*[@data-asin and (@id='dp' or @id='dp-container' or @id='ppd')]")
    return holder.get("data-asin") if holder is not None else None


def _seller_in_link(link) -> str | None:
    values = parse_qs(urlsplit(link.get("href") or "").query).get("seller")
    return values[0].strip().upper() if values else None


def _seller(document: Document) -> tuple[str | None, str | None]:
    """The buy box's merchant id and name (the first, selected offer)."""
    merchant = next(
        (value for element in document.by_id("merchantID")
         if (value := (element.get("value") or "").strip().upper())),
        None,
    )
    link = document.first_id("sellerProfileTriggerId")
    link_seller = _seller_in_link(link) if link is not None else None
    info = next(
        (text for element in document.by_id("merchant-info") if (text := document.text(element))),
        None,
    )
    if info is None and merchant is None and link is None:
        info = document.first_text(
            "//*[@offer-display-feature-name='desktop-merchant-info']"
            "//*[contains(@class, 'offer-display-feature-text')]",
            "//*[@id='tabular-buybox']//*[contains(@class, 'tabular-buybox-text')]",
        ) if document.mentions("desktop-merchant-info", "tabular-buybox") else None
    retail = RETAIL_SELLER_BY_DOMAIN.get(document.domain or "")
    seller_id = merchant or link_seller
    name = None
    if link is not None and (link_seller is None or link_seller == seller_id):
        name = document.text(link, 200)
    if seller_id is None and info and _SOLD_BY_AMAZON.search(info):
        seller_id = retail
    if name is None and (seller_id in RETAIL_SELLER_IDS or (
            info and _SOLD_BY_AMAZON.search(info) and seller_id == retail)):
        name = RETAIL_NAME
    return seller_id, name


def _price(document: Document):
    default = currency_of_domain(document.domain)
    for element_id in _PRICE_IDS:
        for element in document.by_id(element_id):
            price = parse_price(document.text(element, 80), default)
            if price is not None:
                return price
    for element_id in ("corePrice_feature_div", "corePriceDisplay_desktop_feature_div",
                       "apex_desktop", "tp_price_block_total_price_ww"):
        for element in document.by_id(element_id)[:2]:
            for text in document.xpath(".//span[contains(@class, 'a-offscreen')]/text()",
                                       element)[:3]:
                price = parse_price(text, default)
                if price is not None:
                    return price
    return None


def _brand(document: Document) -> str | None:
    byline = document.first_id("bylineInfo")
    if byline is None or "bylineHidden" in (byline.get("class") or ""):
        return None
    text = document.text(byline, 200)
    if text:
        for pattern in _BYLINE:
            match = pattern.match(text)
            if match:
                return match.group(1).strip()
    href = byline.get("href") or ""
    store = re.search(r"/stores/([^/]+)/page/", href)
    if store:
        return unquote_plus(store.group(1)).strip() or None
    query_values = parse_qs(urlsplit(href).query)
    for key in ("field-lbr_brands_browse-bin", "field-keywords", "field-brandtextbin"):
        if query_values.get(key):
            return query_values[key][0].strip() or None
    return None


_ASIN = r"([A-Z0-9]{10})(?=[/?#]|$)"
_MERCHANT = r"(A[A-Z0-9]{9,20})"

MARKETPLACE = Marketplace(
    name="amazon",
    listing_patterns=(
        path(r"/dp/(?:product/)?" + _ASIN),
        path(r"/gp/(?:product|aw/d|offer-listing)/(?:glance/)?" + _ASIN),
        path(r"/exec/obidos/(?:asin|tg/detail/-)/" + _ASIN),
        path(r"/o/(?:asin/)?" + _ASIN),
        query("asin", r"([A-Z0-9]{10})"),
    ),
    seller_patterns=(
        query("seller", _MERCHANT),
        query("smid", _MERCHANT),
        query("me", _MERCHANT),
        query("merchant", _MERCHANT),
        path(r"/shops/" + _MERCHANT + r"(?=[/?]|$)"),
    ),
    canonical_listing=upper,
    canonical_seller=upper,
    listing_shape=shape(r"[A-Z0-9]{10}", "an ASIN: 10 letters or digits"),
    seller_shape=shape(r"A[A-Z0-9]{9,21}", "A followed by 9 to 21 letters or digits"),
    extractor=extract,
    retail_seller_ids=RETAIL_SELLER_IDS,
    # Amazon changes the URL without a reload: the content script runs on every page.
    short_link_hosts=frozenset({"a.co", "amzn.to", "amzn.eu", "amzn.asia"}),
    title_affixes=title_affixes(
        r"Amazon(?:\.[a-z]{2,3}){1,2}[ ]*:[ ]*(.+?)(?:[ ]+:[ ]+[^:]{1,60})?",
        r"(.+?)[ ]*:[ ]*Amazon(?:\.[a-z]{2,3}){1,2}(?:[ ]*:[ ]*[^:]{0,80})?",
        r"Amazon[ ]*\|[ ]*(.+?)(?:[ ]*\|[^|]*)*",
    ),
    checked_pages=checked_pages(
        (re.compile(r"(?:^|/)dp/[A-Z0-9]{10}(?:[/?]|$)", re.IGNORECASE), r"/gp/product/",
         r"/gp/aw/d/"),
        (r"^/sp(?:[/?]|$)", r"^/s/?\?(?:.*&)?me="),
        single_page=True,
    ),
)
