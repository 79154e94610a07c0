"""A check: what the URL, the request and the snapshot say, matched against the list."""

from dataclasses import dataclass

from sqlite_utils import Database

from . import marketplaces
from .matching import rules, scoring
from .matching.catalog import Catalog
from .page import Page, Price


@dataclass
class CheckRequest:
    """A validated check request (see api/check.py for the validation)."""

    url: str
    title: str | None = None
    seller_id: str | None = None
    seller_name: str | None = None
    price: Price | None = None
    brand: str | None = None
    html: str | None = None


def read_page(catalog: Catalog, request: CheckRequest) -> Page:
    """The page facts: the request's own fields first, then the URL."""
    facts = catalog.urls.read(request.url)
    page = Page(
        url=facts.canonical, host=facts.host, domain=facts.domain,
        marketplace=facts.marketplace, listing_id=facts.listing_id, seller_id=facts.seller_id,
    )
    market = marketplaces.get(page.marketplace)
    if request.seller_id:
        page.seller_id = market.canonical_seller(request.seller_id) if market else request.seller_id
    page.seller_name = request.seller_name
    page.title = request.title
    page.price = request.price
    page.brand = request.brand
    return page


def run(db: Database, catalog: Catalog, request: CheckRequest) -> dict:
    """Check one page and return the contract's response body."""
    page = read_page(catalog, request)
    brand = catalog.brand_named(page.brand) or catalog.find_brand(page.title)
    if brand is not None and not page.brand:
        page.brand = brand.name
    reasons = (
        rules.list_reasons(db, page)
        + rules.title_reasons(catalog, page, brand_known=brand is not None or bool(page.brand))
        + rules.price_reasons(catalog, page, brand)
        + rules.site_reasons(catalog, page)
    )
    severity_rank = {"high": 0, "medium": 1, "low": 2, "info": 3}
    reasons.sort(key=lambda reason: severity_rank[reason.severity])
    return {
        "verdict": scoring.verdict_of(reasons),
        "score": scoring.score_of(reasons),
        "page": page.to_json(),
        "reasons": [reason.to_json() for reason in reasons],
        "list_version": catalog.version,
    }
