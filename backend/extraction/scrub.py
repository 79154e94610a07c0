"""A page snapshot without what identifies the shopper, for keeping (reports, test fixtures).

The extension's Full-check snapshot is already built from allow-lists and scrubbed
(extension/content/snapshot.js, page-data.js), but any API client may send a raw page.
scrub_html() applies the extension's allow-lists on the server: JSON-LD keeps its product
and offer objects with JSON_LD_KEPT's keys, page data (__NEXT_DATA__) only the product
object with PRODUCT_KEYS' keys (page_data.py); meta tags only META_KEPT's names; a link
only the query parameters its own host's marketplace reads as ids; of other inline
scripts only the values the extractors find with regexes (radar-page-data). Where the
extension keeps less (only each marketplace's extractor regions), the server keeps the
elements, their text (scrubbed of e-mail addresses, phone and order numbers, and the name
after "Deliver to" or a greeting) and the attributes extractors test. Scripts, event
handlers, frames, form values, comments and personal areas (Amazon's delivery address,
eBay's greeting) go. See docs/privacy.md.
"""

import json
import logging
import re
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from .. import marketplaces, urls
from ..marketplaces import alibaba, aliexpress, amazon, etsy
from . import page_data
from .document import MAX_HTML_CHARS, load_json, parse_tree

log = logging.getLogger(__name__)

# The extension's patterns (page-data.js), with ASCII digits as JavaScript's \d.
EMAIL = re.compile(r"[\w.%+-]+@[^\W_](?:[\w-]*)(?:\.[\w-]+)*\.[^\W\d_]{2,}")
ORDER_NUMBER = re.compile(r"\b[0-9]{2,4}-[0-9]{5,8}-[0-9]{5,8}\b|[0-9]{16,}")
PHONE = re.compile(
    r"(?<![^\W_])(?:\+[0-9]{1,3}[ .\u00a0-]?)?(?:\([0-9]{1,5}\)[ .\u00a0-]?|[0-9]{1,5}[ .\u00a0-])"
    r"(?:[0-9]{2,5}[ .\u00a0-]){0,3}[0-9]{2,5}(?![^\W_])")
THOUSANDS = re.compile(r"^[0-9]{1,3}([ .,\u00a0])[0-9]{3}(?:\1[0-9]{3})*$")
# Who the page greets or delivers to: the words after these are a name (or a postcode).
_DELIVERY = (r"(?:deliver(?:ing)?\s+to|ship\s+to|livr(?:er|aison)\s+à|liefern\s+an|lieferung\s+an|"
             r"consegna\s+a|enviar\s+a|entregar\s+a)")
_GREETING = r"(?:hello|hi|hey|bonjour|hallo|ciao|hola|olá|welcome(?:\s+back)?)"
# A removed name becomes "…" (no word), so that scrubbing again removes nothing more.
HIDDEN = "…"
_WORD = r"[^\s,.;:!?<>|…]+"
# After "Deliver to" the rest of the line goes (a name, then often a town and postcode);
# after a greeting that opens the text, its name: "Hello, Jane", "Hi Janet Smithers!".
_NAMED = re.compile(rf"\b((?i:{_DELIVERY}))\s+[^\s…][^\n…]*"
                    rf"|^(\s*(?i:{_GREETING})\s*,)\s*{_WORD}(?:\s+[A-Z]{_WORD})?"
                    rf"|^(\s*(?i:{_GREETING}))\s+(?!(?i:back)\b){_WORD}(?:\s+[A-Z]{_WORD}){{0,2}}"
                    rf"(?=\s*[,!.]|\s*$)")
_ONLY_GREETING = re.compile(rf"(?i)^\s*(?:{_DELIVERY}|{_GREETING})\s*[,:]?\s*$")

# Attributes the extractors read (the extension's list, plus meta and script types); any
# other (event handlers, data-* page state with customer and session ids, styles) goes.
ATTRIBUTES = frozenset({
    "id", "class", "itemprop", "itemscope", "itemtype", "content", "href", "title", "name",
    "rel", "aria-label", "data-asin", "data-aui", "data-pl", "data-shop-name",
    "data-buy-box-listing-title", "data-buy-box-region", "data-selector", "data-testid",
    "data-type", "spm-c", "spm-index", "offer-display-feature-name", "property", "type",
})
# Inputs whose value is the page's own id (Amazon's ASIN and merchant), never typed text.
_ID_INPUTS = frozenset({"ASIN", "merchantID"})
_DROPPED = ("style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template",
            "canvas", "video", "audio", "picture", "source", "img", "svg", "base", "textarea",
            "select")
# Personal areas: Amazon's delivery address and account menu, eBay's greeting.
PERSONAL_IDS = (
    "contextualIngressPt", "contextualIngressPtLabel_deliveryShortLine", "glow-ingress-block",
    "glow-ingress-line1", "glow-ingress-line2", "nav-global-location-slot",
    "deliveryBlockMessage", "mir-layout-DELIVERY_BLOCK", "nav-tools", "gh-ug", "gh-eb-u",
)
# Meta tags the extractors read, by property or name (snapshot.js META_KEPT); og:image,
# csrf-token and the like go. A meta tag with neither is kept for its itemprop.
META_KEPT = re.compile(
    r"description|title|brand|twitter:title|twitter:description|product:[\w:.-]+|"
    r"og:(?:title|description|type|site_name|url|brand|price:\w+|availability)", re.IGNORECASE)
# The query parameters links to a marketplace keep besides its URL id parameters: those
# its extractor reads (content/marketplaces/<id>.js linkParams).
_LINK_PARAMS_EXTRA = {
    "amazon": ("field-lbr_brands_browse-bin", "field-keywords", "field-brandtextbin"),
    "ebay": ("requested",),
}
# The values extractors find with regexes in inline scripts (document.search): kept as
# the matched text only, in one script, so that the same searches still find them. The
# marketplace modules' own patterns, so that the two cannot drift apart (a test checks
# that every document.search() pattern is here).
PAGE_DATA_PATTERNS = (
    amazon._PARENT_ASIN, alibaba._SUPPLIER_IN_PAGE, alibaba._PRODUCT_ID, etsy._SHOP_NAME,
    etsy._LISTING_ID, *aliexpress._RUN_PARAMS.values(),
)
_DIGIT_OR_AT = re.compile(r"[@0-9]")
_IS_LINK = re.compile(r"(?i)(?:https?:)?//")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PAGE_DATA_MATCHES = 200


def _link_params() -> dict[str, frozenset[str]]:
    """Each marketplace's link query parameters: its URL ids, then _LINK_PARAMS_EXTRA."""
    params = {}
    for name, market in marketplaces.MARKETPLACES.items():
        params[name] = frozenset(
            [pattern.param for pattern in market.listing_patterns + market.seller_patterns
             if pattern.where == "query"] + list(_LINK_PARAMS_EXTRA.get(name, ())))
    return params


LINK_PARAMS = _link_params()


@cache
def _hosts() -> urls.UrlReader:
    """Hosts as the extension knows them (seed_data/marketplaces.csv): each marketplace's
    domains and their subdomains. Read at first use: backend.extension_gen also runs as a
    script (python -m), which it must not find imported already."""
    from ..extension_gen import marketplace_domains

    return urls.UrlReader({domain: name for name, domains in marketplace_domains().items()
                           for domain in domains})


def marketplace_of_host(host: str | None) -> str | None:
    """The marketplace whose domain serves host (www.ebay.co.uk: ebay), or None."""
    if not host:
        return None
    host = host.lower().rstrip(".")
    return _hosts().marketplace_of(host, host)


def scrub_text(text: str | None, names: bool = True) -> str | None:
    """text without e-mail addresses, phone and order numbers, or (names) a greeted name.

    names=False for a product's title (<title>, <h1>, a title meta tag): "Hello Kitty Plush"
    is a product there, and a shopper's name is not in it."""
    if not text:
        return text
    # The parser lets control characters through; lxml refuses to set them back.
    text = _NOT_XML.sub("", text)
    if _DIGIT_OR_AT.search(text):
        text = EMAIL.sub("", text)
        text = ORDER_NUMBER.sub("", text)
        text = PHONE.sub(_phone_or_number, text)
    if names and _NAMED.search(text):
        text = _NAMED.sub(
            lambda match: next(group for group in match.groups() if group) + " " + HIDDEN, text)
    return text


def _phone_or_number(match: re.Match) -> str:
    found = match.group(0)
    digits = sum(char.isdigit() for char in found)
    return "" if digits >= 9 and not THOUSANDS.match(found.strip()) else found


def scrub_link(value: str, page_host: str | None = None) -> str | None:
    """A link without fragment, credentials, e-mail addresses, session path parts or query
    parameters but the ids its host's marketplace reads (a relative link's host is
    page_host; none without one); None for a link that is not http(s) or relative."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    try:
        netloc = (parts.hostname or "") if parts.netloc else ""
        if netloc and parts.port:
            netloc += f":{parts.port}"
    except ValueError:
        return None
    path = "/".join(EMAIL.sub("", segment) for segment in parts.path.split("/")
                    if not re.match(r"(?i)ref[=_]", segment)
                    and not re.search(r"[0-9]{3}-[0-9]{7}-[0-9]{7}", segment))
    allowed = LINK_PARAMS.get(marketplace_of_host(netloc and parts.hostname or page_host), ())
    query = urlencode([(name, EMAIL.sub("", item))
                       for name, item in parse_qsl(parts.query, keep_blank_values=True)
                       if name in allowed]) if allowed else ""
    return _NOT_XML.sub("", urlunsplit((parts.scheme, netloc, path, query, "")))


def _json_script_text(value) -> str:
    # "<" escaped: the JSON can never end the script element early; ASCII, so that no
    # character lxml refuses can be in it.
    return json.dumps(value, ensure_ascii=True).replace("<", "\\u003c")


def _page_data(scripts_text: str) -> list[str]:
    """The texts the extractors' page-data regexes match in inline scripts."""
    found: list[str] = []
    for pattern in PAGE_DATA_PATTERNS:
        for count, match in enumerate(pattern.finditer(scripts_text)):
            if count >= _PAGE_DATA_MATCHES:
                break
            # Scrubbed like any text; a value that then no longer matches is not kept.
            text = scrub_text(match.group(0))
            if text not in found and pattern.fullmatch(text):
                found.append(text)
    return found


class _Page:
    """What the page's address says: its host, marketplace and listing id (all may be None)."""

    def __init__(self, url: str | None):
        self.host = self.marketplace = self.listing_id = None
        if url:
            try:
                facts = _hosts().read(url)
            except (urls.InvalidUrl, ValueError):
                return
            self.host, self.marketplace, self.listing_id = (
                facts.host, facts.marketplace, facts.listing_id)


def _scrub_script(script, page: _Page) -> str | None:
    """Trim a JSON-LD or page-data script to the product in place and return its new text;
    None if it must go."""
    if script.get("src") is not None:
        return None
    kind = (script.get("type") or "").lower()
    if "ld+json" in kind:
        data = load_json(script.text)
        kept = page_data.trimmed_json_ld(data, scrub_text) if data is not None else None
    elif script.get("id") == "__NEXT_DATA__":
        kept = page_data.trimmed_page_data(load_json(script.text), page.marketplace,
                                           page.listing_id, scrub_text)
        script.set("type", "application/json")
    else:
        return None
    if not kept:
        return None
    script.text = _json_script_text(kept)
    return script.text


def scrub_html(html: str | None, url: str | None = None) -> str | None:
    """The snapshot as kept: the same page for the extractors, without the shopper in it.

    url, the page's address, says whose ids relative links keep and which page data is the
    product. None when nothing can be kept: a page that cannot be parsed or scrubbed is not
    stored (never stored unscrubbed), and never fails the report it came with.
    """
    if not html or not isinstance(html, str):
        return None
    try:
        return _scrubbed(html, _Page(url if isinstance(url, str) else None))
    except Exception:  # noqa: BLE001 - a page must never break a report
        log.exception("Could not scrub a page snapshot; it is not kept")
        return None


def _scrubbed(html: str, page: _Page) -> str | None:
    # Control characters and lone surrogates go first: lxml cannot set them back.
    root = parse_tree(_NOT_XML.sub("", html[:MAX_HTML_CHARS]).encode("utf-8", "replace"))
    if root is None:
        return None
    # The regexes' values are looked for in every inline script as sent, then in the
    # trimmed data as kept (so that scrubbing again finds nothing new).
    inline_scripts, kept_data = [], []
    for script in list(root.iter("script")):
        if script.get("src") is None:
            inline_scripts.append(script.text or "")
        kept = _scrub_script(script, page)
        if kept is None:
            script.drop_tree()
        else:
            kept_data.append(kept)
    for element_id in PERSONAL_IDS:
        for element in root.xpath("//*[@id=$id]", id=element_id):
            element.drop_tree()
    for element in list(root.iter(*_DROPPED)):
        element.drop_tree()
    for link in list(root.iter("link")):
        if (link.get("rel") or "").lower() != "canonical":
            link.drop_tree()
    for meta in list(root.iter("meta")):
        key = (meta.get("property") or meta.get("name") or "").strip()
        if not (META_KEPT.fullmatch(key) if key else meta.get("itemprop")):
            meta.drop_tree()
    _scrub_elements(root, page.host)
    _scrub_texts(root)
    found = _page_data("\n".join(inline_scripts + kept_data))
    if found:
        head = root.find("head")
        if head is None:
            head = etree.Element("head")
            root.insert(0, head)
        script = etree.Element("script", id="radar-page-data", type="text/plain")
        script.text = _NOT_XML.sub("", "\n".join(found)).replace("</", "<\\/")
        head.insert(0, script)
    return "<!DOCTYPE html>\n" + lxml.html.tostring(root, encoding="unicode")


def _scrub_elements(root, page_host: str | None) -> None:
    """Allowed attributes only; links trimmed; input values only for the page's ids."""
    for element in root.iter(etree.Element):
        if not isinstance(element.tag, str) or not element.attrib:
            continue
        keep_value = element.tag == "input" and (
            element.get("id") in _ID_INPUTS or element.get("name") in _ID_INPUTS)
        kept = {}
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered == "value" and keep_value:
                kept[lowered] = scrub_text(value)
            elif lowered not in ATTRIBUTES:
                continue
            elif lowered == "href" or (lowered == "content" and _IS_LINK.match(value)):
                link = scrub_link(value, page_host)
                if link is not None:
                    kept[lowered] = link
            elif element.tag == "script" or lowered == "type":
                kept[lowered] = _NOT_XML.sub("", value)
            else:
                kept[lowered] = scrub_text(value, names=not _is_title_meta(element))
        # Rebuilt rather than deleted one by one: a name the parser let through may be
        # one lxml cannot look up (control characters).
        element.attrib.clear()
        for name, value in kept.items():
            element.set(name, value)


_TITLE_TAGS = ("title", "h1")
_TITLE_META = re.compile(r"(?i)(?:og:|twitter:)?title")


def _is_title_meta(element) -> bool:
    return element.tag == "meta" and bool(_TITLE_META.fullmatch(
        element.get("property") or element.get("name") or ""))


def _scrub_texts(root) -> None:
    """Scrub every text node; a greeting alone ("Hello,") takes the next short text with it.
    Inside <title> and <h1> (the product's title) no name is looked for."""
    after_greeting = False
    in_title = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        # Document order: an element's text at its start, its tail after its content.
        place = "text" if event == "start" else "tail"
        if element.tag in _TITLE_TAGS:
            in_title += 1 if event == "start" else -1
        if place == "text" and (element.tag == "script" or not isinstance(element.tag, str)):
            continue
        text = getattr(element, place)
        if text and text.strip():
            if in_title and place == "text":
                text = scrub_text(text, names=False)
            elif (after_greeting and len(text.strip()) <= 40 and len(text.split()) <= 3
                  and HIDDEN not in text):  # scrubbed once already: "Deliver to …" stays
                text = HIDDEN
                after_greeting = False
            else:
                after_greeting = bool(_ONLY_GREETING.match(text))
                text = scrub_text(text)
            setattr(element, place, text)
