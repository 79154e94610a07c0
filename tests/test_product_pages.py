"""Pages that are no product pages (home, store, search, category) show no product.

A page is a product page when its URL names a listing or has the marketplace's product page
path (CheckedPages.product), or when its structured data declares a product.
"""

import pytest


def _page(title: str, *, head: str = "") -> str:
    return (f'<html><head><title>{title}</title><meta property="og:title" content="{title}">'
            f'<meta property="product:price:amount" content="9.99">'
            f'<meta property="product:price:currency" content="USD">{head}</head>'
            f'<body><h1>{title}</h1></body></html>')


def _check(client, url: str, html: str) -> dict:
    response = client.post("/api/v1/check", json={"url": url, "html": html})
    assert response.status_code == 200
    return response.get_json()["page"]


@pytest.mark.parametrize("url", [
    "https://www.temu.com/",
    "https://www.amazon.de/",
    "https://www.amazon.com/s?k=usb+charger",
    "https://www.ebay.com/b/Cell-Phone-Chargers/123417/bn_1642210",
    "https://www.etsy.com/c/jewelry/rings",
    "https://www.aliexpress.com/w/wholesale-charger.html",
    "https://www.walmart.com/browse/electronics/3944",
])
def test_home_search_and_category_pages_give_no_title_or_price(client, url):
    page = _check(client, url, _page("Shop deals | Marketplace"))
    assert page["title"] is None
    assert page["price"] is None
    assert page["brand"] is None


def test_a_temu_store_page_gives_the_seller_not_a_product(client):
    url = "https://www.temu.com/uk/acme-store-m-634418212345.html"
    page = _check(client, url, _page("Home | Save Temu | Temu"))
    assert page["title"] is None
    assert page["price"] is None
    assert page["seller_id"] == "634418212345"


def test_an_ebay_store_page_gives_no_product(client):
    page = _check(client, "https://www.ebay.com/str/acmestore", _page("Acme Store | eBay Stores"))
    assert page["title"] is None
    assert page["price"] is None


def test_a_product_page_by_url_keeps_its_title_and_price(client):
    page = _check(client, "https://www.ebay.com/itm/123456789012", _page("Casio G-Shock | eBay"))
    assert page["title"] == "Casio G-Shock"
    assert page["price"] == {"amount": 9.99, "currency": "USD"}


def test_a_page_whose_structured_data_declares_a_product_keeps_it(client):
    """An unknown URL form (a short link's landing page, a new layout) with a JSON-LD Product."""
    json_ld = ('<script type="application/ld+json">{"@type": "Product", "name": "Casio G-Shock",'
               ' "offers": {"@type": "Offer", "price": "99.00", "priceCurrency": "USD"}}</script>')
    page = _check(client, "https://www.ebay.com/p/2312345", _page("Casio G-Shock | eBay", head=json_ld))
    assert page["title"] == "Casio G-Shock"
    assert page["price"] == {"amount": 99.0, "currency": "USD"}
