"""The list's rules compiled once per list version: patterns, brands, floors, markets."""

import logging
import re
from dataclasses import dataclass, field

import re2
from sqlite_utils import Database

from ..store import listmeta, reference
from ..text import match_form
from ..urls import UrlReader
from ..versioned import PerListVersion
from . import compatibility, patterns
from .lookalike import LookalikeDetector

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class Brand:
    name: str
    category: str | None
    domains: frozenset[str]


class TitleRule:
    """A replica phrase or prohibited item, run with RE2 (backend/matching/patterns.py)."""

    def __init__(self, row: dict):
        self.kind: str = row["kind"]
        self.name: str = row["name"]
        self.pattern: str = row["pattern"]
        self.needs_brand = bool(row["needs_brand"])
        self.case_sensitive = bool(row["case_sensitive"])
        self.category: str | None = row["category"]
        self.evidence_url: str | None = row["evidence_url"]
        # Compiled now so a broken one is skipped at build. The bounded pattern waits until
        # the prefilter first names this rule (patterns.bounded), so a catalog of 10,000
        # rules builds in a second, not fifteen.
        self.except_pattern = (
            patterns.compile_pattern(row["except_pattern"], case_sensitive=False)
            if row["except_pattern"] else None
        )

    def matches(self, title: str, folded_title: str, has_brand: bool) -> str | None:
        """The matched text if this rule fires on the title, else None."""
        if self.needs_brand and not has_brand:
            return None
        subject = title if self.case_sensitive else folded_title
        try:
            bounded = patterns.bounded(self.pattern, self.case_sensitive, subject.isascii())
        except patterns.PatternError as error:  # validation makes this unreachable
            log.error("Rule %s %r does not fire: %s", self.kind, self.name, error)
            return None
        found = bounded.search(subject)
        if not found:
            return None
        if self.except_pattern and self.except_pattern.search(folded_title):
            return None
        return found.group(1).strip() or None


class TitleRules:
    """One kind's rules in list order, with an RE2 prefilter per subject.

    Trying 10,000 rules one by one would cost a check 10,000 searches. re2.Filter
    (FilteredRE2) finds the literal atoms every match must contain in one pass over
    the title, then runs only the patterns whose atoms are there; the few rules it
    names are confirmed with their word bounds, except_pattern and needs_brand.
    So a check costs about the same with 10,000 rules as with 30.
    """

    def __init__(self, rules: list[TitleRule]):
        self.rules = rules
        self._always: list[int] = []  # rules no prefilter covers: tried on every title
        self._folded = self._prefilter([i for i, r in enumerate(rules) if not r.case_sensitive],
                                       case_sensitive=False)
        self._raw = self._prefilter([i for i, r in enumerate(rules) if r.case_sensitive],
                                    case_sensitive=True)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def candidates(self, title: str, folded_title: str) -> list[TitleRule]:
        """The rules whose pattern occurs in the title (unbounded), in list order."""
        chosen = set(self._always)
        for prefilter, subject in ((self._folded, folded_title), (self._raw, title)):
            if prefilter is not None:
                found, indexes = prefilter
                chosen.update(indexes[i] for i in found.Match(subject) or ())
        return [self.rules[i] for i in sorted(chosen)]

    def _prefilter(self, indexes: list[int], case_sensitive: bool):
        """(re2.Filter, rule index by filter index) over the given rules, or None."""
        if not indexes:
            return None
        prefilter = re2.Filter()
        try:
            for index in indexes:
                prefilter.Add(self.rules[index].pattern, patterns.options(case_sensitive))
            prefilter.Compile()
        except re2.error as error:
            # Too many atoms for RE2's memory budget: every rule is still tried, one by one.
            log.error("Rule prefilter not built (%s); trying %d rules one by one",
                      error, len(indexes))
            self._always.extend(indexes)
            return None
        return prefilter, indexes


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
    brand_pattern: "re2._Regexp | None" = None  # every spelling, longest first (RE2)
    # The same and compatibility wording's first words (compatibility.FIRST_WORDS): a brand
    # found before any such word is the product's, in one search.
    brand_or_wording_pattern: "re2._Regexp | None" = None
    brand_by_form: dict[str, Brand] = field(default_factory=dict)
    brand_by_domain: dict[str, Brand] = field(default_factory=dict)
    floors: dict[str, list[PriceFloor]] = field(default_factory=dict)
    units_per_usd: dict[str, float] = field(default_factory=dict)
    phrase_rules: TitleRules = field(default_factory=lambda: TitleRules([]))
    prohibited_rules: TitleRules = field(default_factory=lambda: TitleRules([]))
    notorious_by_domain: dict[str, dict] = field(default_factory=dict)
    notorious_by_marketplace: dict[str, dict] = field(default_factory=dict)
    lookalike: LookalikeDetector | None = None
    counts: dict = field(default_factory=dict)  # /health's entry and rule counts

    def find_brand(self, text: str | None) -> Brand | None:
        """The product's brand: the first known brand (name or alias) text names other than
        as what the product fits ("charger for iPhone 15, Xiaomi, Samsung": none)."""
        if not text or self.brand_pattern is None:
            return None
        # Bytes: RE2's wrapper maps offsets back to characters only for str (3 µs a title).
        found = (self.brand_or_wording_pattern or self.brand_pattern).search(match_form(text).encode())
        if found is None:
            return None
        brand = self.brand_by_form.get(found.group(1).decode())
        if brand is not None:  # no wording before it (most titles): one search, as ever
            return brand
        for brand, fitted in self._mentions(text):
            if not fitted:
                return brand
        return None

    def mentions_brand(self, text: str | None) -> bool:
        """Whether text names any known brand, even as what the product fits."""
        return next(self._mentions(text), None) is not None

    def names_as_fitted(self, text: str | None, brand: Brand) -> bool:
        """Whether text names brand as what the product fits ("strap fits Rolex Submariner")."""
        return any(fitted and found is brand for found, fitted in self._mentions(text))

    def _mentions(self, text: str | None):
        """(brand, named as what the product fits) for every brand mention, left to right."""
        if not text or self.brand_pattern is None:
            return
        folded = match_form(text)
        encoded = folded.encode()
        items = None  # {item start: end} in bytes, once a brand is named
        covered_until = -1  # the end of the item a fitted name began
        found = self.brand_pattern.search(encoded)
        while found is not None:
            start = found.start(1)
            if items is None:
                items = {len(folded[:begin].encode()): len(folded[:end].encode())
                         for begin, end in compatibility.fitted_items(folded).items()}
            if start in items:
                covered_until = items[start]
            yield self.brand_by_form[found.group(1).decode()], start < covered_until
            # The next mention begins after this one, as the extension's findBrand walks on
            # (an ASCII last character may be the bound before it: "m.a.c.").
            end = found.end(1)
            found = self.brand_pattern.search(encoded, end - 1 if encoded[end - 1] < 0x80 else end)

    def brand_named(self, name: str | None) -> Brand | None:
        """The brand whose name or alias is exactly name."""
        return self.brand_by_form.get(match_form(name.strip())) if name else None

    def to_usd(self, amount: float, currency: str) -> float | None:
        """amount converted to U.S. dollars, or None for an unknown currency."""
        rate = self.units_per_usd.get(currency.upper())
        return amount / rate if rate else None


def _compile_rule(row: dict) -> TitleRule | None:
    try:
        patterns.compile_pattern(row["pattern"], bool(row["case_sensitive"]))
        return TitleRule(row)
    except patterns.PatternError as error:
        # A broken rule must not take the service down; curation validates new ones.
        log.error("Skipping rule %s %r: %s", row["kind"], row["name"], error)
        return None


# Brand spellings are escaped literals, so `re` could not backtrack on them, but it tries
# every spelling at every word start: with 1,000 brands a title of words that begin like
# many brands ("v v v ...") cost 5 ms in `re` and costs 6 µs in RE2, and a usual title
# costs the same in both (bench/bench_matcher.py). RE2 keeps a check's cost flat.
_BRAND_MAX_MEM = 32 << 20


def _brand_pattern(forms):
    spellings = sorted(forms, key=len, reverse=True)  # at one position the longest wins
    source = patterns.bounded_source("|".join(map(re2.escape, spellings)))
    try:
        return re2.compile(source, patterns.options(True, _BRAND_MAX_MEM))
    except re2.error as error:  # tens of thousands of spellings still fit
        log.error("No brand is recognised in titles: %d spellings do not compile: %s",
                  len(spellings), error)
        return None


def _keyword_pattern(keywords: list[str]) -> re.Pattern:
    # Stays in `re`: one brand's dozen product words, tried only for the brand a title
    # names, cost microseconds whatever the size of the catalog.
    alternatives = sorted((re.escape(match_form(k)) for k in keywords if k), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives or ["(?!)"]) + r")(?!\w)")


def build(db: Database) -> Catalog:
    """Compile the catalog from the database as it is now."""
    catalog = Catalog(version=listmeta.current_version(db), urls=UrlReader(reference.marketplace_hosts(db)))
    forms: dict[str, Brand] = {}
    for row in reference.brands(db):
        brand = Brand(row["name"], row["category"], frozenset(row["domains"]))
        catalog.brands[brand.name] = brand
        for spelling in [row["name"], *row["aliases"]]:
            forms.setdefault(match_form(spelling), brand)
        for domain in brand.domains:
            catalog.brand_by_domain[domain] = brand
    catalog.brand_by_form = forms
    if forms:
        catalog.brand_pattern = _brand_pattern(forms)
        catalog.brand_or_wording_pattern = _brand_pattern({*forms, *compatibility.FIRST_WORDS})
    for row in reference.price_floors(db):
        catalog.floors.setdefault(row["brand"], []).append(PriceFloor(
            row["brand"], row["product_type"], _keyword_pattern(row["keywords"]),
            row["min_price"], row["currency"],
        ))
    catalog.units_per_usd = reference.currencies(db)
    compiled = [rule for rule in map(_compile_rule, reference.rules(db)) if rule is not None]
    catalog.phrase_rules = TitleRules([r for r in compiled if r.kind == "replica_phrase"])
    catalog.prohibited_rules = TitleRules([r for r in compiled if r.kind == "prohibited_item"])
    for market in reference.latest_notorious_markets(db):
        for domain in market["domains"]:
            catalog.notorious_by_domain[domain] = market
        if market["marketplace"]:
            catalog.notorious_by_marketplace[market["marketplace"]] = market
    catalog.lookalike = LookalikeDetector(catalog.brands.values(), forms)
    catalog.counts = listmeta.counts(db)
    return catalog


class CatalogCache(PerListVersion[Catalog]):
    """Holds the compiled catalog and rebuilds it when the list version moves on.

    Each worker process keeps its own (backend/versioned.py says how).
    """

    def __init__(self):
        super().__init__(build, lambda catalog: catalog.version)
