"""Keys that can be right: entries, imports, reports and checks share one validation."""

import csv
import sqlite3

import pytest

from backend import marketplaces
from backend.listfile import FIELDS
from conftest import corpus_pages, from_address

# (kind, marketplace, key, words of the reason every route gives)
BAD_KEYS = [
    ("domain", None, "co.uk", "public suffix"),
    ("domain", None, "com", "public suffix"),
    ("domain", None, "github.io", "public suffix"),
    ("domain", None, "myshopify.com", "public suffix"),
    ("domain", None, "127.0.0.1", "IP address"),
    ("domain", None, "[::1]", "IP address"),
    ("domain", None, "0x7f.1", "IP address"),
    ("domain", None, "2130706433", "IP address"),
    ("domain", None, "10.0.0.1.", "IP address"),
    ("domain", None, "localhost", "not a domain name"),
    ("listing", "ebay", "abc", "9 to 15 digits"),
    ("listing", "ebay", "²²²²²²²²²", "9 to 15 digits"),
    ("listing", "ebay", "٣٣٣٣٣٣٣٣٣٣", "9 to 15 digits"),  # Arabic-Indic digits
    ("listing", "ebay", "12345", "9 to 15 digits"),
    ("listing", "amazon", "B0057OC5O", "ASIN"),
    ("listing", "amazon", "B0057-OC5O8", "ASIN"),
    ("listing", "wish", "not-a-hex-id", "24 hexadecimal digits"),
    ("seller", "amazon", "A2ZZ X", "A followed by 9 to 21 letters or digits"),
    ("seller", "amazon", "B2NQK4TIWYJD6B", "A followed by 9 to 21 letters or digits"),
    ("seller", "amazon", "A12", "A followed by 9 to 21 letters or digits"),
    ("seller", "ebay", "shady seller", "a user name"),
    ("seller", "ebay", "²", "a user name"),
    ("seller", "walmart", "²", "1 to 20 digits"),
    ("seller", "aliexpress", "store-one", "3 to 15 digits"),
    ("seller", "etsy", "Olive Creative", "a shop name"),
    ("seller", "facebook", "jane.doe", "5 to 25 digits"),
]
BAD_SELLERS = [row for row in BAD_KEYS if row[0] == "seller"]
# In a URL, [::1] is no domain at all (test_reports_refuse_pages_on_ip_addresses).
BAD_DOMAINS = [row for row in BAD_KEYS if row[0] == "domain" and row[2] != "[::1]"]


def _real_keys() -> list[tuple[str, str | None, str, str]]:
    """(kind, marketplace, key, canonical key) of every id on the corpus's real pages."""
    keys = {}
    for page in corpus_pages():
        market = page["marketplace"]
        if page["listing_id"]:
            keys[("listing", market, page["listing_id"])] = page["listing_id"]
        if page["seller_id"]:
            keys[("seller", market, page["seller_id"])] = page["seller_id"].lower() \
                if market in ("ebay", "etsy", "alibaba") else page["seller_id"]
    keys |= {
        ("seller", "amazon", "a2nqk4tiwyjd6b"): "A2NQK4TIWYJD6B",  # ids are upper-case
        ("listing", "ebay", "0123808916008"): "123808916008",  # leading zeros go
        ("listing", "walmart", "55126398"): "55126398",
        ("seller", "walmart", "101071354"): "101071354",
        ("listing", "wish", "5F1E2D3C4B5A697887766554"): "5f1e2d3c4b5a697887766554",
        ("seller", "facebook", "100087654321098"): "100087654321098",
        ("domain", None, "WWW.Acme-Outlet.co.uk"): "acme-outlet.co.uk",
        ("domain", None, "fake-shop.github.io"): "fake-shop.github.io",
        ("domain", None, "https://shop.example.com/p/1"): "example.com",
        ("domain", None, "1-2-3.example"): "1-2-3.example",
    }
    return [(kind, market, key, canonical) for (kind, market, key), canonical in keys.items()]


GOOD_KEYS = _real_keys()
# Listing pages to report a seller from, one per marketplace.
LISTING_PAGE = {
    "amazon": "https://www.amazon.com/dp/B0057OC5O8",
    "ebay": "https://www.ebay.com/itm/123808916008",
    "walmart": "https://www.walmart.com/ip/55126398",
    "aliexpress": "https://www.aliexpress.com/item/3256805123456789.html",
    "etsy": "https://www.etsy.com/listing/550571276/el-original",
    "facebook": "https://www.facebook.com/marketplace/item/812345678901234/",
    "alibaba": "https://www.alibaba.com/product-detail/Bag_62320522213.html",
    "wish": "https://www.wish.com/product/5f1e2d3c4b5a697887766554",
}


def _id(row) -> str:
    return f"{row[0]}-{row[1]}-{row[2]!r}"


def _post_entry(client, maintainer, kind, marketplace, key):
    return client.post("/api/v1/entries", headers=maintainer, json={
        "kind": kind, "marketplace": marketplace, "key": key, "status": "authorized",
        "evidence_level": "rights_holder"})


def _import(runner, tmp_path, kind, marketplace, key):
    path = tmp_path / "one.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FIELDS, restval="")
        writer.writeheader()
        writer.writerow({"kind": kind, "marketplace": marketplace or "", "key": key,
                         "status": "authorized", "evidence_level": "rights_holder"})
    return runner.invoke(args=["import", str(path)])


def _report(client, url, seller_id=None):
    body = {"url": url, "reason": "counterfeit"}
    if seller_id is not None:
        body["seller"] = {"id": seller_id}
    return client.post("/api/v1/reports", json=body, **from_address("198.51.100.7"))


def _check(client, url, seller_id):
    response = client.post("/api/v1/check", json={"url": url, "seller": {"id": seller_id}})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["page"]


@pytest.mark.parametrize("kind, marketplace, key, reason", BAD_KEYS, ids=map(_id, BAD_KEYS))
def test_entries_refuse_keys_that_cannot_be_right(client, maintainer, kind, marketplace, key,
                                                   reason):
    response = _post_entry(client, maintainer, kind, marketplace, key)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert reason in message and "key" in message, message


@pytest.mark.parametrize("kind, marketplace, key, reason", BAD_KEYS, ids=map(_id, BAD_KEYS))
def test_import_refuses_keys_that_cannot_be_right(app, runner, tmp_path, kind, marketplace,
                                                  key, reason):
    result = _import(runner, tmp_path, kind, marketplace, key)
    assert result.exit_code == 1
    assert "line 2: key" in result.output and reason in result.output, result.output
    assert "Nothing was imported" in result.output


@pytest.mark.parametrize("kind, marketplace, key, reason", BAD_SELLERS,
                         ids=map(_id, BAD_SELLERS))
def test_reports_refuse_seller_ids_that_cannot_be_right(client, kind, marketplace, key, reason):
    response = _report(client, LISTING_PAGE[marketplace], seller_id=key)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert message.startswith("`seller.id`") and reason in message, message


@pytest.mark.parametrize("kind, marketplace, key, reason", BAD_DOMAINS,
                         ids=map(_id, BAD_DOMAINS))
def test_reports_refuse_shop_domains_that_cannot_be_right(client, kind, marketplace, key,
                                                          reason):
    response = _report(client, f"http://{key}/shop/fake-watch")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "`url`" in message and reason in message, message


@pytest.mark.parametrize("url", ["http://[::1]/shop", "http://[2001:db8::1]:8080/p",
                                 "http://0x7f.1/", "http://127.1/", "http://3232235521/"])
def test_reports_refuse_pages_on_ip_addresses(client, url):
    response = _report(client, url)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("`url` names no shop domain")


@pytest.mark.parametrize("kind, marketplace, key, reason", BAD_SELLERS,
                         ids=map(_id, BAD_SELLERS))
def test_check_ignores_seller_ids_that_cannot_be_right_and_answers_from_the_url(
        client, kind, marketplace, key, reason):
    url = LISTING_PAGE[marketplace]
    page = _check(client, url, key)
    assert page["seller_id"] is None
    assert page["listing_id"] == client.get(
        "/api/v1/check", query_string={"url": url}).get_json()["page"]["listing_id"]
    assert page["listing_id"] is not None


def test_check_keeps_the_urls_seller_when_the_sent_one_cannot_be_right(client):
    page = _check(client, "https://www.amazon.com/dp/B0057OC5O8?seller=A1CJB5SYI9X4XC", "A2ZZ X")
    assert page["seller_id"] == "A1CJB5SYI9X4XC"


ODD_SELLER_IDS = [(url, seller_id)
                  for url in (LISTING_PAGE["ebay"], LISTING_PAGE["walmart"],
                              "https://fake-watches-shop.example/p/1")
                  for seller_id in ("a\x00b", "shady\nseller", "seller\r\nX-Evil: 1", "\x7f1234")]
ODD_SELLER_IDS += [(LISTING_PAGE[market], "²") for market in ("ebay", "walmart", "aliexpress")]


@pytest.mark.parametrize("url, seller_id", ODD_SELLER_IDS)
def test_odd_seller_ids_are_400_on_reports_and_never_500_on_checks(client, url, seller_id):
    response = _report(client, url, seller_id=seller_id)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith("`seller.id`")
    assert _check(client, url, seller_id)["seller_id"] != seller_id


@pytest.mark.parametrize("kind, marketplace, key, canonical", GOOD_KEYS,
                         ids=map(_id, GOOD_KEYS))
def test_entries_and_imports_accept_real_keys_in_canonical_form(
        app, client, runner, maintainer, tmp_path, kind, marketplace, key, canonical):
    response = _post_entry(client, maintainer, kind, marketplace, key)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["key"] == canonical
    result = _import(runner, tmp_path, kind, marketplace, key)
    assert result.exit_code == 0, result.output
    assert "added 0, updated 0, 1 unchanged" in result.output


GOOD_SELLERS = [row for row in GOOD_KEYS if row[0] == "seller" and row[1] in LISTING_PAGE
                and not marketplaces.MARKETPLACES[row[1]].is_retail_seller(row[3])]


@pytest.mark.parametrize("kind, marketplace, key, canonical", GOOD_SELLERS,
                         ids=map(_id, GOOD_SELLERS))
def test_reports_and_checks_take_real_seller_ids(client, kind, marketplace, key, canonical):
    response = _report(client, LISTING_PAGE[marketplace], seller_id=key)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["target"] == {"kind": "seller", "marketplace": marketplace,
                                             "key": canonical}
    assert _check(client, LISTING_PAGE[marketplace], key)["seller_id"] == canonical


# --- brand names: unique regardless of case -------------------------------------------

def _brand(client, admin, **fields):
    return client.post("/api/v1/brands", headers=admin, json=fields)


def _brand_id(client, admin, name):
    items = client.get("/api/v1/brands", headers=admin, query_string={"q": name}).get_json()
    return next(brand["id"] for brand in items["items"] if brand["name"] == name)


@pytest.mark.parametrize("name", ["ROLEX", "rolex", "RoLeX", "  Rolex  "])
def test_a_brand_named_like_another_in_another_case_is_409_naming_it(client, admin, name):
    response = _brand(client, admin, name=name)
    assert response.status_code == 409
    message = response.get_json()["error"]["message"]
    assert "'Rolex'" in message and f"Brand {_brand_id(client, admin, 'Rolex')} " in message


def test_brand_names_fold_beyond_ascii(client, admin):
    assert _brand(client, admin, name="Straße Uhren").status_code == 201
    assert _brand(client, admin, name="STRASSE UHREN").status_code == 409
    assert _brand(client, admin, name="Éclat Paris").status_code == 201
    assert _brand(client, admin, name="ÉCLAT PARIS").status_code == 409


def test_renaming_a_brand_onto_another_in_any_case_is_409_and_respelling_itself_is_not(
        client, admin):
    zorb = _brand(client, admin, name="Zorblax").get_json()
    renamed = client.patch(f"/api/v1/brands/{zorb['id']}", headers=admin, json={"name": "ROLEX"})
    assert renamed.status_code == 409
    respelled = client.patch(f"/api/v1/brands/{zorb['id']}", headers=admin,
                             json={"name": "ZORBLAX"})
    assert respelled.status_code == 200 and respelled.get_json()["name"] == "ZORBLAX"


def test_aliases_that_are_another_brands_name_are_409(client, admin):
    response = _brand(client, admin, name="Zorblax", aliases=["Zorb", "rolex"])
    assert response.status_code == 409
    assert "alias 'rolex'" in response.get_json()["error"]["message"]
    zorb = _brand(client, admin, name="Zorblax", aliases=["Zorb"]).get_json()
    assert _brand(client, admin, name="ZORB").status_code == 409  # Zorblax's alias
    patched = client.patch(f"/api/v1/brands/{zorb['id']}", headers=admin,
                           json={"aliases": ["Zorb", "Gucci"]})
    assert patched.status_code == 409


def test_migration_keeps_brands_that_differ_only_in_case_and_records_them(tmp_path):
    from backend import db, schema

    database = db.connect(str(tmp_path / "old.db"))
    schema.migrations.apply(database, stop_before="m005_brand_name_fold")
    for name in ("Rolex", "ROLEX", "Hermès", "HERMÈS", "Gucci"):
        database.execute("INSERT INTO brands (name) VALUES (?)", [name])
    database.conn.commit()
    schema.migrate(database)
    rows = database.execute("SELECT id, name, name_fold FROM brands ORDER BY id").fetchall()
    assert rows == [(1, "Rolex", "rolex"), (2, "ROLEX", None), (3, "Hermès", "hermès"),
                    (4, "HERMÈS", None), (5, "Gucci", "gucci")]
    recorded = database.execute(
        "SELECT target FROM audit WHERE action = 'brand.case_duplicate' ORDER BY id").fetchall()
    assert recorded == [("brand:2",), ("brand:4",)]
    with pytest.raises(sqlite3.IntegrityError):
        database.execute("INSERT INTO brands (name, name_fold) VALUES ('GUCCI', 'gucci')")
    database.conn.close()
