"""Lookalike shop domains the way attackers make them, and the real and ordinary ones left alone."""

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from backend import create_app
from backend.matching.confusables import LATIN_TWIN, letter_options
from backend.matching.lookalike import TRICKS, Lookalike, LookalikeDetector

DATA = Path(__file__).resolve().parent / "data"
# What each trick's message says, in the shopper's words.
SAYS = {
    "name": "uses the name",
    "subdomain": "in front of another website's address",
    "letters": "look-alike letters from another alphabet",
    "digits": "numbers in place of letters",
    "hyphens": "splits the name",
    "typo": "misspelling of",
}


@pytest.fixture(scope="module")
def lookalike_client(tmp_path_factory, seeded_database):
    """One app over the seeded list for the whole table (its checks do not write)."""
    from tests.conftest import SEED_DIR

    path = tmp_path_factory.mktemp("lookalike") / "radar.db"
    shutil.copyfile(seeded_database, path)
    app = create_app({"TESTING": True, "DATABASE": str(path), "SEED_DIR": str(SEED_DIR),
                      "AUTO_INIT_DB": False, "CHECK_RATE_LIMIT": "100000 per minute"})
    return app.test_client()


def check(client, url):
    response = client.get("/api/v1/check", query_string={"url": url})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def lookalike_reasons(body):
    return [reason for reason in body["reasons"] if reason["code"] == "lookalike_domain"]


# (url, brand, trick)
POSITIVES = [
    # Letters from another alphabet (TR39 skeletons), as typed and as punycode.
    ("https://rоlex-outlet.com/", "Rolex", "letters"),                 # Cyrillic о
    ("https://xn--rlex-outlet-rnj.com/", "Rolex", "letters"),          # the same, as punycode
    ("https://www.rοlex.com/submariner", "Rolex", "letters"),          # Greek ο, bare name
    ("https://аррӏе.com/", "Apple", "letters"),                        # all Cyrillic, ӏ for l
    ("https://xn--80ak6aa92e.com/iphone", "Apple", "letters"),         # the same, as punycode
    ("https://www.guссi-bags.com/", "Gucci", "letters"),               # Cyrillic сс
    ("https://nіke-store.com/", "Nike", "letters"),                    # Ukrainian і
    ("https://ѕаmѕung-store.com/", "Samsung", "letters"),              # Cyrillic ѕ а ѕ
    ("https://ρrada-sale.shop/", "Prada", "letters"),                  # Greek ρ
    ("https://chαnel-outlet.net/", "Chanel", "letters"),               # Greek α
    ("https://ԁior-bags.com/", "Dior", "letters"),                     # Cyrillic ԁ
    ("https://balenсiaga.top/", "Balenciaga", "letters"),              # Cyrillic с, throwaway TLD
    ("https://ＲＯＬＥＸ-outlet.com/", "Rolex", "name"),                # full-width letters fold (UTS #46)
    # Digits for letters.
    ("https://r0lex-outlet.com/", "Rolex", "digits"),
    ("https://www.r0lex.com/", "Rolex", "digits"),
    ("https://gucc1-bags.shop/", "Gucci", "digits"),
    ("https://n1ke-outlet.top/", "Nike", "digits"),
    ("https://pr4da-sale.com/", "Prada", "digits"),
    ("https://ch4nel-store.com/", "Chanel", "digits"),
    ("https://0akley-sunglasses.com/", "Oakley", "digits"),
    ("https://h3rmes-outlet.com/", "Hermès", "digits"),
    ("https://ba1enciaga.com/", "Balenciaga", "digits"),
    ("https://adid4s-shoes.xyz/", "Adidas", "digits"),
    # The brand as a subdomain, or the brand's own domain in front of another.
    ("https://rolex.cheap-deals-shop.com/", "Rolex", "subdomain"),
    ("https://gucci.discount-outlet.net/bags", "Gucci", "subdomain"),
    ("https://nike.com.secure-checkout.net/", "Nike", "subdomain"),
    ("https://apple.com.verify-store.com/", "Apple", "subdomain"),
    ("https://louisvuitton.best-deals.xyz/", "Louis Vuitton", "subdomain"),
    ("https://rolex-outlet.blogspot.com/", "Rolex", "name"),
    ("https://rolex-sale.myshopify.com/", "Rolex", "name"),
    ("https://rolex.myshopify.com/", "Rolex", "name"),                 # a shop builder's subdomain
    ("https://shop.moncler-outlet.com/", "Moncler", "name"),
    # Hyphens.
    ("https://ro-lex.com/", "Rolex", "hyphens"),
    ("https://ro-lex-outlet.com/", "Rolex", "hyphens"),
    ("https://guc-ci-bags.com/", "Gucci", "hyphens"),
    ("https://bal-enciaga.shop/", "Balenciaga", "hyphens"),
    ("https://rolex--outlet.com/", "Rolex", "name"),
    ("https://lulu-lemon-outlet.com/", "Lululemon", "name"),           # the brand's own words
    # One-letter typos of names of five letters or more.
    ("https://rollex-outlet.com/", "Rolex", "typo"),
    ("https://rolx-watches.com/", "Rolex", "typo"),
    ("https://roelx-shop.com/", "Rolex", "typo"),
    ("https://rollex.shop/", "Rolex", "typo"),
    ("https://guccii-bags.com/", "Gucci", "typo"),
    ("https://pradda-outlet.com/", "Prada", "typo"),
    ("https://moncelr-sale.com/", "Moncler", "typo"),
    ("https://balenciagga.store/", "Balenciaga", "typo"),
    ("https://cartierr-watches.top/", "Cartier", "typo"),
    ("https://chanle-bags.com/", "Chanel", "typo"),
    ("https://adidass-outlet.com/", "Adidas", "typo"),
    ("https://lululemonn-sale.com/", "Lululemon", "typo"),
]


@pytest.mark.parametrize("url, brand, trick", POSITIVES)
def test_lookalike_tricks_are_caught_and_named(lookalike_client, url, brand, trick):
    body = check(lookalike_client, url)
    found = lookalike_reasons(body)
    assert len(found) == 1, body["reasons"]
    message = found[0]["message"]
    assert brand in message and SAYS[trick] in message
    assert f"not one of {brand}'s own websites" in message
    assert body["verdict"] == "suspicious"


def test_look_alike_letters_show_the_address_both_ways(lookalike_client):
    message = lookalike_reasons(check(lookalike_client, "https://rоlex-outlet.com/"))[0]["message"]
    assert "xn--rlex-outlet-rnj.com, shown as rоlex-outlet.com" in message


NEGATIVES = [
    # Ordinary words that hold a brand's letters or are one letter from a brand's name.
    "https://www.caravans.co.uk/", "https://coaching.org/", "https://www.applefarm.com/",
    "https://pandoraradio.com/", "https://casino-online.com/", "https://channel-store.com/",
    "https://prado-outlet.com/", "https://carrier-sale.com/", "https://www.tyson-foods.com/",
    "https://www.molex.com/", "https://roles.com/", "https://www.rolexa-consulting.de/",
    "https://valentine-gifts-shop.com/", "https://bulgaria-travel.com/", "https://carter-shoes.com/",
    "https://omega3-store.com/", "https://coach-hire.co.uk/", "https://crocodile.com/",
    # Sites about a brand rather than selling it.
    "https://birkenstock-repair.com/", "https://dyson-sphere.org/", "https://fendi-fans.com/",
    "https://montblanc-hotel.ch/", "https://nike.fandom.com/", "https://rolex.wikipedia.org/",
    "https://samsung.github.io/", "https://apple.stackexchange.com/",
    # Digits that spell nothing, and Unicode that is just a language.
    "https://4seasons.com/", "https://7eleven.com/", "https://b2b-shop.com/",
    "https://top10-shop.com/", "https://1-800-flowers.com/", "https://www.bücher.de/",
    "https://münchen.de/", "https://www.hermès.fr/",
    # A bare typo or the brand's own words alone may be an accident or the brand itself.
    "https://rollex.com/", "https://the-north-face.com/", "https://www.nike.de/",
    # Brands' own domains and their subdomains.
    "https://store.apple.com/", "https://www.nike.com.cn/", "https://shop.gucci.com/",
    "https://www.rolex.com/",
]


@pytest.mark.parametrize("url", NEGATIVES)
def test_ordinary_and_own_domains_are_not_lookalikes(lookalike_client, url):
    assert lookalike_reasons(check(lookalike_client, url)) == []


def _wikidata_domains():
    with open(DATA / "brand-websites-wikidata.csv", encoding="utf-8", newline="") as stream:
        return [row["domain"] for row in csv.DictReader(stream)]


@pytest.mark.parametrize("domain", _wikidata_domains())
def test_real_companies_own_domains_are_not_lookalikes(lookalike_client, domain):
    assert lookalike_reasons(check(lookalike_client, f"https://www.{domain}/")) == []


# --- the detector itself -------------------------------------------------------------------

@dataclass(frozen=True)
class Brand:
    name: str
    domains: frozenset


ZORBLAX = Brand("Zorblax", frozenset({"zorblax.com"}))
KIT = Brand("Kit", frozenset({"kit.com"}))


@pytest.fixture(scope="module")
def detector():
    return LookalikeDetector([ZORBLAX, KIT], {"zorblax": ZORBLAX, "kit": KIT})


@pytest.mark.parametrize("host, domain, trick", [
    ("z0rblax-outlet.com", "z0rblax-outlet.com", "digits"),
    ("zorblaxx-sale.com", "zorblaxx-sale.com", "typo"),
    ("zorbalx-store.net", "zorbalx-store.net", "typo"),
    ("zor-blax.com", "zor-blax.com", "hyphens"),
    ("zorblax.cheap-shop.com", "cheap-shop.com", "subdomain"),
    ("zorblax.com.login-now.net", "login-now.net", "subdomain"),
    ("xn--zrblax-outlet-i7k.com", "xn--zrblax-outlet-i7k.com", "letters"),  # Cyrillic о
])
def test_detector_catches_each_trick_for_any_brand_in_the_catalog(detector, host, domain, trick):
    assert detector.find(host, domain) == Lookalike(ZORBLAX, trick)


@pytest.mark.parametrize("host", ["kitt-outlet.com", "kjt-store.com", "zorblaxfans.com", "example.com"])
def test_detector_leaves_short_names_untyped_and_other_words_alone(detector, host):
    # Names under five letters get no typo variants: one edit of "kit" is half the dictionary.
    assert detector.find(host, host) is None


@pytest.mark.parametrize("trick", TRICKS)
def test_every_trick_has_its_own_message_naming_the_brand(trick):
    message = Lookalike(ZORBLAX, trick).message("zorblax.cheap-shop.com", "cheap-shop.com")
    assert "Zorblax" in message and SAYS[trick] in message and "zorblax.com" in message


@pytest.mark.parametrize("character, options, foreign", [
    ("о", "o", True),      # Cyrillic o
    ("ο", "o", True),      # Greek omicron
    ("ӏ", "il", True),     # Cyrillic palochka reads as l or i
    ("é", "e", False),     # a Latin accent is not another alphabet
    ("x", "x", False),
    ("中", "中", False),    # no Latin twin
])
def test_letters_map_to_their_latin_twins(character, options, foreign):
    assert letter_options(character) == (options, foreign)


def test_confusables_table_is_loaded_once_from_the_package():
    assert len(LATIN_TWIN) > 1000 and LATIN_TWIN["а"] == "a"
