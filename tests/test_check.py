"""POST/GET /check: each reason code, the verdict rule, and real pages never 'counterfeit'."""

import re

import pytest

from backend import db
from backend.matching import scoring
from backend.matching.reasons import REFINED_SEVERITIES, SEVERITY_OF, Reason
from backend.store import entries, listmeta
from tests.conftest import CORPUS, corpus_pages

CONTRACT = (CORPUS.parent / "spec" / "api-v1.md").read_text(encoding="utf-8")


def _contract_severities() -> dict[str, str]:
    """The contract's table of reason codes: 'a, b (what they mean; high) · c (low) ...'."""
    table = CONTRACT.split("Reason codes (stable vocabulary", 1)[1].split("):", 1)[1]
    table = table.split("\n\n", 1)[0]
    severities = {}
    for group in table.split("·"):
        codes, meaning = group.strip().rstrip(".").split(" (", 1)
        severity = meaning.rstrip(")").split(";")[-1].strip()
        severities |= {code.strip(): severity for code in codes.split(",")}
    return severities


def _contract_refinements() -> dict[str, tuple[str, ...]]:
    """Codes whose severity a later section of the contract refines, and the severities
    it names in bold, in order (the first is the one a reason has without more evidence)."""
    found = {}
    sections = re.findall(r"^## The `(\w+)` reason \(severity refined\)\n(.*?)(?=^## )",
                          CONTRACT, re.MULTILINE | re.DOTALL)
    for code, section in sections:
        found[code] = tuple(re.findall(r"\*\*(high|medium|low|info)\*\*", section))
    return found


# Codes this project adds to the vocabulary (the contract allows it; docs/scoring.md says
# why), with their severity. None yet.
ADDED_CODES: dict[str, str] = {}
SEVERITY_IN_CONTRACT = _contract_severities() | ADDED_CODES
REFINED_IN_CONTRACT = _contract_refinements()


@pytest.fixture
def add_entry(app):
    """Put one entry on the list (raising the list version), as curation would."""

    def add(**fields):
        entry = {"marketplace": None, "status": "counterfeit", "name": None, "title": None,
                 "brand": None, "evidence_url": "https://example.org/evidence",
                 "evidence_level": "test_purchase", "note": None, "source": "test", **fields}
        connection = db.connect(app.config["DATABASE"])
        with connection.atomic():
            version = listmeta.current_version(connection) + 1
            entries.upsert(connection, [entry], version)
            listmeta.next_version(connection)
        connection.conn.close()

    return add


def codes(response):
    """The reason codes of a check's answer, each checked to have the contract's severity."""
    assert response.status_code == 200, response.get_data(as_text=True)
    for reason in response.json["reasons"]:
        code = reason["code"]
        allowed = REFINED_IN_CONTRACT.get(code) or (SEVERITY_IN_CONTRACT[code],)
        assert reason["severity"] in allowed, reason
    return [reason["code"] for reason in response.json["reasons"]]


def test_response_has_the_contract_shape(client):
    body = client.post("/api/v1/check", json={"url": "https://www.amazon.com/dp/B0057OC5O8"}).json
    assert set(body) == {"verdict", "score", "page", "reasons", "list_version"}
    assert set(body["page"]) == {"marketplace", "domain", "listing_id", "seller_id",
                                 "seller_name", "title", "price", "brand"}
    assert body["verdict"] == "unknown"
    assert body["score"] == 0
    assert isinstance(body["list_version"], int)


def test_listed_seller_from_url_is_counterfeit_with_evidence(client, add_entry):
    add_entry(kind="seller", marketplace="amazon", key="A0TESTSELLER01", name="Fake Outlet")
    response = client.post("/api/v1/check", json={
        "url": "https://www.amazon.com/dp/B0057OC5O8?smid=a0testseller01"})
    assert codes(response) == ["listed_seller"]
    body = response.json
    assert body["verdict"] == "counterfeit"
    assert body["score"] >= 90
    reason = body["reasons"][0]
    assert reason["severity"] == "high"
    assert reason["evidence_url"] == "https://example.org/evidence"
    assert "Fake Outlet" in reason["message"] and "test purchase" in reason["message"]


def test_listed_seller_from_request_field(client, add_entry):
    add_entry(kind="seller", marketplace="ebay", key="fake-watches-uk")
    response = client.post("/api/v1/check", json={
        "url": "https://www.ebay.co.uk/itm/143863282131", "seller": {"id": "Fake-Watches-UK"}})
    assert codes(response) == ["listed_seller"]


def test_listed_listing_is_counterfeit(client, add_entry):
    add_entry(kind="listing", marketplace="aliexpress", key="1005006123456789",
              title="Replica watch", brand="Rolex")
    response = client.get("/api/v1/check", query_string={
        "url": "https://m.aliexpress.com/item/1005006123456789.html?spm=x"})
    assert "listed_listing" in codes(response)
    assert response.json["verdict"] == "counterfeit"


def test_listed_domain_matches_subdomains_of_the_shop(client, add_entry):
    add_entry(kind="domain", key="fake-sneaker-shop.com")
    response = client.get("/api/v1/check", query_string={
        "url": "https://store.fake-sneaker-shop.com/p/1"})
    assert codes(response) == ["listed_domain"]
    assert response.json["verdict"] == "counterfeit"


def test_seeded_scam_shop_is_listed(client):
    response = client.get("/api/v1/check", query_string={"url": "https://www.11cart-online.com/"})
    assert "listed_domain" in codes(response)
    assert response.json["reasons"][0]["evidence_url"].startswith("https://")


def test_authorized_seller_says_authorized(client, add_entry):
    add_entry(kind="seller", marketplace="amazon", key="A0AUTHORIZED01", status="authorized",
              brand="TRX", evidence_level="rights_holder")
    response = client.get("/api/v1/check", query_string={
        "url": "https://www.amazon.com/dp/B01234ABCD?seller=A0AUTHORIZED01"})
    assert codes(response) == ["authorized_seller"]
    assert response.json["verdict"] == "authorized"
    assert "rights holder" in response.json["reasons"][0]["message"]


def test_authorized_seller_with_replica_wording_is_suspicious(client, add_entry):
    add_entry(kind="seller", marketplace="amazon", key="A0AUTHORIZED02", status="authorized")
    response = client.post("/api/v1/check", json={
        "url": "https://www.amazon.com/dp/B01234ABCD?seller=A0AUTHORIZED02",
        "title": "Rolex Submariner 1:1 super clone watch"})
    assert set(codes(response)) == {"authorized_seller", "counterfeit_phrase"}
    assert response.json["verdict"] == "suspicious"


def test_seller_alias_under_a_new_id_is_suspicious(client, add_entry):
    add_entry(kind="seller", marketplace="ebay", key="luxury-deals-2021", name="Luxury Deals 2021")
    response = client.post("/api/v1/check", json={
        "url": "https://www.ebay.com/itm/302474151804",
        "seller": {"id": "luxury_deals_new", "name": "LUXURY-DEALS 2021"}})
    assert codes(response) == ["seller_alias"]
    assert response.json["verdict"] == "suspicious"


@pytest.mark.parametrize("title", [
    "FBI Special Agent Badge and Credentials Wallet",
    "Diplomatic Security Service Special Agent Badge metal",
])
def test_prohibited_item_in_title_is_counterfeit(client, title):
    response = client.post("/api/v1/check", json={
        "url": "https://www.aliexpress.com/item/1005001111111111.html", "title": title})
    assert "prohibited_item" in codes(response)
    assert response.json["verdict"] == "counterfeit"


@pytest.mark.parametrize("title", [
    "Rolex Submariner 1:1 Super Clone Automatic Watch",
    "Louis Vuitton Neverfull mirror quality bag",
    "AAA quality Nike Air Jordan 1 Retro",
])
def test_replica_wording_in_title_is_suspicious(client, title):
    response = client.post("/api/v1/check", json={"url": "https://www.dhgate.com/product/x/1234567.html",
                                                  "title": title})
    assert "counterfeit_phrase" in codes(response)
    assert response.json["verdict"] == "suspicious"


@pytest.mark.parametrize("title, amount, currency", [
    ("TRX All-in-One Suspension Trainer", 27.99, "USD"),
    ("Rolex Submariner Date Automatic Watch", 199, "USD"),
    ("Rolex Datejust 41 watch", 250, "EUR"),
])
def test_price_far_below_the_brand_floor_is_suspicious(client, title, amount, currency):
    response = client.post("/api/v1/check", json={
        "url": "https://www.walmart.com/ip/x/55126398", "title": title,
        "price": {"amount": amount, "currency": currency}})
    assert "price_below_floor" in codes(response)
    assert response.json["page"]["brand"] in ("TRX", "Rolex")


@pytest.mark.parametrize("title, amount, currency", [
    ("TRX All-in-One Suspension Trainer", 169.95, "USD"),
    ("Rolex Submariner Date Automatic Watch", 12500, "USD"),
    ("Rolex watch box with booklet", 60, "USD"),
    ("Silicone strap compatible with Rolex Submariner watch", 19, "USD"),
])
def test_genuine_prices_and_accessories_do_not_trip_the_floor(client, title, amount, currency):
    response = client.post("/api/v1/check", json={
        "url": "https://www.ebay.com/itm/302474151804", "title": title,
        "price": {"amount": amount, "currency": currency}})
    assert "price_below_floor" not in codes(response)


@pytest.mark.parametrize("url, brand", [
    ("https://www.cheap-rolex-outlet.com/submariner", "Rolex"),
    ("https://monclersale.shop/", "Moncler"),
    ("https://nike-outlet-store.top/air-max", "Nike"),
    ("https://rolex.shop/", "Rolex"),                  # bare brand under a throwaway TLD
    ("https://www.nikeofficial-us.com/", "Nike"),
])
def test_brand_inside_another_domain_is_a_lookalike(client, url, brand):
    response = client.get("/api/v1/check", query_string={"url": url})
    assert codes(response) == ["lookalike_domain"]
    assert brand in response.json["reasons"][0]["message"]
    assert response.json["verdict"] == "suspicious"


@pytest.mark.parametrize("url", [
    "https://www.caravans.co.uk/for-sale",      # "vans" inside an unrelated word
    "https://www.coaching-academy.com/",         # "coach" inside an unrelated word
    "https://www.applefarm.org/",                 # an everyday word that is also a brand
    "https://www.rolexa-consulting.de/",          # brand letters followed by an unrelated word
    "https://www.example.com/rolex-watch",        # brand only in the path
    "https://www.nike.co.uk/", "https://www.nike.de/", "https://www.samsung.co.uk/",
    "https://www.timberlandpro.com/",               # the brand's own product line
    "https://www.birkenstockusa.com/",              # the brand's own region site
    "https://www.diorbeauty.com/",
    "https://www.pandora.com/",                     # a different company, same name
])
def test_brand_like_letters_in_unrelated_domains_are_not_lookalikes(client, url):
    assert "lookalike_domain" not in codes(client.get("/api/v1/check", query_string={"url": url}))


def test_brands_own_site_is_official(client):
    response = client.get("/api/v1/check", query_string={"url": "https://www.rolex.com/watches"})
    assert codes(response) == ["official_site"]
    assert response.json["verdict"] == "authorized"


def test_notorious_market_is_a_low_reason_only(client):
    response = client.get("/api/v1/check", query_string={
        "url": "https://www.dhgate.com/product/bag/889123456.html"})
    assert codes(response) == ["notorious_market"]
    assert response.json["reasons"][0]["severity"] == "low"
    assert response.json["verdict"] == "unknown"
    assert "Notorious Markets" in response.json["reasons"][0]["message"]


def test_marketplace_dropped_from_the_latest_review_is_not_named(client):
    response = client.get("/api/v1/check", query_string={
        "url": "https://www.aliexpress.com/item/1005006123456789.html"})
    assert "notorious_market" not in codes(response)


@pytest.mark.parametrize("severities, verdict", [
    ([], "unknown"),
    (["low"], "unknown"),
    (["info:official_site"], "authorized"),
    (["info:authorized_seller", "low"], "authorized"),
    (["info:authorized_seller", "medium"], "suspicious"),
    (["medium", "low"], "suspicious"),
    (["high", "medium", "info:authorized_seller"], "counterfeit"),
])
def test_verdict_rule(severities, verdict):
    by_severity = {"high": "listed_seller", "medium": "counterfeit_phrase", "low": "notorious_market"}
    reasons = [
        Reason(item.split(":")[1] if ":" in item else by_severity[item], "m")
        for item in severities
    ]
    assert scoring.verdict_of(reasons) == verdict


def test_score_grows_with_each_reason_and_stays_within_0_to_100():
    medium = Reason("counterfeit_phrase", "m")
    high = Reason("listed_seller", "m")
    assert scoring.score_of([]) == 0
    assert 0 < scoring.score_of([medium]) < scoring.score_of([medium, medium]) < 90
    assert 90 <= scoring.score_of([high]) < scoring.score_of([high, medium]) <= 100
    assert scoring.score_of([Reason("official_site", "m")]) == 0


def test_every_reason_code_has_the_contracts_severity():
    # The parse found the contract's 13 codes and its one refinement.
    assert len(SEVERITY_IN_CONTRACT) == 13 + len(ADDED_CODES)
    assert REFINED_IN_CONTRACT == {"reported": ("low", "medium")}
    expected = SEVERITY_IN_CONTRACT | {
        code: refined[0] for code, refined in REFINED_IN_CONTRACT.items()}
    assert SEVERITY_OF == expected
    assert REFINED_SEVERITIES == REFINED_IN_CONTRACT
    for code, severity in expected.items():
        assert Reason(code, "m").to_json()["severity"] == severity


def test_list_version_in_check_follows_changes(client, add_entry):
    before = client.get("/api/v1/check?url=https://a.example/").json["list_version"]
    add_entry(kind="domain", key="another-fake.example")
    after = client.get("/api/v1/check?url=https://a.example/").json["list_version"]
    assert after == before + 1


@pytest.mark.parametrize("page", corpus_pages(), ids=lambda page: page["file"])
def test_real_pages_by_url_are_never_counterfeit(client, page):
    response = client.post("/api/v1/check", json={"url": page["url"]})
    assert response.status_code == 200
    body = response.json
    assert body["verdict"] != "counterfeit"
    assert body["page"]["marketplace"] == page["marketplace"]
    assert body["page"]["listing_id"] == page["listing_id"]


def test_health_counts_follow_list_changes(client, add_entry):
    before = client.get("/api/v1/health").json
    add_entry(kind="seller", marketplace="ebay", key="counted-seller")
    after = client.get("/api/v1/health").json
    assert after["list_version"] == before["list_version"] + 1
    assert after["counts"]["sellers"] == before["counts"]["sellers"] + 1
    assert after["counts"]["domains"] == before["counts"]["domains"]
