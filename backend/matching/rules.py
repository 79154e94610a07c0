"""The rules: each looks at the page (and the list) and returns the reasons it finds."""

import difflib
import re
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

from sqlite_utils import Database

from .. import marketplaces
from ..page import Page
from ..store import entries, reports
from ..text import match_form
from ..sightings import today
from . import disputes, listed_dates, patterns, signatures
from .catalog import Catalog, TitleRules
from .reasons import Reason, evidence_clause

_KIND_WORD = {"seller": "seller", "listing": "listing", "domain": "shop"}

_ACCESSORY = re.compile(
    r"(?<!\w)(?:box|empty\s+box|dust\s*bag|packaging|(?<!suspension\s)(?<!trx\s)straps?|band|bands|"
    r"bracelet\s+for|case\s+for|cover|covers|skins?\s+for|(?:vinyl|protective)\s+skins?|"
    r"screen\s+protector|charger|cable|adapter|sticker|stickers|decal|poster|keychain|key\s*ring|"
    r"manual(?![\s-]*(?:wind|winding|wound))|tag(?![\s-]*h[ae]uer)|tags|replacement|parts?|laces|"
    r"insoles?|cleaner|cleaning\s+kit|display\s+stand|stand|hook|hanger|(?<!air\s)wrap|tissue|shopping\s+bag|"
    r"receipt|certificate|card\s+holder\s+insert|(?:door|wall|ceiling|suspension|x-?mount)\s+anchors?|"
    r"anchor\s+(?:strap|point|kit|mount)|(?:wall|ceiling|door)\s+mount|x-?mount|mounts?\s+for|"
    r"extension\s+straps?|extender|carabiners?)(?!\w)",
    re.IGNORECASE,
)
# A product sold with its box, tags, band or strap is still the product: "with box and
# papers", "new with tags", "Apple Watch Ultra 2 with Ocean Band" do not make it an accessory.
_INCLUDED = re.compile(
    r"(?<!\w)(?:with|w/|in|on|incl\.?|including|plus|\+)\s*(?:[\w'-]+\s+){0,3}?"
    r"(?:box|boxes|tags?|band|bands|straps?|bracelet|charger|cable|dust\s*bag|papers|receipt|"
    r"certificate|packaging|manual|laces)(?!\w)"
)
# Floors are for new items. A used, vintage, worn, refurbished, broken or incomplete item
# ("left ear only", "single earbud", "missing anchor") can be genuine far below the floor.
_SECOND_HAND = re.compile(
    r"(?<!\w)(?:(?<!never\s)(?<!not\s)used|pre[\s-]*owned|pre[\s-]*loved|second[\s-]*hand|2nd[\s-]*hand|"
    r"vintage(?!\s+(?:alhambra|style|look|inspired|design))|(?<!never\s)(?<!not\s)(?<!never\sbeen\s)worn|"
    r"refurb(?:ished)?|renewed|reconditioned|for\s+parts|parts\s+only|spares?\s+(?:or|and|&)\s+repairs?|"
    r"not\s+working|non[\s-]*working|faulty|broken|defective|damaged(?!\s+(?:box|packaging|package))|"
    r"as[\s-]+is|scratch(?:ed|es)|cracked|missing|"
    r"(?:left|right)(?:\s+(?:side|ear(?:bud|piece|phone)?s?|airpods?|buds?|pods?))?\s+only|"
    r"(?:single|one)\s+(?:ear\s*buds?|airpods?|buds?|earphones?|pods?|earpieces?)|"
    r"(?:left|right)\s+(?:ear(?:bud|piece|phone)?|airpod|bud|pod)\s+replacement|"
    r"(?:charging\s+)?case\s+only)(?!\w)",
    re.IGNORECASE,
)


def _listed_reason(entry: dict, kind: str, dates: dict | None = None) -> Reason:
    """The reason a listed entry gives; with its dates (listed_dates.dates_of), they are
    fields of the reason and its message says what the platform was told and did."""
    word = _KIND_WORD[kind]
    evidence = evidence_clause(entry)
    extra = {name: dates[name] for name in listed_dates.FIELDS} if dates else None
    if entry["status"] == "authorized":
        brand = f" of {entry['brand']}" if entry.get("brand") else ""
        return Reason(
            "authorized_seller",
            f"This {word} is on our list as an authorized seller{brand}.{evidence}",
            entry.get("evidence_url"), extra=extra,
        )
    named = entry.get("name") or entry.get("title") or entry["key"]
    what = "known counterfeit sellers" if kind == "seller" else "known counterfeits"
    brand = f" ({entry['brand']})" if entry.get("brand") and kind != "seller" else ""
    told = listed_dates.sentence(entry, dates, today()) if dates else ""
    return Reason(
        f"listed_{kind}",
        f"This {word}, \"{named}\", is on our list of {what}{brand}.{evidence}{told}",
        entry.get("evidence_url"), extra=extra,
    )


def _dates(db: Database, entry: dict, sighted: list[int] | None) -> dict:
    """The entry's dates; a check (sighted is a list) is a sighting of a counterfeit
    seller or listing today, and its id goes into sighted (api/check.py notes it)."""
    seen = sighted is not None and entry["kind"] != "domain" and entry["status"] == "counterfeit"
    if seen:
        sighted.append(entry["id"])
    return listed_dates.dates_of(db, entry, seen_today=today() if seen else None)


def list_reasons(db: Database, page: Page, sighted: list[int] | None = None) -> list[Reason]:
    """Listed sellers, listings and shop domains, and sellers under a listed seller's name.

    sighted, when given, receives the ids of the counterfeit sellers and listings seen."""
    listed = []  # (entry, reason): marked where the entry is disputed
    if page.marketplace and page.seller_id:
        for entry in entries.find_by_keys(db, "seller", page.marketplace, [page.seller_id]):
            listed.append((entry, _listed_reason(entry, "seller", _dates(db, entry, sighted))))
    listing_keys = _listing_keys(page)
    if page.marketplace and listing_keys:
        for entry in entries.find_by_keys(db, "listing", page.marketplace, listing_keys):
            listed.append((entry, _listed_reason(entry, "listing", _dates(db, entry, sighted))))
    # A shop is listed by its registered domain only (models.keys.canonical_key makes
    # every domain key one), so the page's subdomains are never looked up.
    if not page.marketplace:
        for entry in entries.find_by_keys(db, "domain", None, [page.domain]):
            listed.append((entry, _listed_reason(entry, "domain", _dates(db, entry, sighted))))
    found = disputes.mark_listed(db, listed)
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


def _listing_keys(page: Page) -> list[str]:
    """The listing id the check is about and any other id the page shows for it."""
    keys = [page.listing_id] if page.listing_id else []
    return keys + [key for key in page.alternate_listing_ids if key and key not in keys]


# A title is "near-identical" to a listed one when, as sets of normalised words,
# they share at least 80% of their words (Jaccard) — a relisted fake keeps its
# title with a word or two changed — or when the titles read the same letter by
# letter (difflib ratio ≥ 0.9, for typos). Titles of fewer than four words are
# too generic to compare. See docs/scoring.md.
RELISTED_MIN_JACCARD = 0.8
RELISTED_MIN_RATIO = 0.9
RELISTED_MIN_WORDS = signatures.MIN_WORDS
# A title's significant words, normalised, in order, without repeats (one definition
# for the comparison and for the stored signatures).
title_words = signatures.title_words


class _TitleForm(NamedTuple):
    """What near_identical compares of a title, worked out once per title."""

    words: tuple[str, ...]
    word_set: frozenset[str]
    text: str
    letters: Counter  # never changed once made: the cache shares it


@lru_cache(maxsize=65536)
def _title_form(title: str) -> _TitleForm:
    # Cached: the listed titles a common title's bands lead to come up check after check.
    words = tuple(title_words(title))
    text = " ".join(words)
    return _TitleForm(words, frozenset(words), text, Counter(text))


def near_identical(title: str, other: str) -> bool:
    """Whether two listing titles are the same title with small edits."""
    return _near_identical_forms(_title_form(title), _title_form(other))


def _near_identical_forms(form: _TitleForm, other: _TitleForm) -> bool:
    """near_identical on the titles' forms (_title_form)."""
    word_set, other_set = form.word_set, other.word_set
    if min(len(word_set), len(other_set)) < RELISTED_MIN_WORDS:
        return False
    if len(word_set & other_set) / len(word_set | other_set) >= RELISTED_MIN_JACCARD:
        return True
    text, other_text = form.text, other.text
    total = len(text) + len(other_text)
    # Upper bounds of the ratio first, cheapest first (difflib's real_quick_ratio and, with
    # C-counted letters, its quick_ratio): most candidates stop there, and only a title
    # that could reach the ratio pays for the full comparison.
    if 2 * min(len(text), len(other_text)) < RELISTED_MIN_RATIO * total:
        return False
    shared = sum((form.letters & other.letters).values())
    if 2 * shared < RELISTED_MIN_RATIO * total:
        return False
    matcher = difflib.SequenceMatcher(None, text, other_text, autojunk=False)
    return matcher.ratio() >= RELISTED_MIN_RATIO


def relisted_reasons(db: Database, page: Page) -> list[Reason]:
    """A title near-identical to a listed counterfeit listing's on the same marketplace."""
    if not page.marketplace or not page.title:
        return []
    # Candidates: listings sharing a MinHash band of the title's letter trigrams (a
    # bounded number of index probes, docs/scoring.md); near_identical decides.
    candidates = entries.find_listings_by_bands(
        db, page.marketplace, signatures.band_keys(page.marketplace, page.title),
        _listing_keys(page),
    )
    form = _title_form(page.title)
    for entry in candidates:
        if entry.get("title") and _near_identical_forms(form, _title_form(entry["title"])):
            return [Reason(
                "relisted_listing",
                f"This listing's title is nearly identical to that of a listing on our list of "
                f"known counterfeits (\"{entry['title']}\", listing {entry['key']}), "
                "now offered under a different listing number.",
                entry.get("evidence_url"),
            )]
    return []


def title_reasons(catalog: Catalog, page: Page, brand_known: bool) -> list[Reason]:
    """Replica wording and prohibited items in the title (the first rule of each that fires)."""
    if not page.title:
        return []
    # RE2's \s is ASCII; Python's (which the rules were written for) was Unicode.
    title = page.title.translate(patterns.SPACES)
    folded = match_form(title)
    found = []
    prohibited = _first_match(catalog.prohibited_rules, title, folded, brand_known)
    if prohibited:
        rule, matched = prohibited
        found.append(Reason(
            "prohibited_item",
            f"The title offers \"{matched}\": {rule.name} are never sold legitimately.",
            rule.evidence_url,
        ))
    phrase = _first_match(catalog.phrase_rules, title, folded, brand_known)
    if phrase:
        rule, matched = phrase
        found.append(Reason(
            "counterfeit_phrase",
            f"The title uses \"{matched}\", wording that sellers of replicas use.",
            rule.evidence_url,
        ))
    return found


def _first_match(title_rules: TitleRules, title: str, folded: str, brand_known: bool):
    """(rule, matched text) of the first rule that fires on the title, or None."""
    # Only the rules the prefilter finds in the title: a check costs the same
    # with 10,000 rules as with 30 (bench/bench_matcher.py).
    for rule in title_rules.candidates(title, folded):
        matched = rule.matches(title, folded, brand_known)
        if matched:
            return rule, matched
    return None


def price_reasons(catalog: Catalog, page: Page, brand) -> list[Reason]:
    """A price far below the lowest plausible price of the brand's genuine product."""
    if brand is None or page.price is None or not page.title:
        return []
    folded = match_form(page.title)
    # A brand the title names as what the product fits ("strap fits Rolex", "case for Apple
    # AirPods") is not the product's maker, even when a field declares it (compatibility.py).
    if _SECOND_HAND.search(folded) or catalog.names_as_fitted(page.title, brand):
        return []
    if _ACCESSORY.search(_INCLUDED.sub(" ", folded)):
        return []
    price_usd = catalog.to_usd(page.price.amount, page.price.currency)
    if price_usd is None:
        return []
    floor = _most_specific_floor(catalog.floors.get(brand.name, []), folded)
    if floor is None:
        return []
    floor_usd = catalog.to_usd(floor.min_price, floor.currency)
    if floor_usd is None or price_usd >= floor_usd:
        return []
    return [Reason(
        "price_below_floor",
        f"Priced at {page.price.amount:,.2f} {page.price.currency}, far below the "
        f"lowest plausible price of a genuine {brand.name} {floor.product_type} "
        f"(about {floor.min_price:,.0f} {floor.currency}).",
    )]


def _most_specific_floor(floors, folded_title: str):
    """The floor whose keyword names the product most precisely (longest match).

    "AirPods Pro" must meet the AirPods Pro floor, not the plain AirPods one; on a
    tie the lower floor wins, so a doubt never flags a genuine price.
    """
    best, best_key = None, None
    for floor in floors:
        found = floor.keywords.search(folded_title)
        if not found:
            continue
        key = (-len(found.group(0)), floor.min_price)
        if best_key is None or key < best_key:
            best, best_key = floor, key
    return best


def site_reasons(catalog: Catalog, page: Page) -> list[Reason]:
    """The brand's own site, a lookalike shop domain, or a notorious market."""
    found = []
    official = catalog.brand_by_domain.get(page.domain)
    if official is not None:
        found.append(Reason(
            "official_site", f"This is {official.name}'s official website ({page.domain})."
        ))
    elif not page.marketplace and catalog.lookalike is not None:
        lookalike = catalog.lookalike.find(page.host, page.domain)
        if lookalike is not None:
            found.append(Reason("lookalike_domain", lookalike.message(page.host, page.domain)))
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


def reported_reasons(db: Database, page: Page, threshold: int) -> list[Reason]:
    """Enough distinct networks have pending reports about the seller, listing or shop.

    Low while no reporter has a track record (anyone can find three friends); medium
    once one of them has had another report approved by a maintainer.
    """
    targets = []
    market = marketplaces.get(page.marketplace)
    if market and page.seller_id and not market.is_retail_seller(page.seller_id):
        targets.append(("seller", page.marketplace, [page.seller_id]))
    if page.marketplace and page.listing_id:
        targets.append(("listing", page.marketplace, [page.listing_id]))
    if not page.marketplace:
        targets.append(("domain", None, [page.domain]))
    # Every target is weighed: a low seller must not hide a medium listing.
    low = None
    for kind, marketplace, keys in targets:
        count = reports.pending_networks(db, kind, marketplace, keys)
        if count < max(threshold, 1):
            continue
        people = "1 person" if count == 1 else f"{count} people"
        word = _KIND_WORD[kind]
        if reports.pending_reporter_has_track_record(db, kind, marketplace, keys):
            return [Reason(
                "reported",
                f"{people} reported this {word} as selling counterfeits, including someone "
                "whose earlier reports a maintainer confirmed; not yet reviewed.",
                refined_severity="medium",
            )]
        low = low or Reason(
            "reported",
            f"{people} reported this {word} as selling counterfeits; not yet reviewed.",
            refined_severity="low",
        )
    return [low] if low else []
