"""Reading product pages: real corpus pages, hand-made snapshots, prices, junk HTML."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from backend import extraction, marketplaces
from backend.extraction.prices import currency_of_domain, parse_amount, parse_price
from backend.page import Price
from backend.urls import registered_domain
from conftest import corpus_html, corpus_pages

SNAPSHOTS = Path(__file__).parent / "snapshots"
MAX_HTML_BYTES = 2 * 1024 * 1024

# What each corpus page shows, read by hand from the HTML (the manifest has ids
# and seller names only). None: the page does not show it.
PAGE_FACTS = {
    "metascraper-amazon-co-uk_product-url.html.gz": ("Vegetable Perfection: 100 delicious recipes for roots, bulbs, shoots and stems", None),
    "metascraper-amazon-com_ansi-url.html.gz": ("SainSmart 4-Channel Relay Module", (8.99, "USD")),
    "metascraper-amazon-com_product-url.html.gz": ("The Whole Truth (A. Shaw Book 1)", None),
    "metascraper-amazon-es_product-url.html.gz": ("Cecotec Robot Limpiacristales Windroid 880", None),
    "metascraper-shopping-amazon-gorilla.html.gz": ('Gorilla Black Duct Tape, 1.88" x 12 yd, Black, (Pack of 2)', (12.48, "USD")),
    "metascraper-shopping-amazon.html.gz": ("Modern LED Wall Sconce Lighting Fixture Lamps 7W", (29.99, "USD")),
    "metascraper-shopping-etsy.html.gz": ("EL original he y hay calabaza / decoración de otoño", (43.90, "EUR")),
    "www.alibaba.com_d8830de9c46d.html.gz": ("Lemon/Cheese/Garlic/Ginger Handheld Stainless Steel Cheese Slicer", (11.99, "USD")),
    "www.amazon.co.uk_27021c0c0aea.html.gz": ("Tefal 5 Piece, Essential, Pots and Pans Set, Black, Aluminium, Non Stick", (48.99, "GBP")),
    "www.amazon.co.uk_c01d200ba542.html.gz": ("Living Dead Dolls 99361 Sweet Tooth B&W Halloween, Black", (39.50, "GBP")),
    "www.amazon.co.uk_cb061364938d.html.gz": ("CIGA Design Z-Series DLC Automatic Mechanical Skeleton Watch", (220.00, "GBP")),
    "www.amazon.co.uk_df7999ec1e62.html.gz": ("Assassin's Creed Valhalla Amazon Limited Edition (PS5)", (51.99, "GBP")),
    "www.amazon.com_0094967f37c6.html.gz": ("365 by Whole Foods Market, Potato Chips, Sour Cream, 10 Ounce", None),
    "www.amazon.com_01efbb747904.html.gz": ("Gothamite 36-inch Rolling Duffle Bag with Wheels", (87.11, "USD")),
    "www.amazon.com_b03d8c978c41.html.gz": (None, None),  # an Amazon Music album page
    "www.amazon.com_cfd548adcbf7.html.gz": ("Squirrel Buster Mini Squirrel-proof Bird Feeder", (34.98, "USD")),
    "www.amazon.de_2c036dd02ff3.html.gz": ("20 x Bamboo Wicker Geschenkkorb rund mittel", None),
    "www.amazon.de_95f9586d43ea.html.gz": ("WELEDA Citrus Erfrischende Feuchtigkeitslotion", (8.71, "EUR")),
    "www.amazon.de_f09ca5f02180.html.gz": ("Ankerkraut Texas Chicken, 230g im Streuer", (8.33, "EUR")),
    "www.amazon.de_f17d4d9c99e7.html.gz": ("De'Longhi Wärmewelle HMP2000", None),
    "www.amazon.fr_2eca89a9c93c.html.gz": ("3Mm,4Mm Hose Tee Barb Connector Irrigation", (12.44, "EUR")),
    "www.amazon.fr_4ff590718c18.html.gz": ("KONMAY 1 Roll 25 Yards 1.5mm Metallic Pearl White", None),
    "www.amazon.fr_64915d8c2251.html.gz": ("PetSafe Siège de sécurité pour chiens Happy Ride", (66.75, "EUR")),
    "www.amazon.fr_ec6f39428a4d.html.gz": ("Jouet en Peluche de Poulpe Flip Double Face", (4.99, "EUR")),
    "www.amazon.it_14dc707ee184.html.gz": ("Pink Dog Hair Dye Hair Coloring Professional Colors for Stylish Pet 50ml", None),
    "www.amazon.it_871a0c6c919b.html.gz": ("Retevis RT628B Walkie Talkie Bambini", (21.99, "EUR")),
    "www.amazon.it_e9879f3b5b1b.html.gz": ("Orange Crush 12 Amplificatore Combo per chitarra", (100.00, "EUR")),
    "www.amazon.it_ed28f179058b.html.gz": ("WERPOWER Electric Wine Bottle Opener Set", None),
    "www.ebay.ca_361022ee4199.html.gz": ("1Pair Hips Thigh Pads Enhancing Hips Contour Sponge Pads Self-adhesive Padded", (11.19, "GBP")),
    "www.ebay.co.uk_359ca699f879.html.gz": ("Pony Cart Harness - Fit Up To 10/11 Hh - Used With Shetland Pony/Small Donkey", (115.00, "GBP")),
    "www.ebay.com_21e72a8e6d24.html.gz": ("Halloween Zombie Scars Tattoos Fake Blood Scab Scar Wound Costume Make-Up Kit UK", (1.99, "GBP")),
    "www.ebay.fr_ccc114af83c7.html.gz": ("4x Duracell CR2032 3V Lithium Coin Cell Battery 2032 button DL2032. 066", (5.95, "EUR")),
    "www.ebay.ie_5cea6e89b169.html.gz": ("BMW X1 SDRIVE 2.0 AUTOMATIC", (5100.00, "GBP")),
    "www.ebay.ie_9edbb12683ce.html.gz": ("BILLIE EILISH Graffiti Print Hoodie", (25.00, "EUR")),
    "www.ebay.it_2d3e52568d57.html.gz": ("Angel Teddy Bear", (12.99, "GBP")),
}

# Where the manifest and the page disagree, the page wins. In
# amazon.co.uk_27021c0c0aea the buy box's selected offer ("new") is sold by
# Amazon (merchantID A3P5ROKL5A1OLE); "Amazon Warehouse" sells the other,
# collapsed offer ("used", A2OAJ7377F756P). The manifest pairs the first id
# with the second name.
MANIFEST_CORRECTIONS = {
    "www.amazon.co.uk_27021c0c0aea.html.gz": {"seller_name": "Amazon"},
}


def _page_html(filename: str) -> str:
    """The page as the extension could send it: at most the API's 2 MB."""
    html = corpus_html(filename)
    data = html.encode("utf-8")
    return data[:MAX_HTML_BYTES].decode("utf-8", "ignore") if len(data) > MAX_HTML_BYTES else html


def test_every_corpus_page_has_facts():
    assert {row["file"] for row in corpus_pages()} == set(PAGE_FACTS)


@pytest.mark.parametrize("row", corpus_pages(), ids=lambda row: row["file"])
def test_corpus_page_through_check(client, row):
    """POST /check with the page's URL and HTML returns what the page shows, never "counterfeit"."""
    expected = {**row, **MANIFEST_CORRECTIONS.get(row["file"], {})}
    title, price = PAGE_FACTS[row["file"]]
    response = client.post("/api/v1/check", json={"url": row["url"], "html": _page_html(row["file"])})
    assert response.status_code == 200
    body = response.get_json()
    page = body["page"]
    assert page["marketplace"] == row["marketplace"]
    assert page["listing_id"] == row["listing_id"]
    assert page["seller_id"] == (expected["seller_id"] or None)
    assert page["seller_name"] == (expected["seller_name"] or None)
    if title is None:
        assert page["title"] is None
    else:
        assert page["title"].startswith(title)
    assert page["price"] == ({"amount": price[0], "currency": price[1]} if price else None)
    assert body["verdict"] != "counterfeit"


def test_variant_page_keeps_the_url_listing_and_matches_the_shown_one(client, app):
    """amazon.fr_ec6f39428a4d shows child B08LZJV3BD of parent B08LZM5286 (the URL's)."""
    row = next(r for r in corpus_pages() if r["file"] == "www.amazon.fr_ec6f39428a4d.html.gz")
    found = extraction.extract(_page_html(row["file"]), marketplaces.get("amazon"), "amazon.fr")
    assert (found.listing_id, found.parent_listing_id) == ("B08LZJV3BD", "B08LZM5286")
    from backend import db as database
    with app.app_context():
        database.get_db().execute(
            "INSERT INTO entries (kind, marketplace, key, status, title, version, created_at, "
            "updated_at) VALUES ('listing', 'amazon', 'B08LZJV3BD', 'counterfeit', "
            "'Fake plush octopus', 1, datetime('now'), datetime('now'))"
        )
        database.get_db().conn.commit()
    body = client.post("/api/v1/check", json={"url": row["url"], "html": _page_html(row["file"])}).get_json()
    assert body["page"]["listing_id"] == "B08LZM5286"
    assert "listed_listing" in [reason["code"] for reason in body["reasons"]]


def test_listed_parent_asin_is_found_from_a_childs_page(client, maintainer):
    """The child's own URL, its snapshot naming parent B08LZM5286, and the parent listed."""
    row = next(r for r in corpus_pages() if r["file"] == "www.amazon.fr_ec6f39428a4d.html.gz")
    check = {"url": "https://www.amazon.fr/dp/B08LZJV3BD", "html": _page_html(row["file"])}
    before = client.post("/api/v1/check", json=check).get_json()
    assert "listed_listing" not in [reason["code"] for reason in before["reasons"]]
    listed = client.post("/api/v1/entries", headers=maintainer, json={
        "kind": "listing", "marketplace": "amazon", "key": "b08lzm5286",
        "status": "counterfeit", "title": "Fake plush octopus",
        "evidence_level": "test_purchase"})
    assert listed.status_code == 201, listed.get_json()
    body = client.post("/api/v1/check", json=check).get_json()
    assert body["page"]["listing_id"] == "B08LZJV3BD"
    assert [reason["code"] for reason in body["reasons"]].count("listed_listing") == 1
    assert body["verdict"] == "counterfeit"


# -- hand-made snapshots of layouts the corpus lacks --------------------------

SNAPSHOT_CASES = [
    ("ebay_sellercard_atf.html", "https://www.ebay.com/itm/334455667788", {
        "marketplace": "ebay", "listing_id": "334455667788", "seller_id": "kicks_vault_usa",
        "seller_name": "kicks_vault_usa",
        "title": "Nike Air Jordan 1 Retro High OG Chicago Lost and Found Size 10",
        "price": {"amount": 189.99, "currency": "USD"}, "brand": "Jordan"}),
    ("walmart_next_data.html", "https://www.walmart.com/ip/TRX-All-in-One-Suspension-Trainer/55126398", {
        "marketplace": "walmart", "listing_id": "55126398", "seller_id": "101071354",
        "seller_name": "Best Fitness Deals", "title": "TRX All-in-One Suspension Trainer",
        "price": {"amount": 27.99, "currency": "USD"}, "brand": "TRX"}),
    ("aliexpress_item.html", "https://www.aliexpress.us/item/3256805123456789.html", {
        "marketplace": "aliexpress", "listing_id": "3256805123456789", "seller_id": "1102345678",
        "seller_name": "Shenzhen Top Time Store",
        "title": "Mens Luxury Automatic Watch Sapphire Steel Submariner Style",
        "price": {"amount": 38.45, "currency": "USD"}, "brand": None}),
    ("dhgate_product.html", "https://www.dhgate.com/product/designer-bags/912345678.html", {
        "marketplace": "dhgate", "listing_id": "912345678", "seller_id": "21345678",
        "seller_name": "luxurybags_factory",
        "title": "Designer Bags Women Handbag Marmont Crossbody Leather Shoulder Bag",
        "price": {"amount": 45.6, "currency": "USD"}, "brand": None}),
    ("temu_goods.html", "https://www.temu.com/40-oz-tumbler-g-601099512345678.html", {
        "marketplace": "temu", "listing_id": "601099512345678", "seller_id": "634418212345678",
        "seller_name": "Drinkware Home Store",
        "title": "40 oz Tumbler With Handle And Straw Lid, Insulated Stainless Steel Quencher Cup",
        "price": {"amount": 7.48, "currency": "USD"}, "brand": None}),
    ("wish_product.html", "https://www.wish.com/product/5f1e2d3c4b5a697887766554", {
        "marketplace": "wish", "listing_id": "5f1e2d3c4b5a697887766554",
        "seller_id": "5d4c3b2a1f0e9d8c7b6a5f4e", "seller_name": "SunStyle Outlet",
        "title": "Classic Square Sunglasses UV400 Wayfarer Style Men Women",
        "price": {"amount": 12.0, "currency": "USD"}, "brand": None}),
    ("facebook_item.html", "https://www.facebook.com/marketplace/item/812345678901234/", {
        "marketplace": "facebook", "listing_id": "812345678901234", "seller_id": "100087654321098",
        "seller_name": "Jordan Miles", "title": "Canada Goose Expedition Parka Mens Large",
        "price": {"amount": 120.0, "currency": "USD"}, "brand": "Canada Goose"}),
    ("shop_jsonld_graph.html", "https://luxetime-outlet.example/products/speedmaster", {
        "marketplace": None, "listing_id": None, "seller_id": None,
        "seller_name": "Luxe Time Outlet", "title": "Omega Speedmaster Moonwatch Professional 42mm",
        "price": {"amount": 189.0, "currency": "EUR"}, "brand": "Omega"}),
]


@pytest.mark.parametrize("filename, url, expected", SNAPSHOT_CASES, ids=lambda v: v if isinstance(v, str) and v.endswith(".html") else "")
def test_snapshot_through_check(client, filename, url, expected):
    html = (SNAPSHOTS / filename).read_text(encoding="utf-8")
    response = client.post("/api/v1/check", json={"url": url, "html": html})
    assert response.status_code == 200
    page = response.get_json()["page"]
    assert {key: page[key] for key in expected} == expected


def test_snapshot_seller_without_url_id_comes_from_page(client):
    """The Amazon seller on the page is used when the URL names none; the request wins over both."""
    html = _page_html("www.amazon.it_871a0c6c919b.html.gz")
    url = "https://www.amazon.it/dp/B085ZSV1JJ"
    page = client.post("/api/v1/check", json={"url": url, "html": html}).get_json()["page"]
    assert (page["seller_id"], page["seller_name"]) == ("A3ICDZYF91YIY1", "RetevisDirect")
    page = client.post("/api/v1/check", json={
        "url": url, "html": html, "title": "Stated title", "brand": "Stated",
        "seller": {"id": "a0demofake0001"}, "price": {"amount": 1.5, "currency": "EUR"},
    }).get_json()["page"]
    assert page["seller_id"] == "A0DEMOFAKE0001"
    assert page["seller_name"] is None  # the page's name belongs to another seller
    assert (page["title"], page["brand"], page["price"]) == (
        "Stated title", "Stated", {"amount": 1.5, "currency": "EUR"})


def test_url_seller_wins_over_page():
    """What the URL says about ids wins over the page (smid= names the offer chosen)."""
    html = _page_html("www.amazon.it_871a0c6c919b.html.gz")
    from backend import check as checking

    class FakeCatalog:
        from backend.urls import UrlReader
        urls = UrlReader({"www.amazon.it": "amazon", "amazon.it": "amazon"})

    page = checking.read_page(FakeCatalog(), checking.CheckRequest(
        url="https://www.amazon.it/dp/B085ZSV1JJ?smid=A1OTHERSELLER1", html=html))
    assert page.seller_id == "A1OTHERSELLER1"
    assert page.seller_name is None


# -- prices -----------------------------------------------------------------------

@pytest.mark.parametrize("text, default, expected", [
    ("£12.99", None, Price(12.99, "GBP")),
    ("US $27.99", None, Price(27.99, "USD")),
    ("1.234,56 €", None, Price(1234.56, "EUR")),
    ("EUR 12,50", None, Price(12.5, "EUR")),
    ("12,44 €", None, Price(12.44, "EUR")),
    ("$1,299.00", "USD", Price(1299.0, "USD")),
    ("$8.99", "CAD", Price(8.99, "CAD")),
    ("C $25.00", None, Price(25.0, "CAD")),
    ("AU $49.95", None, Price(49.95, "AUD")),
    ("GBP 11.19", None, Price(11.19, "GBP")),
    ("¥1,280", "JPY", Price(1280.0, "JPY")),
    ("1 234,56 zł", None, Price(1234.56, "PLN")),
    ("US $11.99 - 15.99", None, Price(11.99, "USD")),
    ("$29.99 10 sets", "USD", Price(29.99, "USD")),
    ("CHF 1'250.00", None, Price(1250.0, "CHF")),
    ("12.99", None, None),
    ("Free", "USD", None),
    ("", "USD", None),
    ("$0.00", "USD", None),
])
def test_parse_price(text, default, expected):
    assert parse_price(text, default) == expected


def test_parse_amount_of_structured_values():
    assert parse_amount("43.90") == 43.9
    assert parse_amount(27.99) == 27.99
    assert parse_amount("11.9900") == 11.99
    assert parse_price("189.00", currency="eur") == Price(189.0, "EUR")


@pytest.mark.parametrize("domain, currency", [
    ("amazon.co.uk", "GBP"), ("amazon.com", "USD"), ("amazon.ca", "CAD"), ("ebay.de", "EUR"),
    ("amazon.com.au", "AUD"), ("amazon.co.jp", "JPY"), ("example", None),
])
def test_currency_of_domain(domain, currency):
    assert currency_of_domain(domain) == currency


# -- junk ----------------------------------------------------------------------------

JUNK = [
    "", " ", "\x00\x00", "<", "<html", "<html><body><div id='productTitle'>",
    "<?xml version='1.0' encoding='utf-8'?><html><body>x</body></html>",
    "<script type='application/ld+json'>{\"@type\": \"Product\", \"name\": </script>",
    "<script type='application/ld+json'>" + "[" * 5000 + "</script>",
    "<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"Product\", \"offers\": {\"price\": {}}}]}</script>",
    "<script id='__NEXT_DATA__' type='application/json'>{\"props\": [1, 2]}</script>",
    "<div id='merchantID' value='\ud800'>\udfff</div>",
    "<meta property='product:price:amount' content='1e309'><meta property='product:price:currency' content='€€€'>",
    "<div>" * 3000 + "deep" + "</div>" * 3000,
]


@pytest.mark.parametrize("html", JUNK)
@pytest.mark.parametrize("name", [None, *marketplaces.MARKETPLACES])
def test_junk_never_raises(html, name):
    found = extraction.extract(html, marketplaces.get(name), "example.com")
    assert isinstance(found, extraction.Extracted)


def test_truncated_corpus_pages_still_extract():
    html = _page_html("www.amazon.co.uk_cb061364938d.html.gz")
    market = marketplaces.get("amazon")
    for cut in (len(html) // 3, len(html) // 2, len(html) - 7):
        extraction.extract(html[:cut], market, "amazon.co.uk")
    assert extraction.extract(html[: len(html) // 2], market, "amazon.co.uk").listing_id == "B07C8KMQQ6"


def test_check_rejects_nothing_it_cannot_read(client):
    response = client.post("/api/v1/check", json={
        "url": "https://www.amazon.com/dp/B0057OC5O8", "html": "<html><body>\udcff"[:-1] + "\x00"})
    assert response.status_code == 200


_TAGS = st.sampled_from([
    "<div>", "</div>", "<span id='productTitle'>", "<a href='/usr/x'>", "</a>", "<h1>", "</h1>",
    "<script type='application/ld+json'>", "</script>", "<meta property='og:title' content='x'>",
    "<input id='merchantID' value='A1'>", "<td class='attrLabels'>Brand:</td><td>", "{", "}",
    "\"@type\": \"Product\"", "\"price\": \"1,0\"", "<!--", "-->", "&amp;", "&#0;", "\x00", "€",
    "<div spm-c='soldby'><a spm-index='store' href='/store/12'>", "<![CDATA[", "<svg>", "<?xml ?>",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(_TAGS, st.text(max_size=20)), max_size=60),
       name=st.sampled_from([None, *marketplaces.MARKETPLACES]))
def test_random_html_never_raises(pieces, name):
    found = extraction.extract("".join(pieces), marketplaces.get(name), "amazon.com")
    assert isinstance(found, extraction.Extracted)


_SNAPSHOT_TEXTS = [(SNAPSHOTS / case[0]).read_text(encoding="utf-8") for case in SNAPSHOT_CASES]


@settings(max_examples=150, deadline=None)
@given(index=st.integers(0, len(_SNAPSHOT_TEXTS) - 1), data=st.data())
def test_mutated_snapshots_never_raise(index, data):
    html = _SNAPSHOT_TEXTS[index]
    start = data.draw(st.integers(0, len(html)))
    end = data.draw(st.integers(start, min(len(html), start + 400)))
    insert = data.draw(st.text(max_size=30))
    mutated = html[:start] + insert + html[end:]
    name = SNAPSHOT_CASES[index][2]["marketplace"]
    found = extraction.extract(mutated, marketplaces.get(name), registered_domain("www.ebay.com"))
    assert isinstance(found, extraction.Extracted)
