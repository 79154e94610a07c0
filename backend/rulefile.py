"""The rule file: the page-content rules compiled for the extension's private mode.

In private mode no page content leaves the browser, so the extension runs the rules
that read a page (replica wording, prohibited items, price floors, lookalike shop
domains, official sites, notorious markets) itself, from this file. The backend
compiles it from the very catalog its own checks use (matching/catalog.py), once per
list version and process (RuleFileCache), so there is one source of truth; the
patterns come translated to JavaScript (rulefile_patterns.py) and the messages as
templates the extension fills in. tests/test_rulefile_parity.py proves that the
extension's evaluate() (extension/lib/rules.js) gives the same reasons as /check.
"""

import functools
import gzip
import hashlib
import json
import logging
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from sqlite_utils import Database

from .matching import compatibility, lookalike, lookalike_words, patterns, rules, scoring
from .matching.catalog import Catalog
from .matching.confusables import letter_options
from .matching.reasons import SEVERITY_OF, SEVERITY_RANK
from .rulefile_patterns import PYTHON_SPACES, Untranslatable, translate, translate_python
from .versioned import PerListVersion

log = logging.getLogger(__name__)

FORMAT = 1
# The reasons the rule file gives, as templates of the sentences rules.py and
# lookalike.py write ({name} is filled in; the parity test keeps them the same).
MESSAGES = {
    "prohibited_item": "The title offers \"{matched}\": {rule} are never sold legitimately.",
    "counterfeit_phrase": "The title uses \"{matched}\", wording that sellers of replicas use.",
    "price_below_floor": "Priced at {amount} {currency}, far below the lowest plausible price "
                         "of a genuine {brand} {product_type} (about {min_price} {floor_currency}).",
    "official_site": "This is {brand}'s official website ({domain}).",
    "notorious_market": "{name} is named in the U.S. Trade Representative's {year} Review of "
                        "Notorious Markets for Counterfeiting and Piracy.",
    "lookalike_domain": "This shop's address ({shown}) {trick}, but it is not one of {brand}'s "
                        "own websites{own}.",
    "lookalike_shown_as": "{shown}, shown as {unicode}",
    "lookalike_own": " ({domains})",
}
LOOKALIKE_TRICKS = {
    "subdomain": "puts the name {brand} in front of another website's address ({domain})",
    "letters": "spells {brand} with look-alike letters from another alphabet",
    "digits": "spells {brand} with numbers in place of letters",
    "hyphens": "splits the name {brand} with hyphens",
    "typo": "uses a misspelling of {brand}",
    "name": "uses the name {brand}",
}
CODES = ("prohibited_item", "counterfeit_phrase", "price_below_floor", "official_site",
         "lookalike_domain", "notorious_market")


@functools.lru_cache(maxsize=1)
def unicode_tables() -> dict:
    """What JavaScript needs to fold text as text.match_form does and to read look-alike letters.

    Computed once per process (the list does not change them): casefold()'s departures
    from per-character lower-casing, the characters with a combining class (dropped with
    accents), the spaces patterns.SPACES turns into " ", Python's whitespace (strip()),
    and confusables.letter_options for every character a valid IDN label can hold.
    """
    casefold, combining = {}, []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        character = chr(code)
        folded = character.casefold()
        if folded != character.lower():
            casefold[character] = folded
        if unicodedata.combining(character):
            if combining and combining[-1][1] == code - 1:
                combining[-1][1] = code
            else:
                combining.append([code, code])
    return {
        "casefold": casefold,
        "combining": combining,
        "spaces": "".join(sorted(map(chr, patterns.SPACES))),
        "whitespace": PYTHON_SPACES,
        "letters": _letter_table(),
    }


def _letter_table() -> dict:
    """{character: [latin letters, from another script]} for IDN-valid characters that differ."""
    import idna.idnadata

    table = {}
    for packed in idna.idnadata.codepoint_classes["PVALID"]:
        for code in range(packed >> 32, packed & 0xFFFFFFFF):
            if code < 0x80:
                continue
            character = chr(code)
            options, foreign = letter_options(character)
            if (options, foreign) != (character, False):
                table[character] = [options, foreign]
    return table


def _translated(pattern: str, case_sensitive: bool, what: str):
    try:
        return translate(pattern, dialect="re2", case_sensitive=case_sensitive)
    except Untranslatable as error:
        log.warning("Rule file: %s left out: %s", what, error)
        return None


def _title_rules(title_rules) -> list[dict]:
    """A kind's rules in list order; one whose pattern JavaScript cannot mean is left out."""
    compiled = []
    for rule in title_rules:
        what = f"rule {rule.kind} {rule.name!r}"
        pattern = _translated(rule.pattern, rule.case_sensitive, what)
        unless = None
        if rule.except_pattern is not None:
            unless = _translated(rule.except_pattern.pattern, False, what + " (except_pattern)")
            if unless is None:
                continue
        if pattern is None:
            continue
        # case_sensitive: matched against the title as written, not its match_form.
        compiled.append({"name": rule.name, "pattern": pattern, "except": unless,
                         "needs_brand": rule.needs_brand, "case_sensitive": rule.case_sensitive,
                         "evidence_url": rule.evidence_url})
    return compiled


def compile_rulefile(catalog: Catalog) -> dict:
    """The rule file for the catalog's list version (format FORMAT)."""
    brands = list(catalog.brands.values())
    fits = _legacy_fits(catalog)
    index = {brand.name: position for position, brand in enumerate(brands)}
    forms = sorted(catalog.brand_by_form, key=len, reverse=True)  # as catalog._brand_pattern
    detector = catalog.lookalike
    markets, market_index = [], {}
    for market in [*catalog.notorious_by_domain.values(), *catalog.notorious_by_marketplace.values()]:
        if id(market) not in market_index:
            market_index[id(market)] = len(markets)
            source = market.get("source") or ""
            markets.append({"name": market["name"], "review_year": market["review_year"],
                            "evidence_url": source if source.startswith("http") else None})
    tables = unicode_tables()
    return {
        "format": FORMAT,
        "list_version": catalog.version,
        "text": {key: tables[key] for key in ("casefold", "combining", "spaces", "whitespace")},
        "brands": [{"name": brand.name, "domains": sorted(brand.domains),
                    **({"fits": fits[brand.name]} if brand.name in fits else {})} for brand in brands],
        "compatibility": _compatibility(),
        "brand_forms": [[form, index[catalog.brand_by_form[form].name]] for form in forms],
        "title_rules": {"prohibited_item": _title_rules(catalog.prohibited_rules),
                        "replica_phrase": _title_rules(catalog.phrase_rules)},
        "price": {
            "floors": {brand: [{"product_type": floor.product_type,
                                "keywords": translate_python(floor.keywords),
                                "min_price": floor.min_price, "currency": floor.currency}
                               for floor in floors]
                       for brand, floors in catalog.floors.items()},
            "units_per_usd": catalog.units_per_usd,
            "second_hand": translate_python(rules._SECOND_HAND),
            "accessory": translate_python(rules._ACCESSORY),
            "included": translate_python(rules._INCLUDED),
        },
        "sites": {
            "official": {domain: index[brand.name]
                         for domain, brand in catalog.brand_by_domain.items()},
            "markets": markets,
            "notorious_by_domain": {domain: market_index[id(market)]
                                    for domain, market in catalog.notorious_by_domain.items()},
            "notorious_by_marketplace": {
                name: market_index[id(market)]
                for name, market in catalog.notorious_by_marketplace.items()},
        },
        "lookalike": _lookalike(detector, index, tables["letters"]) if detector else None,
        "reasons": {"severity": {code: SEVERITY_OF[code] for code in CODES},
                    "rank": SEVERITY_RANK, "weight": scoring.WEIGHT,
                    "authorized_codes": list(scoring.AUTHORIZED_CODES),
                    "messages": MESSAGES, "lookalike_tricks": LOOKALIKE_TRICKS},
    }


@functools.lru_cache(maxsize=1)
def _compatibility() -> dict:
    """compatibility.py's patterns: where a brand is named as what the product fits."""
    return {"opener": translate_python(compatibility.OPENER),
            "list_step": translate_python(compatibility.LIST_STEP),
            "wording_first": translate_python(compatibility.WORDING_FIRST),
            "max_item": compatibility.MAX_ITEM, "step_window": compatibility.STEP_WINDOW,
            "max_openers": compatibility.MAX_OPENERS}


def _legacy_fits(catalog: Catalog) -> dict[str, dict]:
    """{brand name: the wording then one of its spellings}, for extensions built before the
    `compatibility` section: they skip a brand's price floor when its `fits` matches the title
    (and, with no `fits`, skip every floor). Newer extensions read `compatibility` instead.
    Only brands with a floor get one: the others have no floor to skip (1.1 KB a brand)."""
    spellings: dict[str, list[str]] = {name: [] for name in catalog.brands if catalog.floors.get(name)}
    for form, brand in catalog.brand_by_form.items():
        if brand.name in spellings:
            spellings[brand.name].append(form)
    wording = _wording_before_a_name()  # translated once: 1.6 ms, the spellings 0.05 ms
    fits = {}
    for name, forms in spellings.items():
        spelled = translate_python(re.compile(
            "(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?!\w)"))
        fits[name] = {"source": wording["source"] + spelled["source"], "flags": wording["flags"]}
    return fits


@functools.lru_cache(maxsize=1)
def _wording_before_a_name() -> dict:
    translated = translate_python(compatibility.WORDING_BEFORE_A_NAME)
    assert translated["flags"] == "u"  # the spellings' too: one flag set serves the joined source
    return translated


def _lookalike(detector, index: dict, letters: dict) -> dict:
    """The detector's compiled inputs (lookalike.LookalikeDetector) and its word lists."""
    words = {name: sorted(getattr(lookalike_words, name)) for name in (
        "SHOP_WORDS", "COMMON_WORD_TOKENS", "NOT_SHOP_WORDS", "NEUTRAL_WORDS",
        "THROWAWAY_TLDS", "SHOP_PLATFORM_SUFFIXES", "TYPO_LOOKALIKE_WORDS")}
    words["SHOP_SIGNALS"] = list(lookalike_words.SHOP_SIGNALS)
    return {
        # Pairs, in the detector's order (a JSON object would put numeric keys first).
        "token_brand": [[token, index[brand.name]] for token, brand in detector._token_brand.items()],
        "hyphenated": {str(index[brand.name]): list(spelled)
                       for brand, spelled in detector._hyphenated.items()},
        "by_domain": {domain: index[brand.name] for domain, brand in detector._by_domain.items()},
        "words": words,
        "digit_letters": lookalike_words.DIGIT_LETTERS,
        "letters": letters,
        "max_variants": lookalike._MAX_VARIANTS,
        "max_subdomain_labels": lookalike._MAX_SUBDOMAIN_LABELS,
        "typo_min_brand": lookalike._TYPO_MIN_BRAND,
    }


@dataclass(frozen=True)
class RuleFile:
    """One list version's rule file, serialised and gzipped once."""

    version: int
    body: dict

    @cached_property
    def json(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode()

    @cached_property
    def gzipped(self) -> bytes:
        return gzip.compress(self.json, mtime=0)

    @cached_property
    def etag(self) -> str:
        return f"rulefile-{FORMAT}-{self.version}-{hashlib.sha256(self.json).hexdigest()[:16]}"


class RuleFileCache(PerListVersion[RuleFile]):
    """Holds the rule file and rebuilds it when the list version moves on (backend/versioned.py).

    get(db, catalogs) takes the app's CatalogCache: the file is compiled from the catalog /check uses.
    """

    def __init__(self):
        super().__init__(_build, lambda rule_file: rule_file.version)


def _build(db: Database, catalogs) -> RuleFile:
    catalog = catalogs.get(db)
    found = RuleFile(catalog.version, compile_rulefile(catalog))
    found.etag  # serialise now, under the lock, not in every request thread
    return found
