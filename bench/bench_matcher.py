#!/usr/bin/env python3
"""Does title matching stay cheap as the list grows? 10,000 phrases and 1,000 brands vs the seed.

    python bench/bench_matcher.py [--phrases 10000] [--brands 1000] [--titles 400] [--rounds 5]

In one run, over a seeded temporary database: the catalog of the seed alone (the
baseline) and the seed plus synthetic replica phrases and brands. For a few hundred
realistic titles (seed brands and product words, genuine and replica wording, some
naming synthetic brands and phrases) it times title matching as a check does it,
catalog.find_brand + rules.title_reasons, and prints the medians and their ratio
(goal: about 1x). It also times the engine this replaced (Python `re`, every rule
tried one by one inside lookaround word bounds) on the same rules, and the brand
alternation in `re` and in RE2, on the titles and on a title crafted against `re`.
docs/scoring.md has the figures and the decisions.
"""

import argparse
import csv
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlite_utils import Database  # noqa: E402

from backend import db  # noqa: E402
from backend.matching import catalog as catalogs, rules  # noqa: E402
from backend.page import Page  # noqa: E402
from backend.store import brands as brand_store, rules as rule_store  # noqa: E402
from backend.text import match_form  # noqa: E402

SYLLABLES = "ka lo mi ne ru sa to vi ze bo da fe gu hi jo pra stel quin vor".split()
GENUINE_WORDS = ("new with tags", "size 42", "black", "authentic", "2024", "box and papers",
                 "mens", "womens", "limited edition", "free shipping", "used once", "gift")
REPLICA_WORDS = ("replica", "1:1 quality", "AAA quality", "super clone", "dupe", "reps",
                 "mirror quality", "inspired by designer", "pk batch", "high quality copy")


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_phrases(rng: random.Random, count: int) -> list[dict]:
    """Rules shaped like the seed's: words, optional plurals, alternations, exceptions."""
    found = []
    for index in range(count):
        first, second, third = word(rng), word(rng), word(rng)
        shape = rng.random()
        if shape < 0.5:
            pattern = rf"{first}\s+{second}s?"
        elif shape < 0.8:
            pattern = rf"(?:{first}|{second})[\s-]*{third}"
        elif shape < 0.98:
            pattern = rf"{first}\s+(?:of\s+)?{second}"
        else:
            pattern = first.upper()[:4]
        found.append({
            "kind": "replica_phrase", "name": f"synthetic {index}", "pattern": pattern,
            "except_pattern": rf"(?i:{word(rng)}|{word(rng)}\s+{word(rng)})"
            if rng.random() < 0.2 else None,
            "needs_brand": rng.random() < 0.5, "case_sensitive": shape >= 0.98,
            "category": "synthetic", "evidence_url": None, "source": "bench",
        })
    return found


def synthetic_brands(rng: random.Random, count: int, taken: set[str]) -> list[dict]:
    """Brands with made-up names (none already taken), some aliases and a domain each."""
    found, names = [], set(taken)
    while len(found) < count:
        name = (word(rng) + (" " + word(rng) if rng.random() < 0.3 else "")).title()
        if brand_store.fold_name(name) in names:
            continue
        names.add(brand_store.fold_name(name))
        aliases = [word(rng).title() for _ in range(rng.randint(0, 2))]
        found.append({"name": name, "aliases": aliases,
                      "category": "synthetic", "source": "bench",
                      "domains": [f"{name.replace(' ', '').lower()}.example"]})
    return found


def realistic_titles(rng: random.Random, count: int, extra_brands, extra_phrases) -> list[str]:
    """Seed brands with their product words, genuine or replica wording; some synthetic."""
    products: dict[str, list[str]] = {}
    with (ROOT / "seed_data" / "price_floors.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            products.setdefault(row["brand"], []).extend(row["keywords"].split(";"))
    seed_brands = sorted(products)
    titles = []
    for _ in range(count):
        if extra_brands and rng.random() < 0.1:
            brand, product = rng.choice(extra_brands)["name"], rng.choice(["watch", "bag", "shoes"])
        else:
            brand = rng.choice(seed_brands)
            product = rng.choice(products[brand])
        words = [brand, product, *rng.sample(GENUINE_WORDS, rng.randint(1, 4))]
        luck = rng.random()
        if luck < 0.25:
            words.insert(rng.randint(0, len(words)), rng.choice(REPLICA_WORDS))
        elif luck < 0.35 and extra_phrases:
            pattern = rng.choice(extra_phrases)["pattern"]
            words.append(re.sub(r"\(\?:([^|)]+)\|[^)]*\)", r"\1", pattern)
                         .replace(r"\s+", " ").replace(r"[\s-]*", " ").replace("s?", "")
                         .replace("(?:of )?", ""))
        titles.append(" ".join(words))
    return titles


def page_for(title: str) -> Page:
    return Page(url="https://www.ebay.com/itm/1", host="www.ebay.com", domain="ebay.com",
                marketplace="ebay", title=title)


def match_title(catalog, page: Page):
    """What a check does with the title: the brand, then the title rules."""
    brand = catalog.find_brand(page.title)
    return rules.title_reasons(catalog, page, brand_known=brand is not None)


class OldMatcher:
    """The engine before RE2: Python `re`, each rule tried in turn in lookaround bounds."""

    def __init__(self, catalog):
        def python(pattern: str) -> str:  # the seed's RE2 Unicode classes, as re spells them
            return (pattern.replace(r"[^\p{L}\p{N}_]", r"\W").replace(r"\p{L}\p{N}_", r"\w")
                    .replace(r"\p{Nd}", r"\d"))

        self.brand_pattern = re_brand_pattern(catalog)
        self.rules = {kind: [(
            rule,
            re.compile(r"(?<!\w)(?:" + python(rule.pattern) + r")(?!\w)",
                       0 if rule.case_sensitive else re.IGNORECASE),
            re.compile(python(rule.except_pattern.pattern), re.IGNORECASE)
            if rule.except_pattern else None,
        ) for rule in catalog_rules] for kind, catalog_rules in (
            ("prohibited", catalog.prohibited_rules), ("phrase", catalog.phrase_rules))}

    def match(self, page: Page):
        folded = match_form(page.title)
        brand_known = self.brand_pattern.search(folded) is not None
        found = []
        for kind_rules in self.rules.values():
            for rule, pattern, except_pattern in kind_rules:
                if rule.needs_brand and not brand_known:
                    continue
                hit = pattern.search(page.title if rule.case_sensitive else folded)
                if hit and not (except_pattern and except_pattern.search(folded)):
                    found.append(rule.name)
                    break
        return found


def re_brand_pattern(catalog) -> re.Pattern:
    """The brand spellings, longest first, in lookaround word bounds: the `re` way."""
    forms = sorted(catalog.brand_by_form, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, forms)) + r")(?!\w)")


def crafted_title(catalog) -> str:
    """1,000 characters of one-letter words that begin the most brand spellings."""
    letter, _ = Counter(form[0] for form in catalog.brand_by_form).most_common(1)[0]
    return (" " + letter) * 500


def median_us(function, items, rounds: int) -> float:
    """Median over items of each item's median time (µs) over rounds calls."""
    return paired_medians_us([function], items, rounds)[0]


def paired_medians_us(functions, items, rounds: int) -> list[float]:
    """median_us of each function, timed in turn on each item so drift hits all alike."""
    for item in items:  # warm: compiles each rule the prefilter names for the first time
        for function in functions:
            function(item)
    per_item = [[] for _ in functions]
    for item in items:
        samples = [[] for _ in functions]
        for _ in range(rounds):
            for index, function in enumerate(functions):
                start = time.perf_counter_ns()
                function(item)
                samples[index].append(time.perf_counter_ns() - start)
        for index, timings in enumerate(samples):
            per_item[index].append(statistics.median(timings) / 1000)
    return [statistics.median(values) for values in per_item]


def build_timed(path: str):
    start = time.perf_counter()
    catalog = catalogs.build(Database(path))
    return catalog, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=10_000, help="synthetic replica phrases")
    parser.add_argument("--brands", type=int, default=1_000, help="synthetic brands")
    parser.add_argument("--titles", type=int, default=400, help="titles to time")
    parser.add_argument("--rounds", type=int, default=5, help="timed calls per title")
    parser.add_argument("--no-old", action="store_true", help="skip the old engine (slow)")
    options = parser.parse_args()
    rng = random.Random(20261201)

    folder = Path(tempfile.mkdtemp())
    try:
        seed_path, big_path = str(folder / "seed.db"), str(folder / "big.db")
        db.initialize(seed_path, ROOT / "seed_data")
        shutil.copyfile(seed_path, big_path)
        big = Database(big_path)
        taken = {name for (name,) in big.execute("SELECT name_fold FROM brands")}
        extra_phrases = synthetic_phrases(rng, options.phrases)
        extra_brands = synthetic_brands(rng, options.brands, taken)
        with big.conn:
            for phrase in extra_phrases:
                rule_store.save(big, phrase)
            for brand in extra_brands:
                brand_store.save(big, brand)
            big.execute("UPDATE list_meta SET version = version + 1 WHERE id = 1")

        seed_catalog, seed_build = build_timed(seed_path)
        big_catalog, big_build = build_timed(big_path)
        titles = realistic_titles(rng, options.titles, extra_brands, extra_phrases)
        pages = [page_for(title) for title in titles]
        fired = sum(bool(match_title(big_catalog, page)) for page in pages)

        seed_us, big_us = paired_medians_us([
            lambda page: match_title(seed_catalog, page),
            lambda page: match_title(big_catalog, page),
        ], pages, options.rounds)
        print(f"{len(titles)} titles ({fired} trip a title rule in the large catalog), "
              f"{options.rounds} rounds each; median per title of find_brand + title_reasons.")
        for name, catalog, median, built in (("seed", seed_catalog, seed_us, seed_build),
                                              ("large", big_catalog, big_us, big_build)):
            count = len(catalog.phrase_rules) + len(catalog.prohibited_rules)
            print(f"{name} catalog ({count} rules, {len(catalog.brands)} brands): "
                  f"{median:8.1f} µs  (built in {built * 1000:.0f} ms)")
        print(f"ratio large / seed: {big_us / seed_us:.2f}x (goal: about 1x)")

        folded = [match_form(title) for title in titles]
        for name, catalog in (("seed", seed_catalog), ("large", big_catalog)):
            in_re, crafted = re_brand_pattern(catalog), [crafted_title(catalog)]
            def in_re2(text, pattern=catalog.brand_pattern):  # as find_brand searches
                return pattern.search(text.encode())

            print(f"brand alternation, {name} catalog ({len(catalog.brand_by_form)} spellings): "
                  f"re {median_us(in_re.search, folded, options.rounds):.1f} µs, "
                  f"RE2 {median_us(in_re2, folded, options.rounds):.1f} µs; "
                  f"crafted title {crafted[0][:8]!r}...: "
                  f"re {median_us(in_re.search, crafted, options.rounds):.0f} µs, "
                  f"RE2 {median_us(in_re2, crafted, options.rounds):.0f} µs")

        if not options.no_old:
            for name, catalog in (("seed", seed_catalog), ("large", big_catalog)):
                start = time.perf_counter()
                old = OldMatcher(catalog)
                built = time.perf_counter() - start
                old_us = median_us(old.match, pages, options.rounds)
                print(f"old engine (re, one rule at a time), {name} catalog: {old_us:8.1f} µs "
                      f"(compiled in {built * 1000:.0f} ms)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
