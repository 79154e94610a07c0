"""Any shop: JSON-LD Product/Offer, OpenGraph and product: meta tags, microdata."""

from ..page import Price
from ..text import clean_text
from .document import Document
from .extracted import Extracted
from .prices import currency_of_domain, parse_price, structured_price

_MAX_NODES = 2000  # JSON-LD objects looked at per page
_MAX_DEPTH = 12
_PRODUCT_TYPES = frozenset({"product", "productgroup", "individualproduct", "productmodel",
                            "vehicle", "car", "book", "offer"})


def extract(document: Document) -> Extracted:
    """Fields from structured data: JSON-LD first, then OpenGraph, then microdata."""
    found = from_json_ld(document)
    found.fill_from(from_meta(document))
    found.fill_from(from_microdata(document))
    return found


# -- JSON-LD ---------------------------------------------------------------------

def type_names(node: dict) -> set[str]:
    """A JSON-LD object's @type names, lower-case, without a schema.org URL's prefix."""
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(kind).rsplit("/", 1)[-1].lower() for kind in kinds if kind}


def json_ld_nodes(document: Document):
    """Every JSON-LD object on the page (@graph, arrays and nesting unrolled), bounded."""
    return json_ld_objects(document.json_ld)


def json_ld_objects(blocks: list):
    """Every object of the JSON-LD blocks (@graph, arrays and nesting unrolled), bounded;
    the server's scrub (page_data.py) walks a block the same way."""
    stack = [(block, 0) for block in reversed(blocks)]
    seen = 0
    while stack and seen < _MAX_NODES:
        node, depth = stack.pop()
        seen += 1
        if depth > _MAX_DEPTH:
            continue
        if isinstance(node, list):
            stack.extend((item, depth + 1) for item in reversed(node[:200]))
        elif isinstance(node, dict):
            yield node
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack.extend((item, depth + 1) for item in reversed(graph[:200]))


def json_ld_products(document: Document) -> list[dict]:
    """The JSON-LD Product-like objects (products first, bare offers after)."""
    products, offers = [], []
    for node in json_ld_nodes(document):
        kinds = type_names(node)
        if kinds & (_PRODUCT_TYPES - {"offer"}):
            products.append(node)
        elif "offer" in kinds:
            offers.append(node)
    return products + offers


def has_product_data(document: Document) -> bool:
    """Whether the page declares a product: a JSON-LD Product or Offer, or a microdata Product."""
    if json_ld_products(document):
        return True
    return document.mentions("schema.org/Product") and document.first(_PRODUCT_SCOPE) is not None


def _name_of(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return clean_text(value, 300) if isinstance(value, str) else None


def _offers(product: dict) -> list[dict]:
    offers = product.get("offers") if "offers" in product else (
        product if "offer" in type_names(product) else None
    )
    if isinstance(offers, dict):
        nested = offers.get("offers")
        return [offers] + ([o for o in nested if isinstance(o, dict)] if isinstance(nested, list) else [])
    if isinstance(offers, list):
        return [offer for offer in offers[:50] if isinstance(offer, dict)]
    return []


def offer_price(offer: dict) -> Price | None:
    """The price of a schema.org Offer / AggregateOffer (or its priceSpecification)."""
    specification = offer.get("priceSpecification")
    if isinstance(specification, list):
        specification = specification[0] if specification else None
    sources = [offer] + ([specification] if isinstance(specification, dict) else [])
    for source in sources:
        currency = source.get("priceCurrency")
        currency = currency if isinstance(currency, str) else None
        for key in ("price", "lowPrice", "highPrice"):
            value = source.get(key)
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                price = structured_price(value, currency)
                if price is not None:
                    return price
    return None


def from_json_ld(document: Document) -> Extracted:
    """Title, price, brand, sku and seller of the first JSON-LD product."""
    found = Extracted()
    for product in json_ld_products(document):
        found.title = found.title or _name_of(product.get("name"))
        found.brand = found.brand or _name_of(product.get("brand"))
        for offer in _offers(product):
            found.price = found.price or offer_price(offer)
            found.seller_name = found.seller_name or _name_of(offer.get("seller"))
        if found.title and found.price:
            break
    return found


# -- OpenGraph and friends -------------------------------------------------------

def from_meta(document: Document) -> Extracted:
    """og:title, product:price:amount/currency, product:brand (and their og: twins)."""
    found = Extracted()
    found.title = document.meta("og:title", "twitter:title")
    amount = document.meta("product:price:amount", "og:price:amount", "product:sale_price:amount")
    currency = document.meta(
        "product:price:currency", "og:price:currency", "product:sale_price:currency"
    )
    if amount:
        found.price = structured_price(amount, currency)
    found.brand = document.meta("product:brand", "og:brand", "brand")
    return found


# -- microdata -------------------------------------------------------------------

_PRODUCT_SCOPE = "//*[@itemscope and contains(@itemtype, 'schema.org/Product')]"


def from_microdata(document: Document) -> Extracted:
    """itemprop name/price/priceCurrency/brand inside a schema.org/Product item."""
    found = Extracted()
    if not document.mentions("schema.org/Product"):
        return found
    # The page's first name/brand/price items; a Product item exists on the page.
    if document.first(_PRODUCT_SCOPE) is None:
        return found
    name = next(iter(document.by_itemprop("name")), None)
    if name is not None:
        found.title = clean_text(name.get("content"), 300) or document.text(name, 300)
    brand = next(iter(document.by_itemprop("brand")), None)
    if brand is not None:
        inner = document.first(".//*[@itemprop='name']", brand)
        found.brand = clean_text(brand.get("content"), 100) or document.text(
            inner if inner is not None else brand, 100
        )
    price = next(iter(document.by_itemprop("price") + document.by_itemprop("lowPrice")), None)
    currency = next(iter(document.by_itemprop("priceCurrency")), None)
    if price is not None:
        currency_code = None
        if currency is not None:
            currency_code = currency.get("content") or document.text(currency, 10)
        # A content attribute is schema.org data; the element's text is display text.
        content = price.get("content")
        found.price = structured_price(content, currency_code, currency_of_page(document)) if content \
            else parse_price(document.text(price, 60) or "", currency_of_page(document), currency_code)
    return found


def currency_of_page(document: Document) -> str | None:
    """The currency a bare "$" means on this site."""
    return currency_of_domain(document.domain)
