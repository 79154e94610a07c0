"""A check: what the URL, the request and the snapshot say, matched against the list."""

from dataclasses import dataclass

from sqlite_utils import Database

from . import extraction, marketplaces
from .errors import InvalidInput
from .matching import compatibility, rules, scoring
from .matching.catalog import Catalog
from .matching.reasons import SEVERITY_RANK
from .models.fields import CONTROL_CHARACTERS
from .page import Page, Price


@dataclass
class CheckRequest:
    """A validated check request: the body's shape and its validation are
    models/check.py's CheckRequest; api/check.py's page_request makes this from it."""

    url: str
    title: str | None = None
    seller_id: str | None = None
    seller_name: str | None = None
    price: Price | None = None
    brand: str | None = None
    html: str | None = None


def read_page(catalog: Catalog, request: CheckRequest, *, strict_ids: bool = False) -> Page:
    """The page facts: the request's own fields first, then the URL, then the snapshot.

    Ids the URL names win over ids read from the page: a page showing a variant
    (an Amazon child ASIN under the parent's URL) keeps the URL's id, and the
    page's own id and its parent's are matched against the list too
    (alternate_listing_ids).
    A `seller.id` that cannot be one of the marketplace's is ignored (a check still
    answers from the URL and the snapshot), or refused with strict_ids (reports).
    """
    facts = catalog.urls.read(request.url)
    page = Page(
        url=facts.canonical, host=facts.host, domain=facts.domain,
        marketplace=facts.marketplace, listing_id=facts.listing_id, seller_id=facts.seller_id,
    )
    market = marketplaces.get(page.marketplace)
    if request.seller_id:
        try:
            page.seller_id = _requested_seller_id(market, request.seller_id)
        except ValueError as error:
            if strict_ids:
                raise InvalidInput(f"`seller.id` {error}") from None
    found = extraction.extract(request.html, market, facts.domain, facts.host,
                               request.url) if request.html else None
    if found is not None:
        _merge_extracted(page, found)
    page.seller_name = request.seller_name or page.seller_name
    page.title = request.title or page.title
    page.price = request.price or page.price
    page.brand = request.brand or page.brand
    return page


def _requested_seller_id(market, seller_id: str) -> str:
    """The request's seller id in canonical form; ValueError if it cannot be a seller's."""
    if market is not None:
        return market.seller_key(seller_id)
    if CONTROL_CHARACTERS.search(seller_id):
        raise ValueError(f"{seller_id!r} contains control characters")
    return seller_id


def _merge_extracted(page: Page, found: extraction.Extracted) -> None:
    """Fill the page from the snapshot where the URL and the request said nothing."""
    if page.listing_id is None:
        page.listing_id = found.listing_id
    # A listed variant, or a listed parent (Amazon's parent ASIN, reported from a page
    # whose URL named the parent), is caught whichever of the family the URL names.
    page.alternate_listing_ids = tuple(dict.fromkeys(
        key for key in (found.listing_id, found.parent_listing_id)
        if key and key != page.listing_id
    ))
    if page.seller_id is None:
        page.seller_id = found.seller_id
    # The name read from the page belongs to the seller the page names; keep it
    # only when that is the seller this check is about.
    if found.seller_id is None or found.seller_id == page.seller_id:
        page.seller_name = found.seller_name
    page.title = found.title
    page.price = found.price
    page.brand = found.brand


def run(db: Database, catalog: Catalog, request: CheckRequest, *,
        reported_threshold: int = 3, sighted: list[int] | None = None) -> dict:
    """Check one page and return the contract's response body.

    reported_threshold: distinct submitters (by network) with pending reports about
    the page's seller, listing or shop that make the `reported` reason (REPORTED_THRESHOLD).
    sighted, when given, receives the ids of the listed counterfeit sellers and listings
    the page shows (for sightings.Sightings.note; the check itself writes nothing).
    """
    page = read_page(catalog, request)
    # "Compatible with Apple" names no maker; a brand the list knows by that name ("For
    # Eyes", "Pour Moi") is one, whatever word it begins with.
    if not catalog.brand_named(page.brand) and compatibility.is_wording(page.brand):
        page.brand = None
    brand = catalog.brand_named(page.brand) or catalog.find_brand(page.title)
    if brand is not None and not page.brand:
        page.brand = brand.name
    # Replica wording that needs a brand counts any brand the title names, even as what the
    # product fits: "1:1 replica shoes for Nike fans" still trips it (docs/scoring.md).
    brand_known = brand is not None or bool(page.brand) or catalog.mentions_brand(page.title)
    reasons = (
        rules.list_reasons(db, page, sighted)
        + rules.title_reasons(catalog, page, brand_known=brand_known)
        + rules.price_reasons(catalog, page, brand)
        + rules.site_reasons(catalog, page)
        + rules.relisted_reasons(db, page)
        + rules.reported_reasons(db, page, reported_threshold)
    )
    reasons.sort(key=lambda reason: SEVERITY_RANK[reason.severity])
    return {
        "verdict": scoring.verdict_of(reasons),
        "score": scoring.score_of(reasons),
        "page": page.to_json(),
        "reasons": [reason.to_json() for reason in reasons],
        "list_version": catalog.version,
    }
