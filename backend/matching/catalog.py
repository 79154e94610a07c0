"""The list's rules compiled once per list version: patterns, brands, floors, markets."""

import logging
import threading
import re
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..store import listmeta, reference
from ..text import match_form
from ..urls import UrlReader
from .lookalike import LookalikeDetector

log = logging.getLogger(__name__)

FITS_BRAND = r"(?:for|compatible\s+with|fits?|fit\s+for|replacement\s+for|works\s+with|like)\s+"


@dataclass(frozen=True)
class Brand:
    name: str
    category: str | None
    domains: frozenset[str]
    # The brand named as what an accessory fits ("case for Apple iPhone"): then it is
    # not the product's brand and its price floor does not apply.
    fits_pattern: re.Pattern = field(compare=False, default=None)


@dataclass(frozen=True)
class TitleRule:
    """A replica phrase or prohibited item, compiled."""

    kind: str
    name: str
    pattern: re.Pattern
    except_pattern: re.Pattern | None
    needs_brand: bool
    case_sensitive: bool
    category: str | None
    evidence_url: str | None

    def matches(self, title: str, folded_title: str, has_brand: bool) -> str | None:
        """The matched text if this rule fires on the title, else None."""
        if self.needs_brand and not has_brand:
            return None
        subject = title if self.case_sensitive else folded_title
        found = self.pattern.search(subject)
        if not found:
            return None
        if self.except_pattern and self.except_pattern.search(folded_title):
            return None
        return found.group(0).strip()


@dataclass(frozen=True)
class PriceFloor:
    brand: str
    product_type: str
    keywords: re.Pattern
    min_price: float
    currency: str


@dataclass
class Catalog:
    """Everything a check needs from the list except entries (looked up per request)."""

    version: int
    urls: UrlReader
    brands: dict[str, Brand] = field(default_factory=dict)
    brand_pattern: re.Pattern | None = None
    brand_by_form: dict[str, Brand] = field(default_factory=dict)
    brand_by_domain: dict[str, Brand] = field(default_factory=dict)
    floors: dict[str, list[PriceFloor]] = field(default_factory=dict)
    units_per_usd: dict[str, float] = field(default_factory=dict)
    phrase_rules: list[TitleRule] = field(default_factory=list)
    prohibited_rules: list[TitleRule] = field(default_factory=list)
    notorious_by_domain: dict[str, dict] = field(default_factory=dict)
    notorious_by_marketplace: dict[str, dict] = field(default_factory=dict)
    lookalike: LookalikeDetector | None = None
    counts: dict = field(default_factory=dict)  # /health's entry and rule counts

    def find_brand(self, text: str | None) -> Brand | None:
        """The first known brand named in text (by name or alias), if any."""
        if not text or self.brand_pattern is None:
            return None
        found = self.brand_pattern.search(match_form(text))
        return self.brand_by_form.get(found.group(1)) if found else None

    def brand_named(self, name: str | None) -> Brand | None:
        """The brand whose name or alias is exactly name."""
        return self.brand_by_form.get(match_form(name.strip())) if name else None

    def to_usd(self, amount: float, currency: str) -> float | None:
        """amount converted to U.S. dollars, or None for an unknown currency."""
        rate = self.units_per_usd.get(currency.upper())
        return amount / rate if rate else None


def _bounded(pattern: str, flags: int) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)", flags)


def _compile_rule(row: dict) -> TitleRule | None:
    flags = 0 if row["case_sensitive"] else re.IGNORECASE
    try:
        pattern = _bounded(row["pattern"], flags)
        except_pattern = (
            re.compile(row["except_pattern"], re.IGNORECASE) if row["except_pattern"] else None
        )
    except re.error as error:
        # A broken rule must not take the service down; curation validates new ones.
        log.error("Skipping rule %s %r: %s", row["kind"], row["name"], error)
        return None
    return TitleRule(
        kind=row["kind"], name=row["name"], pattern=pattern, except_pattern=except_pattern,
        needs_brand=bool(row["needs_brand"]), case_sensitive=bool(row["case_sensitive"]),
        category=row["category"], evidence_url=row["evidence_url"],
    )


def _keyword_pattern(keywords: list[str]) -> re.Pattern:
    alternatives = sorted((re.escape(match_form(k)) for k in keywords if k), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives or ["(?!)"]) + r")(?!\w)")


def build(db: Database) -> Catalog:
    """Compile the catalog from the database as it is now."""
    catalog = Catalog(version=listmeta.current_version(db), urls=UrlReader(reference.marketplace_hosts(db)))
    forms: dict[str, Brand] = {}
    for row in reference.brands(db):
        brand = Brand(row["name"], row["category"], frozenset(row["domains"]),
                      re.compile(FITS_BRAND + re.escape(match_form(row["name"]))))
        catalog.brands[brand.name] = brand
        for spelling in [row["name"], *row["aliases"]]:
            forms.setdefault(match_form(spelling), brand)
        for domain in brand.domains:
            catalog.brand_by_domain[domain] = brand
    catalog.brand_by_form = forms
    if forms:
        alternatives = sorted((re.escape(form) for form in forms), key=len, reverse=True)
        catalog.brand_pattern = re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)")
    for row in reference.price_floors(db):
        catalog.floors.setdefault(row["brand"], []).append(PriceFloor(
            row["brand"], row["product_type"], _keyword_pattern(row["keywords"]),
            row["min_price"], row["currency"],
        ))
    catalog.units_per_usd = reference.currencies(db)
    for row in reference.rules(db):
        rule = _compile_rule(row)
        if rule is None:
            continue
        target = catalog.phrase_rules if rule.kind == "replica_phrase" else catalog.prohibited_rules
        target.append(rule)
    for market in reference.latest_notorious_markets(db):
        for domain in market["domains"]:
            catalog.notorious_by_domain[domain] = market
        if market["marketplace"]:
            catalog.notorious_by_marketplace[market["marketplace"]] = market
    catalog.lookalike = LookalikeDetector(catalog.brands.values(), forms)
    catalog.counts = listmeta.counts(db)
    return catalog


class CatalogCache:
    """Holds the compiled catalog and rebuilds it when the list version moves on.

    Each worker process keeps its own; a check costs one indexed read of the
    version to learn whether another worker (or a maintainer) changed the list.
    """

    def __init__(self):
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    def get(self, db: Database) -> Catalog:
        """The catalog for the list version now in the database."""
        version = listmeta.current_version(db)
        catalog = self._catalog
        if catalog is not None and catalog.version == version:
            return catalog
        with self._lock:
            if self._catalog is None or self._catalog.version != version:
                self._catalog = build(db)
            return self._catalog
