"""The extension's lookup keys are the backend's: same registered domain, marketplace, listing
and seller ids, same key strings and hashes (extension/lib/keys.js against backend/urls.py,
backend/marketplaces and backend/lookups.py), and its PSL data is tldextract's snapshot."""

import hashlib
import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest

from backend import marketplaces
from backend.lookups import lookup_key
from backend.store import reference
from backend.db import connect
from backend.urls import InvalidUrl, UrlReader, domain_key_problem, is_ip_literal, registered_domain

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "extension" / "lib"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_psl_data", ROOT / "tests" / "extension" / "make_psl_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _node(script: str, data) -> object:
    """Run an ES module script with `input` (JSON) defined; it prints JSON to stdout."""
    prelude = (
        f"import * as keys from {json.dumps((LIB / 'keys.js').as_uri())};\n"
        f"import * as ids from {json.dumps((LIB / 'market-ids.js').as_uri())};\n"
        "const chunks = []; for await (const chunk of process.stdin) chunks.push(chunk);\n"
        "const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));\n"
    )
    result = subprocess.run(["node", "--input-type=module", "-e", prelude + script],
                            input=json.dumps(data), capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_psl_data_module_is_generated_from_tldextracts_snapshot():
    generator = _generator()
    expected = generator.module_text(generator.snapshot())
    actual = (LIB / "psl-data.js").read_text(encoding="utf-8")
    assert actual == expected, (
        "extension/lib/psl-data.js is out of step with tldextract's snapshot: run "
        ".venv/bin/python tests/extension/make_psl_data.py")


def test_registered_domains_agree_with_the_backend_under_every_rule_of_the_list():
    # Hosts at, under and two levels under each rule: wildcards, exceptions, private suffixes
    # and IDN suffixes (as punycode, the way hosts reach both) all get walked.
    rules = _generator().module_text(_generator().snapshot()).split("`")[1].split("\n")
    hosts = []
    for rule in rules:
        name = rule.lstrip("!").replace("*", "wild")
        hosts += [name, f"shop.{name}", f"www.shop.{name}"]
    got = _node("console.log(JSON.stringify(input.map((host) => keys.registeredDomain(host))));",
                hosts)
    expected = [registered_domain(host) for host in hosts]
    differ = [(host, js, py) for host, js, py in zip(hosts, got, expected) if js != py]
    assert len(hosts) > 25000 and not differ, differ[:20]


def _pattern_rows(patterns):
    return [[pattern.where, pattern.regex.pattern, bool(pattern.regex.flags & re.IGNORECASE),
             pattern.param] for pattern in patterns]


def test_the_marketplace_id_tables_are_the_backends():
    got = _node(
        "console.log(JSON.stringify(Object.fromEntries(Object.entries(ids.MARKET_IDS).map(("
        "[name, m]) => [name, {listing: m.listing.map((p) => [p.where, p.source, p.ignoreCase, "
        "p.param ?? null]), seller: m.seller.map((p) => [p.where, p.source, p.ignoreCase, "
        "p.param ?? null]), canonical: [m.canonicalListing, m.canonicalSeller], shapes: "
        "[m.listingShape.source, m.sellerShape.source], retail: [...(m.retailSellerIds || [])].sort()}]))));",
        None)
    expected = {
        name: {
            "listing": _pattern_rows(market.listing_patterns),
            "seller": _pattern_rows(market.seller_patterns),
            "canonical": [market.canonical_listing.__name__, market.canonical_seller.__name__],
            "shapes": [market.listing_shape.regex.pattern, market.seller_shape.regex.pattern],
            "retail": sorted(market.retail_seller_ids),
        }
        for name, market in marketplaces.MARKETPLACES.items()
    }
    assert got == expected


# URLs as shoppers reach them: every marketplace (country, mobile and alternate hosts, ids in
# the path, the host and the query), shops on country and private suffixes, IDN hosts, IP
# literals, odd case, trailing dots, fragments and tracking parameters.
URLS = [
    "https://www.amazon.com/dp/B004SNMXRS?smid=A0DEMOFAKE0001",
    "https://www.amazon.com.be/dp/B004SNMXRS?smid=A1B2C3D4E5F6G7",
    "https://www.amazon.co.uk/Tefal-Piece/dp/b004snmxrs/ref=sr_1_1?keywords=pans&qid=1",
    "https://www.amazon.co.jp/gp/product/B004SNMXRS?seller=a3abcdefgh12",
    "https://www.amazon.de/gp/aw/d/B004SNMXRS",
    "https://smile.amazon.com/exec/obidos/ASIN/B004SNMXRS/",
    "https://www.amazon.com/sp?seller=A1B2C3D4E5F6G7",
    "https://www.amazon.com/s?me=A1B2C3D4E5F6G7&marketplaceID=ATVPDKIKX0DER",
    "https://www.amazon.com/dp/B004SNMXRS?smid=ATVPDKIKX0DER",
    "https://www.amazon.com/shops/A1B2C3D4E5F6G7",
    "https://WWW.AMAZON.COM.AU/DP/B004SNMXRS",
    "https://www.amazon.in/dp/B004SNMXRS#customerReviews",
    "https://www.amazon.com/o/ASIN/B004SNMXRS",
    "https://www.amazon.com/gp/product/B004SNMXRS?smid=A1SHORT",
    "https://www.amazon.com/dp/B004SNMXRS?smid=A1B2C3D4E5F6G7&smid=A9Z8Y7X6W5V4U3",
    "https://www.amazon.com/gp/offer-listing/B004SNMXRS?merchant=A1B2C3D4E5F6G7",
    "https://amzn.to/3xYzAbc",
    "https://www.amazon.com/product-reviews/B004SNMXRS",
    "https://www.amazon.com/dp/B004SNMXRS?smid=a%C5%BFbcdefghij",
    "https://www.amazon.com/s?k=shoes&asin=b00%C4%B1xxxxxx",
    "https://www.amazon.com.mx/gp/product/glance/B004SNMXRS?smid=A1B2C3D4E5F6G7",
    "https://www.ebay.com/itm/302474151804",
    "https://www.ebay.co.uk/itm/Some-Thing/0302474151804?hash=item1&_trksid=p1",
    "https://m.ebay.de/itm/302474151804",
    "https://www.ebay.com.au/usr/Some.One_99",
    "https://www.ebay.com/sch/i.html?_ssn=SomeSeller&item=302474151804",
    "https://cafr.ebay.ca/itm/302474151804?sid=SOMEONE",
    "https://www.ebay.de/str/someshop",
    "https://www.ebay.com/itm/12345",
    "https://www.aliexpress.us/item/3256801234567890.html",
    "https://es.aliexpress.com/store/1100000",
    "https://m.aliexpress.com/i/1005001234567.html?storeId=912345",
    "https://www.aliexpress.ru/item/1005001234567.html?spm=a2g0o",
    "https://aliexpress.com/store/sale-items/1100000_2.html",
    "https://www.alibaba.com/product-detail/Lemon_62320522213.html",
    "https://wepromoteall.en.alibaba.com/company_profile.html",
    "https://m.alibaba.com/product/62320522213/Some-Thing.html",
    "https://Acme-Tools.m.en.alibaba.com/",
    "https://www.en.alibaba.com/",
    "https://www.walmart.com/ip/Some-Thing/123456",
    "https://www.walmart.ca/en/ip/some-thing/6000201",
    "https://www.walmart.com/seller/101",
    "https://www.walmart.com/ip/00123456?sellerId=0042",
    "https://www.walmart.com.mx/ip/abc/00750123456789",
    "https://www.walmart.com/ip/5ABCDEFGHIJ",
    "https://www.walmart.com/ip/5abcdefghij",
    "https://www.etsy.com/es/listing/550571276/el-original",
    "https://www.etsy.com/shop/OliveCreativeCompany",
    "https://www.etsy.com/listing/0550571276?ref=shop_home",
    "https://www.temu.com/rolex-style-watch-g-601099512345678.html",
    "https://www.temu.com/some-mall-m-634418212345.html",
    "https://www.temu.com/goods.html?goods_id=601099512345678&mall_id=6344182",
    "https://www.dhgate.com/product/watch/123456.html",
    "https://www.dhgate.com/store/20001",
    "https://m.dhgate.com/goods/123456.html",
    "https://www.wish.com/product/5e0f1a2b3c4d5e6f7a8b9c0d",
    "https://www.wish.com/c/5E0F1A2B3C4D5E6F7A8B9C0D",
    "https://m.wish.com/merchant/Some.Shop_1",
    "https://www.wish.com/feed/tabbed_feed_latest?cid=5e0f1a2b3c4d5e6f7a8b9c0d",
    "https://www.facebook.com/marketplace/item/1234567890/",
    "https://m.facebook.com/marketplace/profile/100001234567890/",
    "https://web.facebook.com/commerce/listing/1234567890",
    "https://www.facebook.com/marketplace/nyc/item/1234567890/?ref=search",
    "https://www.facebook.com/somebody",
    "https://www.replica-watches.example/p/1?utm_source=x",
    "https://cool-shop.myshopify.com/products/x",
    "https://www.fake-rolex.blogspot.com/2024/01/post.html",
    "https://shop.example.co.uk/item?id=1",
    "https://www.bücher.de/",
    "https://xn--bcher-kva.de/",
    "https://www.ÉXAMPLE.fr/",
    "https://faß.de/",
    "https://例え.jp/",
    "https://shop.例え.テスト/",
    "https://shop.city.kawasaki.jp/",
    "https://a.b.kawasaki.jp/",
    "https://foo.ck/",
    "https://www.ck/",
    "https://Shop.Example.COM./path",
    "http://127.0.0.1:8080/shop",
    "http://[::1]/",
    "http://0x7f.1/",
    "https://co.uk/",
    "https://github.io/",
    "https://someone.github.io/shop",
    "https://localhost:5000/",
    "https://shop.invalidtld/",
    "https://deep.sub.shop.example.com/x#frag",
    "https://amazon.com.evil.example/dp/B004SNMXRS",
    "https://notamazon.com/dp/B004SNMXRS",
    "https://shop.s3.amazonaws.com/x",
    "https://my_shop.example.com/",
    "https://user:pass@shop.example.net:8443/p",
]


@pytest.fixture
def reader(app):
    database = connect(app.config["DATABASE"])
    try:
        return UrlReader(reference.marketplace_hosts(database))
    finally:
        database.conn.close()


def _expected_keys(facts) -> list[str]:
    """The keys /check matches for a page (rules.list_reasons), as lookup keys."""
    market = marketplaces.get(facts.marketplace)
    if market:
        keys = []
        if facts.seller_id and not market.is_retail_seller(facts.seller_id):
            keys.append(lookup_key("seller", facts.marketplace, facts.seller_id))
        if facts.listing_id:
            keys.append(lookup_key("listing", facts.marketplace, facts.listing_id))
        return keys
    if is_ip_literal(facts.host) or domain_key_problem(facts.domain):
        return []
    return [lookup_key("domain", None, facts.domain)]


_PAGE_KEYS = (
    "const out = []; for (const url of input) { const page = keys.pageKeys({ url });"
    " const hashes = await Promise.all(page.keys.map((key) => keys.keyHash(key)));"
    " out.push({ href: new URL(url).href, ...page, hashes }); }"
    " console.log(JSON.stringify(out));"
)


def test_the_extension_reads_every_url_as_the_backend_does(reader):
    assert len(URLS) >= 60 and len(set(URLS)) == len(URLS)
    results = _node(_PAGE_KEYS, URLS)
    for url, js in zip(URLS, results):
        # The browser gives the worker the URL it parsed (IDN hosts in punycode).
        facts = reader.read(js["href"])
        where = f"{url} -> {js}"
        assert js["marketplace"] == facts.marketplace, where
        assert js["listingId"] == facts.listing_id, where
        assert js["sellerId"] == facts.seller_id, where
        if js["host"].startswith("["):
            # IPv6: no shop's name. (The backend keeps an empty host for it: urlsplit's
            # hostname of the netloc "::1" is "".)
            assert js["domain"] is None and js["keys"] == [] == _expected_keys(facts), where
            continue
        assert js["host"] == facts.host, where
        if is_ip_literal(facts.host):
            assert js["domain"] is None and js["keys"] == [], where
            assert "IP address" in domain_key_problem(facts.domain), where
        else:
            assert js["domain"] == facts.domain, where
        assert js["keys"] == _expected_keys(facts), where
        assert js["hashes"] == [hashlib.sha256(key.encode()).hexdigest() for key in js["keys"]]
        # The backend reads the address as typed the same way (it maps hosts as browsers do;
        # IPv4 in other notations it leaves as typed, which lists nothing either way).
        if is_ip_literal(facts.host):
            continue
        try:
            typed = reader.read(url)
        except InvalidUrl:
            continue
        assert (typed.domain, typed.listing_id, typed.seller_id) == (
            facts.domain, facts.listing_id, facts.seller_id), where


def test_the_table_covers_every_marketplace_private_suffixes_idn_and_ips():
    results = _node(_PAGE_KEYS, URLS)
    assert {result["marketplace"] for result in results} >= set(marketplaces.MARKETPLACES)
    domains = {result["domain"] for result in results}
    assert {"cool-shop.myshopify.com", "fake-rolex.blogspot.com", "example.co.uk",
            "xn--bcher-kva.de", "city.kawasaki.jp"} <= domains
    assert sum(result["domain"] is None for result in results) >= 3  # IPv4, IPv6, hex IPv4
    assert any(result["sellerId"] and not any(k.startswith("seller:") for k in result["keys"])
               for result in results), "a retail seller is skipped"


# Ids the content script read from the page: canonical as the backend makes them
# (Marketplace.seller_key / listing_key), or dropped when they cannot be the marketplace's.
PAGE_IDS = [
    ("amazon", " a1b2c3d4e5f6g7 "), ("amazon", "ATVPDKIKX0DER"), ("amazon", "A1"),
    ("amazon", "b004snmxrs"), ("amazon", "\u00a0A1B2C3D4E5F6G7\u2003"), ("amazon", "\ufeffA1B2C3D4E5F6G7"),
    ("amazon", "a\u017fbcdefghij"), ("ebay", "Some.One_99"), ("ebay", "0302474151804"),
    ("ebay", "someone with spaces"), ("aliexpress", "0001100000"), ("aliexpress", "\u0661\u0662\u0663\u0664"),
    ("alibaba", "WePromoteAll"), ("alibaba", "-bad"), ("walmart", "0042"), ("walmart", "5ABCDEFGHIJ"),
    ("etsy", "OliveCreativeCompany"), ("etsy", "Olive-Creative"), ("temu", "634418212345"),
    ("dhgate", "20001"), ("wish", "5E0F1A2B3C4D5E6F7A8B9C0D"), ("wish", "Some.Shop_1"),
    ("facebook", "100001234567890"), ("facebook", "1234"), ("amazon", ""), ("ebay", "\x1fname\x1f"),
]


def _key_or_none(function, value):
    try:
        return function(value)
    except ValueError:
        return None


def test_ids_read_from_the_page_are_canonical_as_the_backend_makes_them():
    got = _node("console.log(JSON.stringify(input.map(([market, value]) =>"
                " [ids.sellerKey(market, value), ids.listingKey(market, value)])));", PAGE_IDS)
    for (market, value), (seller, listing) in zip(PAGE_IDS, got):
        backend = marketplaces.get(market)
        assert seller == _key_or_none(backend.seller_key, value), (market, value)
        assert listing == _key_or_none(backend.listing_key, value), (market, value)


def test_page_ids_join_the_urls_and_the_sellers_id_wins_as_in_a_check(client):
    url = "https://www.amazon.com/dp/B004SNMXRS?smid=A1B2C3D4E5F6G7"
    got = _node("console.log(JSON.stringify(keys.pageKeys(input)));",
                {"url": url, "sellerId": " a9z8y7x6w5v4u3 ", "listingId": "b00child01"})
    page = client.post("/api/v1/check", json={"url": url, "seller": {"id": " a9z8y7x6w5v4u3 "}}
                       ).get_json()["page"]
    assert got["sellerId"] == page["seller_id"] == "A9Z8Y7X6W5V4U3"
    assert got["keys"] == ["seller:amazon:A9Z8Y7X6W5V4U3", "seller:amazon:A1B2C3D4E5F6G7",
                           "listing:amazon:B004SNMXRS", "listing:amazon:B00CHILD01"]
    retail = _node("console.log(JSON.stringify(keys.pageKeys(input)));",
                   {"url": url, "sellerId": "ATVPDKIKX0DER", "listingId": "not an asin"})
    assert retail["keys"] == ["seller:amazon:A1B2C3D4E5F6G7", "listing:amazon:B004SNMXRS"]


def test_every_key_the_extension_hashes_is_found_by_get_hashes_once_listed(client, maintainer):
    results = _node(_PAGE_KEYS, URLS)
    listed = {}
    for result in results:
        for key, digest in zip(result["keys"], result["hashes"]):
            kind, _, rest = key.partition(":")
            marketplace, key_text = (None, rest) if kind == "domain" else rest.split(":", 1)
            if kind == "domain" and key_text != result["domain"]:
                continue  # entries are registered domains; parent hosts are matched, not listed
            listed[key] = digest
            response = client.post("/api/v1/entries", headers=maintainer, json={
                "kind": kind, "marketplace": marketplace, "key": key_text, "status": "counterfeit",
                "evidence_level": "test_purchase"})
            assert response.status_code in (201, 409), (key, response.get_json())
    assert len(listed) > 50
    for key, digest in listed.items():
        assert digest == hashlib.sha256(key.encode()).hexdigest()
        matches = client.get(f"/api/v1/hashes/{digest[:8]}").get_json()["matches"]
        assert digest in [match["hash"] for match in matches], key
