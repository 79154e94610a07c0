"""Marketplace title affixes: what <title>/og:title add to the product's own title goes.

Each marketplace module declares its affixes as data (title_affixes); extraction applies
them, and the extension applies the same regexes (content/marketplace-data.js).
"""

import json
import subprocess
from pathlib import Path

import pytest

from backend import marketplaces

ROOT = Path(__file__).resolve().parent.parent

STRIPPED = [
    ("amazon", "Amazon.com: Apple AirPods Pro (2nd Generation) : Electronics", "Apple AirPods Pro (2nd Generation)"),
    ("amazon", "Amazon.de: Bosch Wasserkocher TWK3A011 : Küche", "Bosch Wasserkocher TWK3A011"),
    ("amazon", "Amazon.co.uk: Anker 65W USB-C Charger : Electronics & Photo", "Anker 65W USB-C Charger"),
    ("amazon", "Amazon.co.jp: Anker PowerPort III 65W : パソコン・周辺機器", "Anker PowerPort III 65W"),
    ("amazon", "Amazon.fr : Chargeur Anker 65W : High-Tech", "Chargeur Anker 65W"),
    ("amazon", "Amazon.com.mx: Audífonos Sony WH-1000XM4 : Electrónicos", "Audífonos Sony WH-1000XM4"),
    ("amazon", "Amazon.in: Buy boAt Airdopes 141", "Buy boAt Airdopes 141"),
    ("amazon", "Sony WH-1000XM5 : Amazon.de: Elektronik & Foto", "Sony WH-1000XM5"),
    ("amazon", "Nike Air Max 90 : Amazon.co.uk: Fashion", "Nike Air Max 90"),
    ("amazon", "Amazon | Anker PowerPort III | Anker | 充電器 通販", "Anker PowerPort III"),
    ("amazon", "Amazon.com: Anker Charger: 65W GaN", "Anker Charger: 65W GaN"),
    ("ebay", "Apple iPhone 13 128GB Unlocked | eBay", "Apple iPhone 13 128GB Unlocked"),
    ("ebay", "Nike Air Jordan 1 Retro High OG for sale online | eBay", "Nike Air Jordan 1 Retro High OG"),
    ("ebay", "Rolex Submariner 116610LN | eBay.de", "Rolex Submariner 116610LN"),
    ("ebay", "Montre Casio G-Shock | eBay", "Montre Casio G-Shock"),
    ("ebay", "Lego 42115 Lamborghini – eBay", "Lego 42115 Lamborghini"),
    ("aliexpress", "65W GaN Charger USB C Fast Charging 65W - AliExpress 509", "65W GaN Charger USB C Fast Charging 65W"),
    ("aliexpress", "Wireless Earbuds TWS - AliExpress 44", "Wireless Earbuds TWS"),
    ("aliexpress", "Montre connectée - AliExpress", "Montre connectée"),
    ("aliexpress", "Aliexpress.com : Buy TWS Earbuds from Reliable Earphones suppliers on Foo Store",
     "TWS Earbuds"),
    ("aliexpress", "Смарт-часы | AliExpress.ru", "Смарт-часы"),
    ("alibaba", "Wholesale Phone Case - Buy Phone Case,Silicone Case Product on Alibaba.com",
     "Wholesale Phone Case"),
    ("alibaba", "Silicone Phone Case | Alibaba.com", "Silicone Phone Case"),
    ("walmart", "Apple AirPods with Charging Case - Walmart.com", "Apple AirPods with Charging Case"),
    ("walmart", "LEGO Star Wars 75301 | Walmart Canada", "LEGO Star Wars 75301"),
    ("walmart", "Mainstays Towel - Walmart.ca", "Mainstays Towel"),
    ("etsy", "Personalized Leather Wallet - Etsy", "Personalized Leather Wallet"),
    ("etsy", "Handmade Silver Ring - Etsy UK", "Handmade Silver Ring"),
    ("etsy", "Bague en argent - Etsy France", "Bague en argent"),
    ("etsy", "Silberring handgemacht - Etsy Deutschland", "Silberring handgemacht"),
    ("etsy", "Vintage Poster | Etsy Canada", "Vintage Poster"),
    ("temu", "Wireless Earbuds Bluetooth 5.3 - Temu", "Wireless Earbuds Bluetooth 5.3"),
    ("temu", "Kabellose Ohrhörer - Temu Germany", "Kabellose Ohrhörer"),
    ("temu", "Phone Holder | Temu United Kingdom", "Phone Holder"),
    ("dhgate", "Replica Watch Men Automatic | DHgate", "Replica Watch Men Automatic"),
    ("dhgate", "Sneakers Men Running Shoes - DHgate.com", "Sneakers Men Running Shoes"),
    ("wish", "Smart Watch Fitness Tracker | Wish", "Smart Watch Fitness Tracker"),
    ("facebook", "Marketplace – iPhone 12 Pro 256GB | Facebook", "iPhone 12 Pro 256GB"),
    ("facebook", "Marketplace - Canapé d'angle | Facebook", "Canapé d'angle"),
    ("facebook", "PlayStation 5 | Facebook Marketplace", "PlayStation 5"),
]

KEPT = [
    ("ebay", "eBay gift card holder"),
    ("ebay", "Sticker eBay seller pack"),
    ("amazon", "Amazon Echo Dot (5th Gen)"),
    ("amazon", "Amazon Basics HDMI Cable"),
    ("aliexpress", "AliExpress haul storage box"),
    ("etsy", "Etsy shop banner template"),
    ("etsy", "Etsy seller thank you cards"),
    ("walmart", "Walmart gift card"),
    ("temu", "Temu haul organiser"),
    ("wish", "Make a Wish birthday candle"),
    ("facebook", "Facebook portal stand"),
    ("dhgate", "Running Shoes Men"),
]


@pytest.mark.parametrize(("name", "title", "product"), STRIPPED)
def test_marketplace_affixes_leave_the_product_title(name, title, product):
    assert marketplaces.MARKETPLACES[name].product_title(title) == product


@pytest.mark.parametrize(("name", "title"), KEPT)
def test_titles_that_merely_name_the_marketplace_are_kept(name, title):
    assert marketplaces.MARKETPLACES[name].product_title(title) == title


def test_a_title_that_is_only_the_marketplace_is_kept_as_is():
    """Nothing but the affix: stripping would leave nothing, so the title stays."""
    assert marketplaces.MARKETPLACES["ebay"].product_title(" | eBay") == " | eBay"
    assert marketplaces.MARKETPLACES["ebay"].product_title(None) is None


@pytest.mark.parametrize(("url", "title", "product"), [
    ("https://www.ebay.de/itm/123456789012", "Rolex Submariner 116610LN | eBay.de", "Rolex Submariner 116610LN"),
    ("https://www.aliexpress.com/item/1005006123456789.html",
     "65W GaN Charger USB C 65W - AliExpress 509", "65W GaN Charger USB C 65W"),
    ("https://www.etsy.com/uk/listing/123456789/ring", "Handmade Silver Ring - Etsy UK", "Handmade Silver Ring"),
])
def test_check_reports_the_og_title_without_the_affix(client, url, title, product):
    """Over HTTP: a page whose only title is its og:title gets the product's own title."""
    html = f'<html><head><meta property="og:title" content="{title}"></head><body></body></html>'
    response = client.post("/api/v1/check", json={"url": url, "html": html})
    assert response.status_code == 200
    assert response.get_json()["page"]["title"] == product


def test_check_keeps_a_title_that_merely_names_the_marketplace(client):
    html = '<html><head><meta property="og:title" content="eBay gift card holder"></head></html>'
    response = client.post("/api/v1/check", json={"url": "https://www.ebay.com/itm/123456789012", "html": html})
    assert response.get_json()["page"]["title"] == "eBay gift card holder"


def test_the_extension_strips_the_same_affixes():
    """content/facts.js productTitle with marketplace-data.js's titleAffixes: every case above."""
    script = ("for (const file of ['content/marketplace-data.js', 'content/prices.js',"
              " 'content/facts.js'])"
              " require('vm').runInThisContext(require('fs').readFileSync('extension/' + file, 'utf8'));"
              "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "const affixes = (id) => radarMarketplaceData.find((m) => m.id === id).titleAffixes;"
              "process.stdout.write(JSON.stringify(cases.map(([id, t]) =>"
              " radarFacts.productTitle(t, affixes(id)))))")
    cases = [[name, title] for name, title, _ in STRIPPED] + [list(case) for case in KEPT]
    result = subprocess.run(["node", "-e", script], cwd=ROOT, input=json.dumps(cases),
                            capture_output=True, text=True, check=True, timeout=60)
    expected = [marketplaces.MARKETPLACES[name].product_title(title) for name, title in cases]
    assert json.loads(result.stdout) == expected
