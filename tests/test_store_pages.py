"""Store pages map to their seller: a check of a listed seller's store page says counterfeit.

eBay's store URLs (/str/NAME) name the store, not the seller: the page's header names the
user id (its seller card's feedback, contact and item links). Only that card counts, so
what the store's own text and other stores' cards link to cannot make a check accuse
another seller. The pages are hand-made (tests/snapshots/README.md).
"""

from pathlib import Path

import pytest

from test_check import add_entry, codes  # noqa: F401 (fixture)

SNAPSHOTS = Path(__file__).parent / "snapshots"
EBAY_STORE = ("ebay_store.html", "https://www.ebay.com/str/acmewatchoutlet")
HOSTILE_STORE = ("ebay_store_hostile.html", "https://www.ebay.co.uk/str/honesttraderuk")
AMBIGUOUS_STORE = ("ebay_store_ambiguous.html", "https://www.ebay.com/str/watchdealsdirect")
UNNAMED_STORE = ("ebay_store_unnamed.html", "https://www.ebay.com/str/vintagetimepieces")
TEMU_STORE = ("temu_store.html", "https://www.temu.com/uk/acme-store-m-634418212345.html")
# Named in the hostile pages' descriptions, other stores' cards and contact links.
OTHER_SELLER = "replica_kings_uk"


def _check(client, page):
    filename, url = page
    html = (SNAPSHOTS / filename).read_text(encoding="utf-8")
    response = client.post("/api/v1/check", json={"url": url, "html": html})
    assert response.status_code == 200, response.get_json()
    return response


def test_an_ebay_store_page_names_its_seller_and_no_product(client):
    page = _check(client, EBAY_STORE).json["page"]
    assert (page["marketplace"], page["seller_id"], page["seller_name"]) == (
        "ebay", "acme_watch_outlet", "Acme Watch Outlet")
    assert (page["listing_id"], page["title"], page["price"], page["brand"]) == (None, None, None, None)


def test_a_listed_sellers_ebay_store_page_is_counterfeit(client, add_entry):  # noqa: F811
    add_entry(kind="seller", marketplace="ebay", key="acme_watch_outlet", name="Acme Watch Outlet")
    response = _check(client, EBAY_STORE)
    assert codes(response) == ["listed_seller"]
    assert response.json["verdict"] == "counterfeit"
    assert "Acme Watch Outlet" in response.json["reasons"][0]["message"]


def test_an_unlisted_sellers_ebay_store_page_is_not_counterfeit(client, add_entry):  # noqa: F811
    add_entry(kind="seller", marketplace="ebay", key="someone_else_entirely")
    assert _check(client, EBAY_STORE).json["verdict"] != "counterfeit"


def test_a_store_page_that_names_no_seller_is_unknown_not_safe(client, add_entry):  # noqa: F811
    """The card shows only the store's name; a link in the description names a listed seller."""
    add_entry(kind="seller", marketplace="ebay", key=OTHER_SELLER)
    body = _check(client, UNNAMED_STORE).json
    assert (body["page"]["seller_id"], body["page"]["seller_name"]) == (None, "Vintage Time Pieces")
    assert (body["verdict"], body["reasons"]) == ("unknown", [])


def test_links_outside_the_stores_own_card_never_name_its_seller(client, add_entry):  # noqa: F811
    """A store whose description, item links and a "similar stores" card name a listed seller:
    only the store's own card counts, so the check neither accuses that seller's name here
    nor lets this store be taken for it."""
    add_entry(kind="seller", marketplace="ebay", key=OTHER_SELLER, name="Replica Kings")
    body = _check(client, HOSTILE_STORE).json
    assert (body["page"]["seller_id"], body["page"]["seller_name"]) == ("honest_trader_uk", "Honest Trader UK")
    assert body["verdict"] != "counterfeit"
    assert "listed_seller" not in [reason["code"] for reason in body["reasons"]]


def test_a_store_card_whose_links_name_two_users_names_no_seller(client, add_entry):  # noqa: F811
    """Feedback for one user, contact for another: guessing could accuse the wrong one."""
    add_entry(kind="seller", marketplace="ebay", key=OTHER_SELLER)
    add_entry(kind="seller", marketplace="ebay", key="watch_deals_direct")
    body = _check(client, AMBIGUOUS_STORE).json
    assert body["page"]["seller_id"] is None
    assert (body["verdict"], body["reasons"]) == ("unknown", [])


def test_the_url_names_the_seller_before_the_page(client, add_entry):  # noqa: F811
    """A /usr/ page shows the same card; the URL's user is the one checked."""
    add_entry(kind="seller", marketplace="ebay", key="acme_watch_outlet")
    filename, _ = EBAY_STORE
    body = _check(client, (filename, "https://www.ebay.com/usr/other_user_1")).json
    assert (body["page"]["seller_id"], body["page"]["seller_name"]) == ("other_user_1", None)
    assert body["verdict"] != "counterfeit"


@pytest.mark.parametrize("page", [EBAY_STORE, TEMU_STORE], ids=["ebay", "temu"])
def test_store_pages_show_no_product_title_or_price(client, page):
    """Their <title> and item prices are the store's, not a product's ("Home | Save Temu | Temu")."""
    body = _check(client, page).json
    assert (body["page"]["title"], body["page"]["price"]) == (None, None)


def test_a_listed_temu_store_page_is_counterfeit_and_shows_no_product(client, add_entry):  # noqa: F811
    """Temu's store URL names the mall; "Home | Save Temu | Temu" is no product title, and a
    recommended store's link on the page is not the page's seller."""
    add_entry(kind="seller", marketplace="temu", key="634418212345", name="Acme Home Store")
    response = _check(client, TEMU_STORE)
    page = response.json["page"]
    assert (page["seller_id"], page["seller_name"], page["title"], page["price"]) == (
        "634418212345", None, None, None)
    assert codes(response) == ["listed_seller"]
    assert response.json["verdict"] == "counterfeit"


def test_a_temu_store_page_of_a_recommended_listed_store_is_not_counterfeit(client, add_entry):  # noqa: F811
    add_entry(kind="seller", marketplace="temu", key="634418299999")
    assert _check(client, TEMU_STORE).json["verdict"] != "counterfeit"


def test_a_marketplace_home_page_linking_to_a_listed_store_names_no_seller(client, add_entry):  # noqa: F811
    """A home or search page links to many stores; the first store link is not the page's seller."""
    add_entry(kind="seller", marketplace="temu", key="634418212345", name="Acme Home Store")
    response = _check(client, ("temu_store.html", "https://www.temu.com/uk/"))
    page = response.json["page"]
    assert (page["seller_id"], page["seller_name"], page["title"]) == (None, None, None)
    assert response.json["verdict"] == "unknown"
