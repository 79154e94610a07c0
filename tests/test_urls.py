"""Understanding URLs: marketplace on every domain and host, ids in every common form."""

import pytest

from backend.urls import InvalidUrl, ascii_host, canonicalize, registered_domain

# (url, marketplace, registered domain, listing id, seller id)
URL_TABLE = [
    # Amazon: /dp, /gp/product, /gp/aw/d (mobile), seller=/smid=/me=, country domains, odd case.
    ("https://www.amazon.com/SainSmart-Relay-Module/dp/B0057OC5O8/ref=sr_1_1?keywords=relay&qid=1",
     "amazon", "amazon.com", "B0057OC5O8", None),
    ("https://WWW.AMAZON.CO.UK/dp/b004snmxrs?th=1&psc=1&utm_source=news#reviews",
     "amazon", "amazon.co.uk", "B004SNMXRS", None),
    ("https://www.amazon.de/gp/product/B00SVBPJI8/?smid=A3JWKAKR8XB7XF&pf_rd_r=XYZ",
     "amazon", "amazon.de", "B00SVBPJI8", "A3JWKAKR8XB7XF"),
    ("https://www.amazon.fr/gp/aw/d/B08LZM5286/ref=ox_sc_act_image_1", "amazon", "amazon.fr",
     "B08LZM5286", None),
    ("https://www.amazon.co.jp/gp/offer-listing/4001141272/?ie=UTF8", "amazon", "amazon.co.jp",
     "4001141272", None),
    ("https://www.amazon.com/sp?ie=UTF8&seller=a1cjb5syi9x4xc&asin=B0057OC5O8",
     "amazon", "amazon.com", "B0057OC5O8", "A1CJB5SYI9X4XC"),
    ("https://www.amazon.com.mx/s?me=A2B02ER2MSCM6X&marketplaceID=A1AM78C64UM0Y8",
     "amazon", "amazon.com.mx", None, "A2B02ER2MSCM6X"),
    ("https://amazon.com.au/dp/B07C8KMQQ6", "amazon", "amazon.com.au", "B07C8KMQQ6", None),
    ("https://www.amazon.in/exec/obidos/ASIN/B085ZSV1JJ/", "amazon", "amazon.in", "B085ZSV1JJ", None),
    # eBay: /itm/slug/ID, /itm/ID, item=, /usr/NAME, _ssn=NAME, mobile host, country domains.
    ("https://www.ebay.com/itm/Halloween-Zombie-Scars-Kit-/302474151804?hash=item466d&_trksid=p2",
     "ebay", "ebay.com", "302474151804", None),
    ("https://www.ebay.co.uk/itm/143863282131", "ebay", "ebay.co.uk", "143863282131", None),
    ("https://m.ebay.com/itm/123808916008?_mwBanner=1", "ebay", "ebay.com", "123808916008", None),
    ("https://cgi.ebay.de/ws/eBayISAPI.dll?ViewItem&item=293565036718", "ebay", "ebay.de",
     "293565036718", None),
    ("https://www.ebay.com.au/usr/PhoenixEmporium?_trksid=p2047675", "ebay", "ebay.com.au",
     None, "phoenixemporium"),
    ("https://www.ebay.ie/sch/i.html?_ssn=TshirtsPrinting.ie&_ipg=200", "ebay", "ebay.ie",
     None, "tshirtsprinting.ie"),
    # AliExpress: /item/ID.html, /store/ID, mobile, country domains.
    ("https://www.aliexpress.com/item/1005006123456789.html?spm=a2g0o.detail.0.0&algo_pvid=abc",
     "aliexpress", "aliexpress.com", "1005006123456789", None),
    ("https://m.aliexpress.com/item/4000123456789.html", "aliexpress", "aliexpress.com",
     "4000123456789", None),
    ("https://aliexpress.ru/item/1005001234567890.html?sku_id=12000", "aliexpress", "aliexpress.ru",
     "1005001234567890", None),
    ("https://www.aliexpress.us/store/1101234567?spm=a2g0o", "aliexpress", "aliexpress.us",
     None, "1101234567"),
    # Alibaba: /product-detail/slug_ID.html, NAME.en.alibaba.com.
    ("https://www.alibaba.com/product-detail/Lemon-Cheese-Garlic-Ginger_62320522213.html?spm=a27",
     "alibaba", "alibaba.com", "62320522213", None),
    ("https://WePromoteAll.en.alibaba.com/company_profile.html", "alibaba", "alibaba.com",
     None, "wepromoteall"),
    ("https://m.alibaba.com/product/1600123456789/Wholesale-Watch.html", "alibaba", "alibaba.com",
     "1600123456789", None),
    # Walmart: /ip/slug/ID, /ip/ID, /seller/ID, walmart.ca.
    ("https://www.walmart.com/ip/TRX-All-in-One-Suspension-Trainer/55126398?athbdg=L1600",
     "walmart", "walmart.com", "55126398", None),
    ("https://www.walmart.com/ip/123456789", "walmart", "walmart.com", "123456789", None),
    ("https://www.walmart.com/seller/101071354?itemId=55126398", "walmart", "walmart.com",
     None, "101071354"),
    ("https://www.walmart.ca/en/ip/some-product/6000201234567", "walmart", "walmart.ca",
     "6000201234567", None),
    # Etsy: /listing/ID/slug, /shop/NAME, country paths.
    ("https://www.etsy.com/es/listing/550571276/el-original-he-y-hay?ref=hp_rv&frs=1",
     "etsy", "etsy.com", "550571276", None),
    ("https://www.etsy.com/shop/OliveCreativeCompany?ref=simple-shop-header-name",
     "etsy", "etsy.com", None, "olivecreativecompany"),
    # DHgate: /product/slug/ID.html, /store/ID, mobile.
    ("https://www.dhgate.com/product/2023-new-designer-bag/889123456.html?dspm=pcen.hp",
     "dhgate", "dhgate.com", "889123456", None),
    ("https://m.dhgate.com/product/luxury-watch/776543210.html", "dhgate", "dhgate.com",
     "776543210", None),
    ("https://www.dhgate.com/store/21234567", "dhgate", "dhgate.com", None, "21234567"),
    # Temu: -g-ID.html (listing), -m-ID.html (seller).
    ("https://www.temu.com/uk/suspension-trainer-straps-g-601099512345678.html?_x_ads_sub=1",
     "temu", "temu.com", "601099512345678", None),
    ("https://www.temu.com/acme-sport-m-634418212345.html", "temu", "temu.com", None,
     "634418212345"),
    # Wish: /product/ID, /c/ID.
    ("https://www.wish.com/product/5e3b1c2d4f5a6b7c8d9e0f12?share=web", "wish", "wish.com",
     "5e3b1c2d4f5a6b7c8d9e0f12", None),
    ("https://www.wish.com/c/5E3B1C2D4F5A6B7C8D9E0F12", "wish", "wish.com",
     "5e3b1c2d4f5a6b7c8d9e0f12", None),
    # Facebook Marketplace: /marketplace/item/ID, mobile host.
    ("https://www.facebook.com/marketplace/item/1234567890123456/?ref=search", "facebook",
     "facebook.com", "1234567890123456", None),
    ("https://m.facebook.com/marketplace/item/987654321012345", "facebook", "facebook.com",
     "987654321012345", None),
    # A marketplace host under a name the Public Suffix List does not know ("com.be").
    ("https://www.amazon.com.be/dp/B004SNMXRS", "amazon", "amazon.com.be", "B004SNMXRS", None),
    ("https://benl.ebay.be/itm/123456789012", "ebay", "ebay.be", "123456789012", None),
    # Not a marketplace: stand-alone shops, IDN hosts, subdomains.
    ("https://shop.cheap-rolex-outlet.com/products/sub?fbclid=1", None, "cheap-rolex-outlet.com",
     None, None),
    ("https://www.bücher.de/artikel/1", None, "xn--bcher-kva.de", None, None),
    ("https://myshop.myshopify.com/products/x", None, "myshop.myshopify.com", None, None),
]


@pytest.fixture(scope="module")
def url_client(tmp_path_factory):
    from backend import create_app, db
    from tests.conftest import SEED_DIR

    path = str(tmp_path_factory.mktemp("urls") / "radar.db")
    db.initialize(path, SEED_DIR)
    app = create_app({"TESTING": True, "DATABASE": path, "SEED_DIR": str(SEED_DIR)})
    return app.test_client()


@pytest.mark.parametrize("url, marketplace, domain, listing_id, seller_id", URL_TABLE)
def test_check_reads_marketplace_domain_and_ids_from_url(
    url_client, url, marketplace, domain, listing_id, seller_id
):
    response = url_client.get("/api/v1/check", query_string={"url": url})
    assert response.status_code == 200
    page = response.json["page"]
    assert (page["marketplace"], page["domain"], page["listing_id"], page["seller_id"]) == (
        marketplace, domain, listing_id, seller_id
    )


def test_canonical_url_drops_tracking_fragment_and_default_port_and_lowercases_host():
    canonical, _parts, query = canonicalize(
        "HTTPS://WWW.Amazon.COM:443/dp/B0057OC5O8?utm_source=x&fbclid=y&smid=A1&th=1#top"
    )
    assert canonical == "https://www.amazon.com/dp/B0057OC5O8?smid=A1"
    assert query == {"smid": ["A1"]}


def test_canonical_url_turns_unicode_host_into_punycode():
    canonical, _parts, _query = canonicalize("http://Bücher.example/a")
    assert canonical == "http://xn--bcher-kva.example/a"


@pytest.mark.parametrize("host, expected", [
    ("ＡＭＡＺＯＮ.ｃｏｍ", "amazon.com"),                 # full-width letters fold as in browsers
    ("MÜNCHEN.DE", "xn--mnchen-3ya.de"),                 # upper-case Unicode folds before punycode
    ("faß.de", "xn--fa-hia.de"),                         # non-transitional: ß stays ß
    ("FASS.de", "fass.de"),
    ("bücher。de", "xn--bcher-kva.de"),                  # ideographic full stop separates labels
    ("XN--BCHER-KVA.de", "xn--bcher-kva.de"),
    ("rоlex-outlet.com", "xn--rlex-outlet-rnj.com"),     # Cyrillic о
    ("ΒΑΣ.gr", "xn--mxab6c.gr"),
    ("a_b.example.com", "a_b.example.com"),              # ASCII labels stay as lenient as a browser
])
def test_hosts_are_normalised_with_uts46_as_browsers_do(host, expected):
    assert ascii_host(host) == expected
    canonical, _parts, _query = canonicalize(f"https://{host}/x")
    assert canonical == f"https://{expected}/x"


@pytest.mark.parametrize("host", [
    "💩.la", "xn--zz.com", "xn--rlex-outlet-9h7e.com", "bü--x.de", "\u0301a.com",
    "a\u200db.com", "a..b.com", "x" * 64 + ".com", "%E2%82%AC.com",
])
def test_invalid_host_labels_are_rejected(host):
    with pytest.raises(InvalidUrl):
        ascii_host(host)


@pytest.mark.parametrize("host", ["💩.la", "xn--zz.com", "bü--x.de", "a..b.com", "€.com"])
def test_check_of_an_invalid_host_is_a_400_not_a_500(url_client, host):
    response = url_client.get("/api/v1/check", query_string={"url": f"https://{host}/item"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_input"


def test_check_names_the_domain_browsers_resolve_for_unicode_hosts(url_client):
    response = url_client.get("/api/v1/check", query_string={"url": "https://WWW.Faß.DE/x"})
    assert response.status_code == 200
    assert response.json["page"]["domain"] == "xn--fa-hia.de"


@pytest.mark.parametrize("text", [
    "ftp://example.com/x", "javascript:alert(1)", "example.com/no-scheme", "https://",
    "http://[::1", "https://exa mple.com/",
])
def test_canonicalize_rejects_what_is_not_an_http_url(text):
    with pytest.raises(InvalidUrl):
        canonicalize(text)


@pytest.mark.parametrize("host, expected", [
    ("www.amazon.co.uk", "amazon.co.uk"),
    ("M.EBAY.COM.AU", "ebay.com.au"),
    ("wepromoteall.en.alibaba.com", "alibaba.com"),
    ("shop.example.co.jp", "example.co.jp"),
    ("localhost", "localhost"),
])
def test_registered_domain_uses_the_bundled_suffix_list(host, expected):
    assert registered_domain(host) == expected


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_canonicalize_either_answers_or_rejects_any_text(text):
    try:
        canonical, _parts, _query = canonicalize("https://" + text)
    except InvalidUrl:
        return
    assert canonical.startswith("https://")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_get_check_never_fails_with_500_whatever_the_url(url_client, text):
    response = url_client.get("/api/v1/check", query_string={"url": "http://" + text})
    assert response.status_code in (200, 400)


# --- what may be listed as a shop's domain (urls.domain_key_problem) ----------------------

from backend.urls import domain_key_problem, is_ip_literal  # noqa: E402


@pytest.mark.parametrize("host", [
    "127.0.0.1", "2130706433", "0x7f.1", "0x7f000001", "0177.0.0.1", "127.1", "10.0.0.1.",
    "[::1]", "::1", "[2001:db8::1]", "example.0x10", "example.123",
])
def test_hosts_a_browser_reads_as_ip_addresses(host):
    assert is_ip_literal(host)
    assert domain_key_problem(host) == "is an IP address, not a domain name"


@pytest.mark.parametrize("host", ["co.uk", "com", "github.io", "blogspot.com", "uk.com",
                                  "myshopify.com", "gov.br", "com.au"])
def test_public_suffixes_cannot_be_listed(host):
    assert "public suffix" in domain_key_problem(host)


@pytest.mark.parametrize("host", [
    "acme.co.uk", "fake-shop.github.io", "rolex-outlet.com", "xn--rlex-outlet-8tb.com",
    "shop.example", "1-2-3.example", "123.example", "0x.example.com", "a.b.c.d.example",
])
def test_ordinary_domains_can_be_listed(host):
    assert not is_ip_literal(host)
    assert domain_key_problem(host) is None


@pytest.mark.parametrize("host", ["localhost", "a..b", "-shop.com", "shop-.com",
                                  "shop.com:8080", "shop com.example", ""])
def test_other_text_is_not_a_domain_name(host):
    assert domain_key_problem(host) == "is not a domain name"
