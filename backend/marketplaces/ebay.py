"""eBay: item numbers in /itm/[slug/]ID and item=; user names in /usr/NAME, _ssn= and store headers."""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from ..extraction.document import Document
from ..extraction.extracted import Extracted
from ..extraction.prices import currency_of_domain, parse_price, structured_price
from .base import Marketplace, title_affixes, checked_pages, decimal, digits, lower, path, query, shape

_USER = r"([A-Za-z0-9][A-Za-z0-9._*-]{0,63})"
_USER_LINK = re.compile(r"/usr/" + _USER + r"(?=[/?#]|$)")
_FEEDBACK_LINK = re.compile(r"/fdbk/(?:feedback_profile|mweb_profile)/" + _USER + r"(?=[/?#]|$)")
_ITEM_NUMBER = re.compile(r"\b(\d{9,15})\b")
_TITLE_SUFFIX = re.compile(r"\s*\|\s*eBay\s*$", re.IGNORECASE)
# A store page (/str/NAME, whose NAME is the store's, not the user id; /usr/NAME too) names
# its seller in the header's seller card: the first card on the page (later ones would be
# other stores'). Of the card, only links count, and none inside a description: the store's
# description and items are the seller's own words, and eBay's global header names the
# shopper who is signed in.
_STORE_CARD = "(//*[contains(concat(' ', normalize-space(@class), ' '), ' str-seller-card ')])[1]"
_STORE_CARD_LINKS = ".//a[not(ancestor::*[contains(@class, 'description')])]/@href"
_STORE_NAME = ".//*[contains(@class, 'str-seller-card__store-name')]"


def extract(document: Document) -> Extracted:
    """Item number, seller, title, price and brand from an eBay item page (both layouts) or store page."""
    found = Extracted()
    found.listing_id = _item_number(document)
    found.seller_id, found.seller_name = _seller(document)
    found.title = _title(document)
    found.price = _price(document)
    found.brand = _brand(document)
    return found


def _brand(document: Document) -> str | None:
    if document.mentions("ux-labels-values--brand"):
        brand = document.first_text(
            "//*[contains(@class, 'ux-labels-values--brand')]"
            "//*[contains(@class, 'ux-labels-values__values')]", limit=100)
        if brand:
            return brand
    if document.mentions("attrLabels"):
        brand = document.first_text(
            "//td[contains(@class, 'attrLabels')][starts-with(normalize-space(), 'Brand') or "
        "starts-with(normalize-space(), 'Marke') or starts-with(normalize-space(), 'Marque') or "
        "starts-with(normalize-space(), 'Marca') or starts-with(normalize-space(), 'Merk')]"
        "/following-sibling::td[1]", limit=100)
        if brand:
            return brand
    for element in document.by_itemprop("brand")[:1]:
        inner = document.first(".//*[@itemprop='name']", element)
        return document.text(inner if inner is not None else element, 100)
    return None


def _item_number(document: Document) -> str | None:
    text = document.text(document.first_id("descItemNumber"), 80)
    if not text and document.mentions("textual-display--itemId"):
        text = document.first_text(
            "//*[contains(@class, 'ux-layout-section__textual-display--itemId')]"
            "//*[contains(@class, 'ux-textspans--BOLD')]",
            "//*[contains(@class, 'ux-layout-section__textual-display--itemId')]",
            limit=80,
        )
    match = _ITEM_NUMBER.search(text or "")
    return match.group(1) if match else None


def _user_in(href: str | None) -> str | None:
    """The user id an eBay link names (/usr/NAME, feedback profile, _ssn=, requested=)."""
    if not href:
        return None
    href = unquote(href)
    for pattern in (_USER_LINK, _FEEDBACK_LINK):
        match = pattern.search(href)
        if match:
            return match.group(1)
    query_values = parse_qs(urlsplit(href).query)
    for key in ("_ssn", "requested", "sid"):
        if query_values.get(key):
            return query_values[key][0]
    return None


def _seller(document: Document) -> tuple[str | None, str | None]:
    # Current layout: the seller card above the fold. Its link often goes to the
    # store (/str/slug), which is not the user id; the card's title attribute and
    # its other links (feedback, contact, other items) carry the user id.
    card = document.first("//*[contains(@class, 'x-sellercard-atf')]") if document.mentions(
        "x-sellercard-atf") else None
    if card is not None:
        about = document.first(".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]", card)
        name = document.first_text_in(card, (
            ".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]"
            "//*[contains(@class, 'ux-textspans--BOLD')]",
            ".//*[contains(@class, 'x-sellercard-atf__info__about-seller')]//a",
        ))
        user = None
        for href in document.xpath(".//a/@href", card)[:20]:
            user = _user_in(href)
            if user:
                break
        if user is None and about is not None and about.get("title"):
            user = about.get("title").strip()
        return user, name or user
    card = document.first(_STORE_CARD) if document.mentions("str-seller-card") else None
    if card is not None:
        return _store_seller(document, card)
    # Older layout: #mbgLink to /usr/NAME, the name in .mbg-nw.
    link = document.first_id("mbgLink")
    if link is None and document.mentions("si-inner"):
        link = document.first("//*[contains(@class, 'si-inner')]//a[contains(@href, '/usr/')]")
    user = _user_in(link.get("href")) if link is not None else None
    name = document.first_text("//span[@class='mbg-nw']", limit=100) if document.mentions(
        "mbg-nw") else None
    if user is None and name:
        user = name
    return user, name or user


def _store_seller(document: Document, card) -> tuple[str | None, str | None]:
    """The user id and store name a store page's seller card names; no id if its links disagree."""
    users = set()
    for href in document.xpath(_STORE_CARD_LINKS, card)[:40]:
        user = lower(_user_in(href) or "")
        if MARKETPLACE.seller_shape.fits(user):  # else not a user id: the link names no one
            users.add(user)
    # Links naming two users leave the page's seller unknown rather than guessed.
    user = users.pop() if len(users) == 1 else None
    name = document.first_text_in(card, (_STORE_NAME,), limit=100)
    return user, name or user


def _title(document: Document) -> str | None:
    if document.mentions("x-item-title__mainTitle"):
        current = document.first_text(
            "//h1[contains(@class, 'x-item-title__mainTitle')]", limit=300
        )
        if current:
            return current
    older = document.first_id("itemTitle")
    if older is not None:
        # The h1 starts with a hidden "Details about" and may end with a
        # "see original title" link: the title is the h1's own text.
        title = document.own_text(older, 300)
        if title:
            return title
    og_title = document.meta("og:title")
    return _TITLE_SUFFIX.sub("", og_title) if og_title else None


def _price(document: Document):
    default = currency_of_domain(document.domain)
    currency = next((element.get("content") for element in document.by_itemprop("priceCurrency")
                     if element.get("content")), None)
    for element in document.by_itemprop("price")[:3]:
        content = element.get("content")  # schema.org data; the text is display text
        price = structured_price(content, currency, default) if content else parse_price(
            document.text(element, 60) or "", default, currency)
        if price is not None:
            return price
    text = None
    if document.mentions("x-price-primary"):
        text = document.first_text(
            "//*[contains(@class, 'x-price-primary')]//*[contains(@class, 'ux-textspans')]",
            "//*[contains(@class, 'x-price-primary')]", limit=80,
        )
    text = text or document.text(document.first_id("prcIsum", "mm-saleDscPrc", "prcIsum_bidPrice"), 80)
    return parse_price(text, default) if text else None


MARKETPLACE = Marketplace(
    name="ebay",
    label="eBay",
    listing_patterns=(
        path(r"/itm/(?:[^/]+/)?(\d{9,15})(?=[/?]|$)"),
        query("item", r"(\d{9,15})"),
        query("itm", r"(\d{9,15})"),
    ),
    seller_patterns=(
        path(r"/usr/" + _USER + r"(?=[/?]|$)"),
        query("_ssn", _USER),
        query("sid", _USER),
    ),
    canonical_listing=decimal,
    canonical_seller=lower,
    listing_shape=digits(9, 15),
    seller_shape=shape(r"[a-z0-9][a-z0-9._*-]{0,63}", "a user name: letters, digits and . _ * -"),
    extractor=extract,
    short_link_hosts=frozenset({"ebay.us"}),
    title_affixes=title_affixes(
        r"(.+?)(?:[ ]+for sale online)?[ ]*[-|–—][ ]*eBay(?:\.[a-z]{2,3}){0,2}",
    ),
    checked_pages=checked_pages((r"^/itm/",), (r"^/usr/", r"^/str/"),
                                content_paths=("/itm/*", "/usr/*", "/str/*")),
)
