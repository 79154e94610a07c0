"""Private mode's rules give what /check gives: the extension's evaluate() against the backend.

For every page of the shared corpus (the facts the backend extracts from it) and for table
cases (replica wording in several languages and spacings, prohibited items, lookalike
domains of every trick, official sites, notorious markets, price floors in several
currencies, the second-hand, accessory and "fits" exemptions, no brand, no title), the
reasons of POST /api/v1/check (less those only the server can give: the list, reports,
relisted titles) must equal, code, severity, message, evidence and order, those of
extension/lib/rules.js evaluate() over GET /api/v1/rulefile, and so must the verdict and
score. Node runs once over the whole batch.
"""

import json
import subprocess
from pathlib import Path

import pytest

from backend.matching import scoring
from backend.matching.reasons import Reason
from backend.urls import canonicalize
from conftest import corpus_pages
from test_lookalike import NEGATIVES as LOOKALIKE_NEGATIVES
from test_lookalike import POSITIVES as LOOKALIKE_POSITIVES
from test_extraction import _page_html
from test_lookalike import _wikidata_domains
from test_rules import (GENUINE_TITLES, NOT_PROHIBITED_TITLES, PRICE_CASES, PROHIBITED_TITLES,
                        REPLICA_TITLES)

RULES_JS = Path(__file__).resolve().parent.parent / "extension" / "lib" / "rules.js"
SERVER_ONLY = {"listed_seller", "listed_listing", "listed_domain", "authorized_seller",
               "seller_alias", "relisted_listing", "reported"}
SHOP = "https://www.example-shop.com/p/1"
AMAZON = "https://www.amazon.com/dp/B0TEST0001"
EBAY = "https://www.ebay.com/itm/123456789012"

# Node reads {"ruleFile", "cases": [facts]} on stdin and prints one result per case.
RUNNER = """
import { evaluate, verdictOf, scoreOf } from %s;
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { ruleFile, cases } = JSON.parse(input);
const results = cases.map((facts) => {
  const reasons = evaluate(ruleFile, facts);
  return { reasons, verdict: verdictOf(reasons), score: scoreOf(reasons) };
});
process.stdout.write(JSON.stringify(results));
""" % json.dumps(RULES_JS.as_uri())


def _price(amount, currency):
    return {"amount": amount, "currency": currency}


# (url, title, price, brand): the brief's table, beyond the tables borrowed from other tests.
TABLE = [
    # Replica wording: languages, spacing, case, Unicode spaces and full-width forms.
    (SHOP, "Rolex Submariner replica watch", None, None),
    (SHOP, "Rolex Submariner REPLICA watch", None, None),
    (SHOP, "Rolex Submariner réplica reloj", None, None),
    (SHOP, "Rolex Submariner Replika Uhr", None, None),
    (SHOP, "Gucci borsa replica qualità", None, None),
    (SHOP, "Gucci Tasche 1:1 Qualität", None, None),
    (SHOP, "Gucci bag 1 : 1 mirror quality", None, None),
    (SHOP, "Gucci bag 1：1 quality", None, None),
    (SHOP, "Louis Vuitton\u00a0super\u2009clone bag", None, None),
    (SHOP, "Louis Vuitton super-clone neverfull", None, None),
    (SHOP, "Chanel AAA+ Quality flap bag", None, None),
    (SHOP, "Chanel ＡＡＡ quality flap bag", None, None),
    (SHOP, "Nike Dunk UA sneakers", None, None),
    (SHOP, "Nike Dunk ua sneakers", None, None),
    (SHOP, "Dior dupe lip oil", None, None),
    (SHOP, "Prada inspired by designer tote", None, None),
    (SHOP, "Hermès Birkin knock-off 30", None, None),
    (SHOP, "Moncler jacket high quality copy", None, None),
    (SHOP, "Rolex daytona clean factory v2 batch", None, None),
    (SHOP, "Yeezy 350 LJR batch", None, None),
    (SHOP, "cheap replica watches", None, None),                      # needs a brand
    (SHOP, "replica movie prop sword", None, "Rolex"),                  # except_pattern
    (SHOP, "Rolex replica", None, "Omega"),                            # brand field wins
    (SHOP, "Réplica   Rolex\tSubmariner", None, None),
    (SHOP, "ROLEX SUBMARINER REPLICA", None, None),
    (SHOP, "Rolex reps 3x10 reps each", None, None),
    # Prohibited items.
    (SHOP, "FBI badge and credentials", None, None),
    (SHOP, "Police badge toy for kids", None, None),
    (SHOP, "U.S. Marshals badge", None, None),
    (SHOP, "Secret Service credentials wallet", None, None),
    # Lookalike domains: homoglyphs, digits, brand as subdomain, hyphens, typos.
    ("https://rоlex-outlet.com/", None, None, None),
    ("https://xn--rlex-outlet-rnj.com/", None, None, None),
    ("https://www.gucсi-store.com/", None, None, None),
    ("https://r0lex-watches.com/", None, None, None),
    ("https://n1ke-outlet.com/", None, None, None),
    ("https://guc1i-sale.net/", None, None, None),
    ("https://rolex.cheap-deals-shop.com/", None, None, None),
    ("https://nike.com.evil.net/", None, None, None),
    ("https://rolex.fandom.com/", None, None, None),
    ("https://ro-lex-outlet.com/", None, None, None),
    ("https://rollex-outlet.com/", None, None, None),
    ("https://rolx-watches.com/", None, None, None),
    ("https://moncler-outlet.store/", None, None, None),
    ("https://rolex.shop/", None, None, None),
    ("https://rolex.myshopify.com/", None, None, None),
    ("https://cheap-nike-shoes.com/", None, None, None),
    ("https://www.caravans.co.uk/", None, None, None),
    # Official sites and notorious markets.
    ("https://www.rolex.com/watches", None, None, None),
    ("https://www.nike.com/t/air-max", "Nike Air Max 90", _price(12.0, "USD"), None),
    ("https://www.apple.com/airpods", None, None, None),
    ("https://www.dhgate.com/product/123.html", "Rolex Submariner AAA", None, None),
    ("https://www.taobao.com/item/1", None, None, None),
    ("https://www.pinduoduo.com/goods/1", None, None, None),
    ("https://shopee.sg/product/1", None, None, None),
    # Price floors in several currencies, zero-decimal ones included.
    (SHOP, "Rolex Submariner Date", _price(199, "USD"), None),
    (SHOP, "Rolex Submariner Date", _price(25000, "JPY"), None),
    (SHOP, "Rolex Submariner Date", _price(500000, "JPY"), None),
    (SHOP, "Rolex Submariner Date", _price(250000, "KRW"), None),
    (SHOP, "Rolex Submariner Date", _price(3000000, "IDR"), None),
    (SHOP, "Rolex Submariner Date", _price(1234.5, "EUR"), None),
    (SHOP, "Rolex Submariner Date", _price(999.99, "GBP"), None),
    (SHOP, "Rolex Submariner Date", _price(0.125, "USD"), None),
    (SHOP, "Rolex Submariner Date", _price(2.675, "USD"), None),
    (SHOP, "Rolex Submariner Date", _price(0, "USD"), None),
    (SHOP, "Rolex Submariner Date", _price(100, "XYZ"), None),
    (SHOP, "Rolex Submariner Date", _price(100, "chf"), None),
    (SHOP, "Gucci Marmont bag", _price(2500, "CNY"), None),
    (SHOP, "Apple AirPods Pro 2", _price(1999, "INR"), None),
    (SHOP, "Apple AirPods Pro 2", _price(5000, "HUF"), None),
    (AMAZON, "Apple AirPods Pro 2", _price(29.99, "USD"), None),
    (EBAY, "Apple AirPods Pro 2 used", _price(29.99, "USD"), None),
    (EBAY, "Apple AirPods Pro 2 pre-owned", _price(29.99, "USD"), None),
    (AMAZON, "Silicone case for Apple AirPods Pro 2", _price(9.99, "USD"), None),
    (AMAZON, "Compatible with Apple Watch Ultra band", _price(9.99, "USD"), None),
    (AMAZON, "Strap fits Rolex Submariner", _price(19.99, "USD"), None),
    (AMAZON, "Rolex Submariner with box and papers", _price(199, "USD"), None),
    (AMAZON, "Rolex watch box only", _price(60, "USD"), None),
    (AMAZON, "Submariner automatic", _price(199, "USD"), "Rolex"),
    # No brand, an unknown brand, no title, an empty title, blank fields.
    (SHOP, "Stainless steel automatic watch", _price(19.99, "USD"), None),
    (SHOP, "Stainless steel automatic watch", _price(19.99, "USD"), "Zorblax"),
    (SHOP, None, _price(19.99, "USD"), "Rolex"),
    (SHOP, "", None, None),
    (SHOP, "   ", None, "  "),
    (AMAZON, None, None, None),
]


def _cases():
    """(url, title, price, brand) of the table and of the borrowed tables."""
    cases = list(TABLE)
    cases += [(SHOP, title, None, None) for title in REPLICA_TITLES + GENUINE_TITLES]
    cases += [(SHOP, title, None, None) for title in PROHIBITED_TITLES + NOT_PROHIBITED_TITLES]
    cases += [(AMAZON, title, _price(amount, currency), None)
              for title, amount, currency, _flagged in PRICE_CASES]
    cases += [(url, None, None, None) for url, _brand, _trick in LOOKALIKE_POSITIVES]
    cases += [(url, None, None, None) for url in LOOKALIKE_NEGATIVES]
    cases += [(f"https://www.{domain}/", None, None, None) for domain in _wikidata_domains()[::25]]
    return cases


def _facts(url, page, title, price, brand):
    """What the extension knows of the page: the URL's host, domain and marketplace and the
    fields it read (the backend's Page gives the same host; helper A's keys.js computes it)."""
    return {"url": url, "host": canonicalize(url)[1].hostname, "domain": page["domain"],
            "marketplace": page["marketplace"], "title": title, "brand": brand, "price": price}


def _run_node(rule_file, facts):
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", RUNNER],
        input=json.dumps({"ruleFile": rule_file, "cases": facts}), capture_output=True,
        text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def _expected(body):
    """The backend's reasons less the server's own, with the verdict and score they make."""
    reasons = [reason for reason in body["reasons"] if reason["code"] not in SERVER_ONLY]
    if len(reasons) == len(body["reasons"]):
        return reasons, body["verdict"], body["score"]
    as_reasons = [Reason(r["code"], r["message"], r["evidence_url"]) for r in reasons]
    return reasons, scoring.verdict_of(as_reasons), scoring.score_of(as_reasons)


@pytest.fixture(scope="module")
def parity(tmp_path_factory, seeded_database):
    """Every case checked by the backend and by node: [(case, expected, got)]."""
    import shutil

    from backend import create_app
    from conftest import SEED_DIR

    path = tmp_path_factory.mktemp("parity") / "radar.db"
    shutil.copyfile(seeded_database, path)
    app = create_app({"TESTING": True, "DATABASE": str(path), "SEED_DIR": str(SEED_DIR),
                      "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                      "RATELIMIT_ENABLED": False, "SUBMITTER_SECRET": "parity"})
    client = app.test_client()
    rule_file = client.get("/api/v1/rulefile").json
    checked, facts = [], []
    for row in corpus_pages():
        body = client.post("/api/v1/check", json={"url": row["url"],
                                                  "html": _page_html(row["file"])}).json
        page = body["page"]
        checked.append((("corpus", row["file"]), body))
        facts.append(_facts(row["url"], page, page["title"], page["price"], page["brand"]))
    for url, title, price, brand in _cases():
        request = {"url": url, "title": title, "price": price, "brand": brand}
        response = client.post("/api/v1/check", json={k: v for k, v in request.items() if v is not None})
        assert response.status_code == 200, (request, response.json)
        checked.append((request, response.json))
        facts.append(_facts(url, response.json["page"], title, price, brand))
    results = _run_node(rule_file, facts)
    return [(case, _expected(body), result) for (case, body), result in zip(checked, results)]


def test_the_batch_covers_the_corpus_and_the_tables(parity):
    corpus = [case for case, _expected, _got in parity if isinstance(case, tuple)]
    assert len(corpus) == len(corpus_pages()) and len(parity) - len(corpus) >= len(TABLE) >= 80
    codes = {reason["code"] for _case, (reasons, _v, _s), _got in parity for reason in reasons}
    assert codes == {"counterfeit_phrase", "prohibited_item", "price_below_floor",
                     "lookalike_domain", "official_site", "notorious_market"}


def test_evaluate_gives_the_reasons_check_gives(parity):
    differ = [(case, expected, got["reasons"]) for case, (expected, _v, _s), got in parity
              if expected != got["reasons"]]
    assert differ == [], f"{len(differ)} of {len(parity)} differ; first: {differ[:3]}"


def test_verdict_and_score_are_the_backends(parity):
    differ = [(case, (verdict, score), (got["verdict"], got["score"]))
              for case, (_reasons, verdict, score), got in parity
              if (verdict, score) != (got["verdict"], got["score"])]
    assert differ == []
