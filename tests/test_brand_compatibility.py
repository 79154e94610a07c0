"""A brand named only as what a product fits ("charger for iPhone 15, Xiaomi, Samsung") is
not the product's brand (backend/matching/compatibility.py; docs/scoring.md).

Through POST /api/v1/check (the brand it answers in `page.brand`, its price reasons), and the
same table through the extension's rules.js (brandOf and evaluate over GET /api/v1/rulefile),
which must agree with /check case for case.
"""

import json
import subprocess
from pathlib import Path

import pytest

RULES_JS = Path(__file__).resolve().parent.parent / "extension" / "lib" / "rules.js"
LEGACY_RULES_JS = Path(__file__).resolve().parent / "extension" / "legacy" / "rules-before-compatibility.js"
SHOP = "https://www.example-shop.com/p/1"

# (title, declared brand field, the brand /check takes)
TABLE = [
    # The real page: a list after "for", with commas.
    ("65W USB C Charger for iPhone 15, Xiaomi, Samsung", None, None),
    ("Samsung 65W USB C Charger", None, "Samsung"),
    ("Samsung 65W charger for Samsung Galaxy", None, "Samsung"),
    # Named before the wording: the maker.
    ("Apple iPhone case for Samsung", None, "Apple"),
    ("Samsung Galaxy Buds case for Apple AirPods", None, "Samsung"),
    # Who it is for is not what it fits: "for men" hides nothing.
    ("Nike Air Jordan replica for men", None, "Nike"),
    ("Sneakers for men, Nike Air Jordan 1", None, "Nike"),
    ("Moncler jacket for women & kids", None, "Moncler"),
    ("Sneakers for  men, Nike Air Jordan 1", None, "Nike"),       # no stop inside the spaces
    ("Sneakers for the men, Nike Air Jordan 1", None, "Nike"),    # nor before the article
    ("Chaussures pour homme, Nike Air Max", None, "Nike"),
    # Lists: commas, slashes, "and", "&", articles.
    ("Case for Samsung Galaxy S24 and Apple iPhone 15", None, None),
    ("Charger for Samsung/Apple", None, None),
    ("Cable for Samsung & Apple phones", None, None),
    ("Cover for the Samsung Galaxy Watch and the Apple Watch", None, None),
    ("Strap for Rolex Submariner 20mm, Omega Seamaster", None, None),
    # The list ends: " - ", ";", "with", an item too long to be a device's name.
    ("Charger for Samsung Galaxy S24 - Apple 20W", None, "Apple"),
    ("Band for Fitbit; Apple Watch Ultra", None, "Apple"),
    ("Case for iPhone 15 with Samsung logo", None, "Samsung"),
    ("Sneakers for running in the rain every single day of the year, Nike Air Max", None, "Nike"),
    ("Cable " + "for a " * 20 + "for Samsung", None, "Samsung"),  # 20 lists a title at most
    # English wording.
    ("Strap fits Rolex Submariner", None, None),
    ("Works with Apple AirPods Pro", None, None),
    ("Replacement for Dyson V8 battery", None, None),
    ("Compatible with Apple Watch Ultra band", None, None),
    ("Earbuds like Apple AirPods Pro", None, None),
    ("Shoes for Nike fans", None, None),                # the trade-off: see docs/scoring.md
    # German.
    ("Hülle für Samsung Galaxy S24", None, None),
    ("Ladekabel kompatibel mit Apple iPhone", None, None),
    ("Armband passend für Samsung Galaxy Watch 6", None, None),
    ("Ersatz für Dyson V11 Filter", None, None),
    # French, Spanish, Italian, Portuguese, Dutch, Polish.
    ("Coque pour Samsung Galaxy S24", None, None),
    ("Bracelet compatible avec Apple Watch", None, None),
    ("Funda para Samsung Galaxy S24 y iPhone 15", None, None),
    ("Correa compatible con Apple Watch", None, None),
    ("Custodia per Samsung Galaxy S24", None, None),
    ("Cinturino compatibile con Apple Watch Ultra", None, None),
    ("Pulseira compatível com Apple Watch", None, None),
    ("Hoesje voor Samsung Galaxy S24", None, None),
    ("Bandje geschikt voor Apple Watch", None, None),
    ("Etui do Samsung Galaxy S24", None, None),
    ("Pasek kompatybilny z Apple Watch", None, None),
    ("Ładowarka dla Samsung", None, None),
    # Words that only look like the wording.
    ("Faux fur Moncler jacket", None, "Moncler"),
    ("Dri-FIT Nike running shirt", None, "Nike"),
    ("Nike Air Max 90 sneakers", None, "Nike"),
    # "fit" is how clothes cut, unless an accessory's noun is before it.
    ("Slim fit Nike Air Jordan 1 sneakers", None, "Nike"),
    ("Regular fit Rolex Submariner watch", None, "Rolex"),
    ("Relaxed Fit Nike Tech Fleece joggers", None, "Nike"),
    ("Slim-fit Nike Tech Fleece joggers", None, "Nike"),
    ("Slimfit Nike Tech Fleece joggers", None, "Nike"),
    ("Great fit Nike Air Jordan 1 sneakers", None, "Nike"),      # no list of cuts to dodge
    ("Perfect fit, Nike Air Jordan 1", None, "Nike"),
    ("True to size fit Adidas Yeezy 350", None, "Adidas"),
    ("One size fits all, Nike Heritage86 cap", None, "Nike"),
    ("Slim fit for men, Nike Tech Fleece", None, "Nike"),
    ("Slim Fit Herren Jogginghose Nike Tech Fleece", None, "Nike"),
    ("Nike Tech Fleece Hose, Slim Fit, für Herren", None, "Nike"),
    ("Coupe ajustée Nike Tech Fleece jogging", None, "Nike"),
    ("Coupe slim Nike Air Jordan 1 baskets", None, "Nike"),
    ("Corte slim Nike Tech Fleece pantalón", None, "Nike"),
    ("Ajuste regular Rolex Submariner reloj", None, "Rolex"),
    ("Case fit AirPods Pro 2", None, None),
    ("Band fit Galaxy Watch 6", None, None),
    ("Tempered glass fit Samsung Galaxy S24", None, None),
    ("Slim fit case for Apple AirPods Pro", None, None),
    ("Strap fits Rolex Submariner 20mm", None, None),
    # A declared brand field that is itself the wording names no maker.
    ("USB C cable 2m", "Compatible with Apple", None),
    ("Samsung Galaxy Buds FE", "for Samsung", "Samsung"),
    ("Watch band", "Rolex", "Rolex"),
]


def _check(client, **body):
    response = client.post("/api/v1/check", json={"url": SHOP, **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _codes(body):
    return [reason["code"] for reason in body["reasons"]]


@pytest.mark.parametrize("title, declared, brand", TABLE)
def test_check_takes_no_brand_named_only_as_what_the_product_fits(client, title, declared, brand):
    body = _check(client, title=title, **({"brand": declared} if declared else {}))
    assert body["page"]["brand"] == brand


def test_the_table_covers_languages_lists_and_adversaries():
    assert len(TABLE) >= 25
    titles = " ".join(title for title, _declared, _brand in TABLE)
    for wording in ("für", "pour", "para", "per", "voor", "do", "dla", "compatível"):
        assert f" {wording} " in titles


def test_a_charger_for_samsung_is_no_samsung_problem_but_a_samsung_charger_is(client):
    """The real page: a charger "for iPhone 15, Xiaomi, Samsung" at a low price."""
    price = {"amount": 9.99, "currency": "USD"}
    compatible = _check(client, title="65W USB C Charger for iPhone 15, Xiaomi, Samsung", price=price)
    assert compatible["page"]["brand"] is None and "price_below_floor" not in _codes(compatible)
    assert "Samsung" not in json.dumps(compatible["reasons"])
    samsung = _check(client, title="Samsung 65W USB C Charger", price=price)
    assert samsung["page"]["brand"] == "Samsung"


@pytest.mark.parametrize("title, flagged", [
    ("Silicone ear tips for Galaxy Buds 2 Pro, Galaxy Buds FE", False),
    ("Ohrstöpsel für Galaxy Buds 2 Pro", False),
    ("Samsung Galaxy Buds 2 Pro", True),
    ("Galaxy Buds 2 Pro earbuds for men", True),
    ("Slim fit Nike Air Jordan 1 sneakers", True),
    ("Regular fit Rolex Submariner watch", True),
    ("Case fit AirPods Pro 2", False),
])
def test_price_floor_applies_only_to_the_products_own_brand(client, title, flagged):
    body = _check(client, title=title, price={"amount": 5.0, "currency": "USD"})
    assert ("price_below_floor" in _codes(body)) is flagged, body["reasons"]


def test_a_slim_fit_is_no_way_around_the_price_floor(client):
    """The review's case: "Slim fit" before the brand hid it, and with it the price floor."""
    price = {"amount": 15.0, "currency": "USD"}
    for title in ("Nike Air Jordan 1 sneakers", "Slim fit Nike Air Jordan 1 sneakers",
                  "Regular Fit Nike Air Jordan 1 sneakers", "Nice fit Nike Air Jordan 1 sneakers"):
        body = _check(client, title=title, price=price)
        assert body["page"]["brand"] == "Nike" and "price_below_floor" in _codes(body), title


def test_replica_wording_still_fires_when_the_brand_is_named_as_fitted(client):
    """Hiding a brand behind "for" does not hide replica wording that needs a brand."""
    body = _check(client, title="1:1 replica shoes for Nike fans")
    assert body["page"]["brand"] is None
    assert "counterfeit_phrase" in _codes(body)


# Node reads {"ruleFile", "cases": [facts]} and prints [{brand, reasons}] (rules.js).
RUNNER = """
import { brandOf, evaluate } from %s;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { ruleFile, cases } = JSON.parse(input);
process.stdout.write(JSON.stringify(cases.map((facts) => ({
  brand: brandOf(ruleFile, facts), reasons: evaluate(ruleFile, facts) }))));
""" % json.dumps(RULES_JS.as_uri())


def _through_node(module: Path, rule_file: dict, facts: list[dict]) -> list[dict]:
    """[{brand, reasons}] for each facts, from module's brandOf and evaluate (RUNNER)."""
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", RUNNER.replace(json.dumps(RULES_JS.as_uri()),
                                                             json.dumps(module.as_uri()))],
        input=json.dumps({"ruleFile": rule_file, "cases": facts}), capture_output=True,
        text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def _agree(client, cases, module: Path = RULES_JS, rule_file=None, codes=None):
    """The cases (title, declared brand, price) where module and /check differ: in the brand and
    the title and price reasons, or in the reasons of codes only."""
    expected, facts = [], []
    for title, declared, amount in cases:
        request = {"title": title, **({"brand": declared} if declared else {}),
                   **({"price": amount} if amount else {})}
        body = _check(client, **request)
        reasons = [r for r in body["reasons"] if r["code"] in (codes or (
            "counterfeit_phrase", "prohibited_item", "price_below_floor"))]
        expected.append({"brand": body["page"]["brand"], "reasons": reasons})
        facts.append({"url": SHOP, "host": "www.example-shop.com", "domain": "example-shop.com",
                      "marketplace": None, "title": title, "brand": declared, "price": amount})
    got = _through_node(module, rule_file or client.get("/api/v1/rulefile").get_json(), facts)
    if codes:  # those reasons only (an older rules.js took the first brand named, fitted or not)
        got = [[r for r in have["reasons"] if r["code"] in codes] for have in got]
        expected = [want["reasons"] for want in expected]
    return [(case, want, have) for case, want, have in zip(cases, expected, got) if want != have]


# Real brands whose names begin like the wording: an optician, lingerie, Marks & Spencer's label.
WORDING_LIKE_BRANDS = ["For Eyes", "Pour Moi", "Per Una", "For Love & Lemons"]


def test_a_declared_brand_the_list_knows_is_kept_though_it_begins_like_the_wording(client, admin):
    for name in WORDING_LIKE_BRANDS:
        assert client.post("/api/v1/brands", headers=admin, json={"name": name}).status_code == 201
    cases = [(title, declared, None) for declared in WORDING_LIKE_BRANDS
             for title in ("Round glasses frames", "Samsung Galaxy Buds FE")]
    cases += [("Lace bralette", "pour moi", None), ("Midi dress", "PER UNA", None),
              ("USB C cable 2m", "For Apple", None), ("Samsung Galaxy Buds FE", "for Samsung", None),
              ("For Love & Lemons midi dress", None, None), ("Per Una midi dress", None, None)]
    for title, declared, _price in cases[:8]:
        assert _check(client, title=title, brand=declared)["page"]["brand"] == declared
    assert _check(client, title="USB C cable 2m", brand="For Apple")["page"]["brand"] is None
    assert _check(client, title="For Love & Lemons midi dress")["page"]["brand"] == "For Love & Lemons"
    assert _agree(client, cases) == []


def test_an_extension_built_before_the_compatibility_section_keeps_its_price_floors(client):
    """The rule file still carries brands[].fits for rules.js as built before `compatibility`
    (frozen in tests/extension/legacy/): its price floors agree with /check wherever the
    title names the brand directly ("strap fits Rolex"), not in a list."""
    price = {"amount": 5.0, "currency": "USD"}
    cases = [(title, None, price) for title in (
        "Nike Air Jordan 1 sneakers", "Slim fit Nike Air Jordan 1 sneakers",
        "Regular fit Rolex Submariner watch", "Case fit AirPods Pro 2", "Ohrstöpsel für Galaxy Buds 2 Pro",
        "Earbuds like Apple AirPods Pro", "Galaxy Buds 2 Pro earbuds for men",
        "Coque pour Samsung Galaxy Buds 2 Pro", "Faux fur Moncler jacket", "Apple AirPods Pro 2")]
    assert _agree(client, cases, LEGACY_RULES_JS, codes=("price_below_floor",)) == []
    flagged = _through_node(LEGACY_RULES_JS, client.get("/api/v1/rulefile").get_json(), [
        {"url": SHOP, "host": "www.example-shop.com", "domain": "example-shop.com", "marketplace": None,
         "title": "Nike Air Jordan 1 sneakers", "brand": None, "price": price}])
    assert [r["code"] for r in flagged[0]["reasons"]] == ["price_below_floor"]


def test_the_extension_reads_an_older_servers_file_without_compatibility(client):
    """Such a file is no reason to refuse the rules: no wording, and its brands' fits exempt."""
    rule_file = client.get("/api/v1/rulefile").get_json()
    del rule_file["compatibility"]
    price = {"amount": 5.0, "currency": "USD"}
    facts = [{"url": SHOP, "host": "www.example-shop.com", "domain": "example-shop.com",
              "marketplace": None, "title": title, "brand": None, "price": price}
             for title in ("Nike Air Jordan 1 sneakers", "Ohrstöpsel für Galaxy Buds 2 Pro")]
    got = _through_node(RULES_JS, rule_file, facts)
    assert [[r["code"] for r in have["reasons"]] for have in got] == [["price_below_floor"], []]


def test_the_extension_reads_the_table_as_check_does(client):
    price = {"amount": 5.0, "currency": "USD"}
    cases = [(title, declared, amount) for title, declared, _brand in TABLE for amount in (None, price)]
    cases += [("Silicone ear tips for Galaxy Buds 2 Pro, Galaxy Buds FE", None, price),
              ("1:1 replica shoes for Nike fans", None, None),
              # A declared brand is answered as written; an unknown one too.
              ("Air Max 90 trainers", "NIKE", price), ("USB-C cable 2 m", "Anker", None)]
    differ = _agree(client, cases)
    assert differ == [], differ[:3]
