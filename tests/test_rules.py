"""The rules that need no list entry, tried with tables of titles and prices.

Each table holds titles that must trip the rule and genuine titles that must
not; the checks go through POST /check so that brand detection, the catalog
and the seed rules are the shipped ones.
"""

import pytest

from backend import db as database
from backend.matching.rules import near_identical, title_words


def _check(client, **body):
    body.setdefault("url", "https://www.ebay.com/itm/123456789012")
    response = client.post("/api/v1/check", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _codes(body):
    return [reason["code"] for reason in body["reasons"]]


# -- replica wording -----------------------------------------------------------

REPLICA_TITLES = [
    "Rolex Submariner 1:1 Quality Automatic Watch",
    "Louis Vuitton Neverfull AAA Quality Tote",
    "Gucci Marmont Bag Mirror Quality",
    "Nike Air Jordan 1 UA Chicago",
    "Super Clone Rolex Daytona 4130",
    "Omega Seamaster Replica Watch",
    "Chanel Classic Flap dupe",
    "Dior Saddle bag inspired by designer",
    "Prada Re-Edition bag high quality copy",
    "Adidas Yeezy Boost Zebra reps",
    "Yeezy Boost 350 pk batch",
    "Louis Vuitton wallet 1：1 mirror",
    "Rolex Submariner 1:1 clone",
    "LV Neverfull dupe",                      # Neverfull names Louis Vuitton
    "Nike Dunk reps",
    "Yeezy 350 reps batch",                   # Yeezy names Adidas; "350 reps" is not a workout
    "AAA replica Gucci belt",
    "Jordan 4 Retro Military Black reps",     # "Jordan 4" names Air Jordan
    "Airpods Pro 2 1:1 ANC",                  # AirPods names Apple
    "Air Jordan 1 Chicago LJR batch",
    "Gucci Ace sneakers OG batch",
    "Chanel inspired by designer quilted bag",
    "Rolex Submariner homage watch",
    "Hermes Birkin not authentic, fake",
]
GENUINE_TITLES = [
    "Rolex Submariner Date 126610LN Box & Papers 2022",
    "Nike Air Jordan 1 Retro High OG Chicago Size 10",
    "Duracell AAA Batteries 24 Pack",
    "Remote control for Apple TV (uses 2 AAA batteries)",
    "Adidas Football Replica Jersey Home 2024",
    "Under Armour UA Tech 2.0 Short Sleeve T-Shirt",
    "1:18 scale diecast Porsche 911 model car",
    "Sterling silver 1:1 scale bracelet charm",
    "Gucci Bloom Eau de Parfum 100ml",
    "HDMI splitter 1 to 1 4K",
    "Halloween fake blood scar kit",
    "TRX suspension trainer strap 3 sets of 12 reps workout guide",
    "adidas Samba OG – Inspired by the classic indoor soccer shoe",
    "Nike Dunk Low Retro – Inspired by '80s basketball",
    "Nike Air Force 1 inspired by the original 1982 design",
    "Casio A158W Vintage Watch – Homage to the F91W",
    "Apple AirPods Pro 2 – 1:1 replacement warranty",
    "Samsung Galaxy Buds 3 – 1 to 1 exchange if faulty",
    "Sony Bravia 4K TV 1:1 pixel mapping",
    "Ray-Ban Aviator Mirror Image Edition",
    "Nike tie dye hoodie OG Batch Dye",
    "Hanes socks PK batch of 3",
    "Bose QuietComfort headphones original quality sound",
    "Nike Air Max 90 shipped in same as original packaging",
    "JBL Flip 6 Factory Direct from Authorized Dealer",
    "OEM quality charger for Samsung Galaxy S24",
    "Charlotte Tilbury Pillow Talk lipstick – not a dupe",
    "Stanley Quencher 40oz genuine – dupes beware",
    "Beware of fakes – Apple AirPods Pro 2 genuine",
    "Louis Vuitton Neverfull MM 100% authentic not fake",
    "Hermes scarf genuine, avoid fakes",
    "Gucci belt authentic no knockoffs",
    "Dyson Airwrap UA certified",
    "Nike Pegasus 41 running shoes 3x10 reps interval workout",
]


@pytest.mark.parametrize("title", REPLICA_TITLES)
def test_replica_wording_is_flagged(client, title):
    body = _check(client, title=title)
    assert "counterfeit_phrase" in _codes(body), title
    assert body["verdict"] == "suspicious"


@pytest.mark.parametrize("title", GENUINE_TITLES)
def test_genuine_titles_are_not_flagged(client, title):
    body = _check(client, title=title)
    assert "counterfeit_phrase" not in _codes(body), (title, body["reasons"])
    assert "prohibited_item" not in _codes(body)


def test_replica_reason_is_for_a_shopper(client):
    reason = next(r for r in _check(client, title="Rolex Submariner 1:1 quality")["reasons"]
                  if r["code"] == "counterfeit_phrase")
    assert reason["severity"] == "medium"
    assert "1:1" in reason["message"] and "replica" in reason["message"]


# -- prohibited items ------------------------------------------------------------

PROHIBITED_TITLES = [
    "FBI Special Agent Badge and ID Credentials",
    "NYPD Detective Shield Badge Replica",
    "Police Officer Badge Obsolete Vintage",
    "US Marshals badge and credentials wallet",
]
NOT_PROHIBITED_TITLES = [
    "FBI: The Complete Series DVD",
    "Police Academy movie poster",
    "Sheriff Woody Toy Story doll",
    "Nike Air Max 90 badge logo sneakers",
]


@pytest.mark.parametrize("title", PROHIBITED_TITLES)
def test_prohibited_items_are_counterfeit(client, title):
    body = _check(client, title=title)
    assert "prohibited_item" in _codes(body), title
    assert body["verdict"] == "counterfeit"


@pytest.mark.parametrize("title", NOT_PROHIBITED_TITLES)
def test_not_prohibited(client, title):
    assert "prohibited_item" not in _codes(_check(client, title=title)), title


# -- price floors ----------------------------------------------------------------

PRICE_CASES = [
    # title, amount, currency, flagged
    ("TRX All-in-One Suspension Trainer", 27.99, "USD", True),
    ("TRX All-in-One Suspension Trainer", 129.95, "USD", False),
    ("Rolex Submariner Date Black Dial Men's Watch", 199.0, "USD", True),
    ("Rolex Submariner Date Black Dial Men's Watch", 9800.0, "USD", False),
    ("Rolex Submariner Date Black Dial Men's Watch", 180.0, "GBP", True),
    ("Rolex Datejust 36", 1500.0, "EUR", True),
    ("Rolex watch box and papers only", 60.0, "USD", False),     # accessory
    ("Watch strap for Rolex Submariner 20mm", 25.0, "USD", False),  # fits the brand
    ("Nike Air Max 90 sneakers", 12.0, "USD", True),
    ("Nike Air Max 90 sneakers", 89.0, "USD", False),
    ("Apple AirPods Pro 2", 19.99, "USD", True),
    ("Apple AirPods Pro 2", 50.0, "USD", True),   # above the AirPods floor, below AirPods Pro
    ("Apple AirPods 4", 50.0, "USD", False),
    ("Case for Apple AirPods Pro 2", 9.99, "USD", False),
    ("Omega Speedmaster MoonSwatch Mission to the Moon", 260.0, "USD", False),
    # A. used, vintage, worn, incomplete or accessory items are not measured against new prices
    ("TRX Suspension Training Door Anchor", 19.95, "USD", False),
    ("Louis Vuitton Speedy 30 Vintage Monogram Heavily Worn", 250.0, "USD", False),
    ("LOUIS VUITTON Pochette Accessoires Monogram Pre-owned", 350.0, "USD", False),
    ("Gucci Vintage GG Canvas Shoulder Bag Used", 220.0, "USD", False),
    ("Gucci Ace Sneakers Used", 150.0, "USD", False),
    ("Apple AirPods Pro 2nd Gen – Left Ear Only", 45.0, "USD", False),
    ("Apple AirPods Pro 2 single earbud right", 40.0, "USD", False),
    ("Oakley Holbrook Used Scratched", 35.0, "USD", False),
    ("TRX Pro Suspension Trainer Used Missing Anchor", 40.0, "USD", False),
    ("Rolex Datejust 36 for parts not working", 900.0, "USD", False),
    ("Apple Watch Ultra 2 refurbished", 250.0, "USD", False),
    # ... but "never worn", "never used", "vintage style", "damaged box" are new items
    ("Gucci Ace Sneakers never worn", 40.0, "USD", True),
    ("Louis Vuitton Neverfull MM never used", 120.0, "USD", True),
    ("Gucci vintage style GG Marmont bag", 60.0, "USD", True),
    ("Van Cleef Vintage Alhambra necklace", 45.0, "USD", True),
    ("Rolex Submariner Date new in damaged box", 250.0, "USD", True),
    # a product sold with its box, tags, band or strap is the product, not an accessory
    ("Rolex Submariner Date with box and papers", 199.0, "USD", True),
    ("Gucci Marmont bag new with tags", 80.0, "USD", True),
    ("Apple Watch Ultra 2 49mm Titanium Case with Orange Ocean Band", 45.0, "USD", True),
    ("Omega Seamaster Diver 300M on rubber strap", 150.0, "USD", True),
    ("TAG Heuer Carrera Chronograph", 90.0, "USD", True),
    ("Omega Speedmaster Professional manual winding", 150.0, "USD", True),
    ("Dyson Air Wrap complete long", 60.0, "USD", True),
    ("TRX Suspension Straps", 19.99, "USD", True),
    ("Apple Watch Sport Band 45mm", 25.0, "USD", False),           # the band itself
    ("TRX Xmount wall anchor", 25.0, "USD", False),
    # C. missed fakes
    ("Yeezy Boost 350 V2 Zebra", 40.0, "USD", True),
    ("adidas Yeezy Slide Onyx", 40.0, "USD", False),
    ("Airpods Pro 2 with MagSafe Charging Case", 25.0, "USD", True),
    ("Omega Speedmaster Moonwatch Professional", 150.0, "USD", True),
    ("Omega Speedmaster Professional Moonwatch", 4500.0, "USD", False),
    ("Omega x Swatch Speedmaster MoonSwatch Mission to Mars", 260.0, "USD", False),
    ("Omega Speedmaster MoonSwatch Bioceramic", 260.0, "USD", False),
    ("MoonSwatch Mission to the Sun", 50.0, "USD", True),
    ("Apple Watch Ultra 2", 45.0, "USD", True),
    ("Apple Watch Ultra 2", 649.0, "USD", False),
    ("Apple Watch SE 2nd Gen 40mm", 150.0, "USD", False),
    ("Samsung Galaxy Watch 6 Classic", 30.0, "USD", True),
    ("Galaxy Watch6 Classic 47mm", 30.0, "USD", True),
    ("Samsung Galaxy Watch 6 Classic", 180.0, "USD", False),
    ("Nike Air Jordan 4 Retro Military Black", 30.0, "USD", True),
    ("Jordan 4 Retro Military Black", 30.0, "USD", True),
    ("Nike Air Jordan 1 Mid", 85.0, "USD", False),
]


@pytest.mark.parametrize("title, amount, currency, flagged", PRICE_CASES)
def test_price_below_floor(client, title, amount, currency, flagged):
    body = _check(client, title=title, price={"amount": amount, "currency": currency})
    assert ("price_below_floor" in _codes(body)) is flagged, (title, amount, body["reasons"])


def test_price_floor_from_the_snapshot(client):
    """The Walmart snapshot's TRX at $27.99 trips the floor with no field but the page."""
    from test_extraction import SNAPSHOTS

    html = (SNAPSHOTS / "walmart_next_data.html").read_text(encoding="utf-8")
    body = _check(client, url="https://www.walmart.com/ip/TRX-All-in-One-Suspension-Trainer/55126398",
                  html=html)
    reason = next(r for r in body["reasons"] if r["code"] == "price_below_floor")
    assert "27.99 USD" in reason["message"] and "TRX" in reason["message"]


# -- relisted listings --------------------------------------------------------------

@pytest.mark.parametrize("title, other, same", [
    ("DEMO fictional listing: Omega Seamaster watch", "DEMO fictional listing Omega Seamaster watch NEW", True),
    ("Omega Seamaster Diver 300M Blue Dial Automatic Mens Watch",
     "Omega Seamaster Diver 300M Blue Dial Automatic Men Watch", True),
    ("Omega Seamaster Diver 300M Blue Dial Automatic Mens Watch",
     "Mens Watch Automatic Blue Dial Omega Seamaster Diver 300M", True),
    ("Omega Seamaster Diver 300M Blue Dial Automatic Mens Watch",
     "Omega Seamaster Aqua Terra 150M Green Dial Mens Watch", False),
    ("Nike Air Max 90", "Nike Air Max 90 Mens Running Shoes Size 10 White Black", False),
    ("Omega Seamaster", "Omega Seamaster", False),  # too short to say
])
def test_near_identical_titles(title, other, same):
    assert near_identical(title, other) is same


def test_title_words_are_normalised():
    assert title_words("The Hermès BIRKIN bag – for Her, the bag") == ["hermes", "birkin", "bag", "her"]


def test_relisted_listing_is_flagged(client):
    # Listed (demo): ebay 999999999901 "DEMO fictional listing: Omega Seamaster watch".
    body = _check(client, url="https://www.ebay.com/itm/123123123123",
                  title="DEMO fictional listing - Omega Seamaster watch")
    reason = next(r for r in body["reasons"] if r["code"] == "relisted_listing")
    assert "999999999901" in reason["message"]
    assert reason["evidence_url"] == "https://example.org/demo"
    assert body["verdict"] == "suspicious"


@pytest.mark.parametrize("url, title", [
    # The listed listing itself is listed_listing, not relisted.
    ("https://www.ebay.com/itm/999999999901", "DEMO fictional listing: Omega Seamaster watch"),
    # Same title on another marketplace.
    ("https://www.amazon.com/dp/B0ABCDEFGH", "DEMO fictional listing: Omega Seamaster watch"),
    # Merely the same brand and product.
    ("https://www.ebay.com/itm/123123123123", "Omega Seamaster Professional 300m watch 2020 full set"),
])
def test_relisted_listing_is_not_flagged(client, url, title):
    assert "relisted_listing" not in _codes(_check(client, url=url, title=title))


# The candidate search (listing_bands) and its query plan: tests/test_relist.py.


# -- seller aliases -----------------------------------------------------------------

def test_seller_alias_from_the_snapshot(client, app):
    """A listed seller's name on the page under a new id is seller_alias."""
    from test_extraction import SNAPSHOTS

    with app.app_context():
        db = database.get_db()
        db.execute(
            "INSERT INTO entries (kind, marketplace, key, status, name, name_norm, version, "
            "created_at, updated_at) VALUES ('seller', 'dhgate', '11111111', 'counterfeit', "
            "'LuxuryBags Factory', 'luxurybagsfactory', 1, datetime('now'), datetime('now'))")
        db.conn.commit()
    html = (SNAPSHOTS / "dhgate_product.html").read_text(encoding="utf-8")
    body = _check(client, url="https://www.dhgate.com/product/designer-bags/912345678.html", html=html)
    assert body["page"]["seller_id"] == "21345678"
    reason = next(r for r in body["reasons"] if r["code"] == "seller_alias")
    assert "luxurybags_factory" in reason["message"] and "11111111" in reason["message"]


def test_no_seller_alias_for_the_listed_seller_itself(client):
    body = _check(client, url="https://www.ebay.com/itm/123456789012",
                  seller={"id": "demo-fake-watches-example", "name": "demo-fake-watches-example (fictional)"})
    assert "seller_alias" not in _codes(body)
    assert "listed_seller" in _codes(body)


# -- the score --------------------------------------------------------------------------

def test_score_grows_with_evidence(client):
    nothing = _check(client, title="Omega Seamaster Diver 300M")["score"]
    one = _check(client, title="Omega Seamaster Diver 300M replica")["score"]
    two = _check(client, title="Omega Seamaster Diver 300M replica",
                 price={"amount": 99, "currency": "USD"})["score"]
    listed = _check(client, url="https://www.ebay.com/itm/999999999901")["score"]
    assert 0 <= nothing < one < two < listed <= 100
