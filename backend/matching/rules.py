"""The rules: each looks at the page (and the list) and returns the reasons it finds."""

import re

from sqlite_utils import Database

from ..page import Page
from ..store import entries
from ..text import match_form
from .catalog import Catalog
from .reasons import Reason, evidence_clause

_KIND_WORD = {"seller": "seller", "listing": "listing", "domain": "shop"}

# A brand named as what an accessory fits ("case for Apple iPhone") is not the
# product's brand, so its price floor does not apply.
_FITS_BRAND = r"(?:for|compatible\s+with|fits?|fit\s+for|replacement\s+for|works\s+with|like)\s+"
_ACCESSORY = re.compile(
    r"(?<!\w)(?:box|empty\s+box|dust\s*bag|packaging|strap|straps|band|bands|bracelet\s+for|"
    r"case\s+for|cover|covers|skin|screen\s+protector|charger|cable|adapter|sticker|stickers|"
    r"decal|poster|keychain|key\s*ring|manual|tag|tags|replacement|parts?|laces|insoles?|"
    r"cleaner|cleaning\s+kit|display\s+stand|stand|hook|hanger|wrap|tissue|shopping\s+bag|"
    r"receipt|certificate|card\s+holder\s+insert)(?!\w)",
    re.IGNORECASE,
)


def _listed_reason(entry: dict, kind: str) -> Reason:
    word = _KIND_WORD[kind]
    evidence = evidence_clause(entry)
    if entry["status"] == "authorized":
        brand = f" of {entry['brand']}" if entry.get("brand") else ""
        return Reason(
            "authorized_seller",
            f"This {word} is on our list as an authorized seller{brand}.{evidence}",
            entry.get("evidence_url"),
        )
    named = entry.get("name") or entry.get("title") or entry["key"]
    what = "known counterfeit sellers" if kind == "seller" else "known counterfeits"
    brand = f" ({entry['brand']})" if entry.get("brand") and kind != "seller" else ""
    return Reason(
        f"listed_{kind}",
        f"This {word} ({named}) is on our list of {what}{brand}.{evidence}",
        entry.get("evidence_url"),
    )


def list_reasons(db: Database, page: Page) -> list[Reason]:
    """Listed sellers, listings and shop domains, and sellers under a listed seller's name."""
    found = []
    if page.marketplace and page.seller_id:
        for entry in entries.find_by_keys(db, "seller", page.marketplace, [page.seller_id]):
            found.append(_listed_reason(entry, "seller"))
    if page.marketplace and page.listing_id:
        for entry in entries.find_by_keys(db, "listing", page.marketplace, [page.listing_id]):
            found.append(_listed_reason(entry, "listing"))
    if not page.marketplace:
        for entry in entries.find_by_keys(db, "domain", None, _domain_keys(page)):
            found.append(_listed_reason(entry, "domain"))
    if page.marketplace and page.seller_name:
        for entry in entries.find_sellers_by_name(db, page.marketplace, page.seller_name):
            if entry["status"] == "counterfeit" and entry["key"] != page.seller_id:
                found.append(Reason(
                    "seller_alias",
                    f"The seller's name \"{page.seller_name}\" is the name of a seller on our "
                    f"counterfeit list ({entry['key']}), now under a different id.",
                    entry.get("evidence_url"),
                ))
                break
    return found


def _domain_keys(page: Page) -> list[str]:
    """The page's registered domain and any parent hosts between it and the host."""
    keys = [page.domain]
    labels = page.host.split(".")
    for index in range(len(labels) - 1):
        candidate = ".".join(labels[index:])
        if candidate.endswith(page.domain) and candidate not in keys:
            keys.append(candidate)
    return keys


def title_reasons(catalog: Catalog, page: Page, brand_known: bool) -> list[Reason]:
    """Replica wording and prohibited items in the title."""
    if not page.title:
        return []
    folded = match_form(page.title)
    found = []
    for rule in catalog.prohibited_rules:
        matched = rule.matches(page.title, folded, brand_known)
        if matched:
            found.append(Reason(
                "prohibited_item",
                f"The title offers \"{matched}\": {rule.name} are never sold legitimately.",
                rule.evidence_url,
            ))
            break
    for rule in catalog.phrase_rules:
        matched = rule.matches(page.title, folded, brand_known)
        if matched:
            found.append(Reason(
                "counterfeit_phrase",
                f"The title uses \"{matched}\", wording that sellers of replicas use.",
                rule.evidence_url,
            ))
            break
    return found


def price_reasons(catalog: Catalog, page: Page, brand) -> list[Reason]:
    """A price far below the lowest plausible price of the brand's genuine product."""
    if brand is None or page.price is None or not page.title:
        return []
    folded = match_form(page.title)
    brand_form = re.escape(match_form(brand.name))
    if _ACCESSORY.search(folded) or re.search(_FITS_BRAND + brand_form, folded):
        return []
    price_usd = catalog.to_usd(page.price.amount, page.price.currency)
    if price_usd is None:
        return []
    for floor in catalog.floors.get(brand.name, []):
        if not floor.keywords.search(folded):
            continue
        floor_usd = catalog.to_usd(floor.min_price, floor.currency)
        if floor_usd is not None and price_usd < floor_usd:
            return [Reason(
                "price_below_floor",
                f"Priced at {page.price.amount:,.2f} {page.price.currency}, far below the "
                f"lowest plausible price of a genuine {brand.name} {floor.product_type} "
                f"(about {floor.min_price:,.0f} {floor.currency}).",
            )]
    return []


def site_reasons(catalog: Catalog, page: Page) -> list[Reason]:
    """The brand's own site, a lookalike shop domain, or a notorious market."""
    found = []
    official = catalog.brand_by_domain.get(page.domain)
    if official is not None:
        found.append(Reason(
            "official_site", f"This is {official.name}'s official website ({page.domain})."
        ))
    elif not page.marketplace and catalog.lookalike is not None:
        label = page.domain.split(".")[0]
        brand = catalog.lookalike.brand_in(label)
        if brand is not None:
            found.append(Reason(
                "lookalike_domain",
                f"This shop's address ({page.domain}) uses the name {brand.name}, but it is "
                f"not one of {brand.name}'s own websites"
                + (f" ({', '.join(sorted(brand.domains)[:3])})" if brand.domains else "") + ".",
            ))
    market = catalog.notorious_by_domain.get(page.domain) or (
        catalog.notorious_by_marketplace.get(page.marketplace) if page.marketplace else None
    )
    if market is not None:
        source = market.get("source") or ""
        found.append(Reason(
            "notorious_market",
            f"{market['name']} is named in the U.S. Trade Representative's "
            f"{market['review_year']} Review of Notorious Markets for Counterfeiting and Piracy.",
            source if source.startswith("http") else None,
        ))
    return found
