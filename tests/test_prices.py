"""Prices: structured data as schema.org numbers; display texts with the currency's decimals."""

import json

import pytest
from hypothesis import given, settings, strategies as st

from backend.extraction.currencies import minor_units
from backend.extraction.prices import parse_price, structured_price
from backend.page import Price

SHOP_URL = "https://watch-shop.example/products/1"


# -- display texts: the locale's separators, the currency's decimals ---------------------

@pytest.mark.parametrize("text, default, expected", [
    # groups of three with the locale's separator, and the decimal mark
    ("1.299,00 €", None, Price(1299.0, "EUR")),
    ("1 299,00 zł", None, Price(1299.0, "PLN")),
    ("1\u00a0299,00\u00a0zł", None, Price(1299.0, "PLN")),
    ("1\u202f299,00 €", None, Price(1299.0, "EUR")),
    ("CHF 1'299.00", None, Price(1299.0, "CHF")),
    ("CHF 1’299.00", None, Price(1299.0, "CHF")),
    ("$1,299.00", "USD", Price(1299.0, "USD")),
    ("1.299.000 ₫", None, Price(1299000.0, "VND")),
    ("€ 1.234.567,89", None, Price(1234567.89, "EUR")),
    # Indian lakh grouping
    ("₹1,29,999.00", None, Price(129999.0, "INR")),
    ("₹1,29,999", None, Price(129999.0, "INR")),
    ("₹12,34,567.50", None, Price(1234567.5, "INR")),
    # three-decimal currencies
    ("KWD 12.500", None, Price(12.5, "KWD")),
    ("12.500 KWD", None, Price(12.5, "KWD")),
    ("KWD 1,250.750", None, Price(1250.75, "KWD")),
    ("BHD 0.750", None, Price(0.75, "BHD")),
    ("OMR 3.250", None, Price(3.25, "OMR")),
    ("JOD 19.990", None, Price(19.99, "JOD")),
    ("TND 45,500", None, Price(45.5, "TND")),
    ("١٢٫٥٠٠ د.ك", None, Price(12.5, "KWD")),
    # zero-decimal currencies
    ("¥1,299", "JPY", Price(1299.0, "JPY")),
    ("JPY 1.299", None, Price(1299.0, "JPY")),
    ("1.299 JPY", None, Price(1299.0, "JPY")),
    ("₩12,000", None, Price(12000.0, "KRW")),
    ("CLP 15.990", None, Price(15990.0, "CLP")),
    ("UGX 45,000", None, Price(45000.0, "UGX")),
    ("ISK 4.990", None, Price(4990.0, "ISK")),
    # one mark: three digits after it group thousands in a two-decimal currency ...
    ("$1,299", "USD", Price(1299.0, "USD")),
    ("1.299 €", None, Price(1299.0, "EUR")),
    ("1,299 €", None, Price(1299.0, "EUR")),
    # ... unless the whole part cannot lead a group; other digit counts are decimals
    ("0,500 €", None, Price(0.5, "EUR")),
    ("1299.000 €", None, Price(1299.0, "EUR")),
    ("12,50 €", None, Price(12.5, "EUR")),
    ("EUR 12,5", None, Price(12.5, "EUR")),
    ("$8.99", "CAD", Price(8.99, "CAD")),
    ("$12.995", "USD", Price(12995.0, "USD")),
])
def test_display_text_follows_locale_and_currency(text, default, expected):
    assert parse_price(text, default) == expected


@pytest.mark.parametrize("text, default, currency, expected", [
    ("1.299", None, "EUR", Price(1299.0, "EUR")),
    ("1.299", None, "KWD", Price(1.299, "KWD")),
    ("1.299", None, "JPY", Price(1299.0, "JPY")),
    ("12,99", None, "eur", Price(12.99, "EUR")),
    ("12.99", None, "€", Price(12.99, "EUR")),
    ("12.99", "USD", "not a currency", Price(12.99, "USD")),
])
def test_display_text_with_a_stated_currency(text, default, currency, expected):
    assert parse_price(text, default, currency) == expected


@pytest.mark.parametrize("text", [
    "12.99", "Free", "", "$0.00", "¥0.4 JPY", "ALL sizes 12.99", "AMD Ryzen 7 5800X",
    "$99,999,999.00", "\x00", "\ud800",
])
def test_display_text_without_a_price(text):
    assert parse_price(text, None) is None


def test_minor_units_table():
    three = ("KWD", "BHD", "JOD", "OMR", "TND", "LYD", "IQD")
    assert [minor_units(code) for code in three] == [3] * 7
    assert [minor_units(code) for code in ("JPY", "KRW", "VND", "CLP", "ISK", "UGX")] == [0] * 6
    assert [minor_units(code) for code in ("USD", "EUR", "GBP", "INR", None, "XYZ")] == [2] * 6


# -- structured data: schema.org numbers ---------------------------------------------------

@pytest.mark.parametrize("value, currency, expected", [
    ("1299.000", "EUR", Price(1299.0, "EUR")),
    ("1.299", "EUR", Price(1.299, "EUR")),
    ("12.500", "KWD", Price(12.5, "KWD")),
    ("1299", "JPY", Price(1299.0, "JPY")),
    (" 27.99 ", "usd", Price(27.99, "USD")),
    ("+5", "USD", Price(5.0, "USD")),
    (".5", "USD", Price(0.5, "USD")),
    ("1.2e3", "USD", Price(1200.0, "USD")),
    (1299, "EUR", Price(1299.0, "EUR")),
    (12.5, "KWD", Price(12.5, "KWD")),
    (1.299, "EUR", Price(1.299, "EUR")),
    ("129.99", "€", Price(129.99, "EUR")),
    # not schema.org numbers: read as display text, the best guess left
    ("1,299.00", "USD", Price(1299.0, "USD")),
    ("12,50", "EUR", Price(12.5, "EUR")),
    ("$12.99", None, Price(12.99, "USD")),
    # nothing to read
    ("12.99", None, None),
    ("0", "USD", None),
    ("-5", "USD", None),
    (True, "USD", None),
    (10 ** 400, "USD", None),
    (float("inf"), "USD", None),
    (float("nan"), "USD", None),
    ({"value": 1}, "USD", None),
    ("1e309", "USD", None),
    ("", "USD", None),
])
def test_structured_value_is_a_schema_org_number(value, currency, expected):
    assert structured_price(value, currency) == expected


# -- through POST /check: JSON-LD, microdata and meta tags ------------------------------------

def _json_ld(offer: dict) -> str:
    product = {"@context": "https://schema.org", "@type": "Product", "name": "Seamaster 300M",
               "offers": {"@type": "Offer", **offer}}
    return f"<script type='application/ld+json'>{json.dumps(product)}</script>"


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body><h1>Seamaster 300M</h1>{body}</body></html>"


@pytest.mark.parametrize("html, expected", [
    (_page(_json_ld({"price": "1299.000", "priceCurrency": "EUR"})), (1299.0, "EUR")),
    (_page(_json_ld({"price": "1.299", "priceCurrency": "EUR"})), (1.299, "EUR")),
    (_page(_json_ld({"price": 1299, "priceCurrency": "JPY"})), (1299.0, "JPY")),
    (_page(_json_ld({"price": "12.500", "priceCurrency": "KWD"})), (12.5, "KWD")),
    (_page(_json_ld({"lowPrice": "899.00", "highPrice": "1299.00", "priceCurrency": "USD",
                     "@type": "AggregateOffer"})), (899.0, "USD")),
    (_page(_json_ld({"priceSpecification": {"price": "2450.000", "priceCurrency": "CHF"}})),
     (2450.0, "CHF")),
    (_page("<meta property='product:price:amount' content='1299.000'>"
           "<meta property='product:price:currency' content='EUR'>"
           "<meta property='og:title' content='Seamaster 300M'>"), (1299.0, "EUR")),
    (_page("<meta property='og:price:amount' content='1.299'>"
           "<meta property='og:price:currency' content='GBP'>"), (1.299, "GBP")),
    (_page(body="<div itemscope itemtype='https://schema.org/Product'><span itemprop='name'>"
                "Seamaster</span>"
                "<div itemprop='offers' itemscope itemtype='https://schema.org/Offer'>"
                "<meta itemprop='priceCurrency' content='EUR'>"
                "<span itemprop='price' content='1299.000'>1.299,00 €</span></div></div>"),
     (1299.0, "EUR")),
    (_page(body="<div itemscope itemtype='https://schema.org/Product'><span itemprop='name'>"
                "Seamaster</span><meta itemprop='priceCurrency' content='EUR'>"
                "<span itemprop='price'>1.299,00 €</span></div>"),
     (1299.0, "EUR")),
    (_page(body="<div itemscope itemtype='https://schema.org/Product'><span itemprop='name'>"
                "Seamaster</span><meta itemprop='priceCurrency' content='KWD'>"
                "<span itemprop='price'>12.500 KWD</span></div>"),
     (12.5, "KWD")),
])
def test_structured_page_price_through_check(client, html, expected):
    response = client.post("/api/v1/check", json={"url": SHOP_URL, "html": html})
    assert response.status_code == 200
    assert response.get_json()["page"]["price"] == {"amount": expected[0], "currency": expected[1]}


def test_ebay_microdata_content_is_a_schema_org_number(client):
    html = ("<html><body><h1 id='itemTitle'>Seamaster 300M</h1>"
            "<span itemprop='price' content='1299.000'>EUR 1.299,00</span>"
            "<span itemprop='priceCurrency' content='EUR'></span></body></html>")
    response = client.post("/api/v1/check", json={"url": "https://www.ebay.de/itm/334455667788",
                                                  "html": html})
    assert response.get_json()["page"]["price"] == {"amount": 1299.0, "currency": "EUR"}


def test_walmart_json_number_is_taken_as_is(client):
    data = {"props": {"pageProps": {"initialData": {"data": {"product": {
        "usItemId": "55126398", "name": "Trainer",
        "priceInfo": {"currentPrice": {"price": 1299.5, "currencyUnit": "USD",
                                       "priceString": "$1,299.50"}}}}}}}}
    html = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script>"
    response = client.post("/api/v1/check", json={
        "url": "https://www.walmart.com/ip/Trainer/55126398", "html": html})
    assert response.get_json()["page"]["price"] == {"amount": 1299.5, "currency": "USD"}


# -- any input: a Price with a positive finite amount, or None; never an exception -----------

_CURRENCY_WORDS = st.sampled_from([None, "", "EUR", "KWD", "JPY", "eur", "€", "$", "XXX", "\x00"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.one_of(st.text(max_size=40),
                     st.text("0123456789.,' \u00a0\u066b\u066c$€¥KWD", max_size=30)),
       default=_CURRENCY_WORDS, currency=_CURRENCY_WORDS)
def test_any_display_text_gives_a_sane_price_or_none(text, default, currency):
    price = parse_price(text, default, currency)
    assert price is None or (0 < price.amount < 10_000_000 and len(price.currency) == 3)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                       st.lists(st.integers(), max_size=2)),
       currency=_CURRENCY_WORDS)
def test_any_structured_value_gives_a_sane_price_or_none(value, currency):
    price = structured_price(value, currency)
    assert price is None or (0 < price.amount < 10_000_000 and len(price.currency) == 3)
