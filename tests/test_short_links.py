"""Short links (a.co, amzn.to, ebay.us, s.click.aliexpress.com, etsy.me) name no ids until resolved.

A report needs a target, so a report of one is a 400 naming `url` that says to resolve it;
a check keeps answering (the contract's /check refuses no valid URL) from what the link names.
"""

import pytest

from tests.conftest import from_address

SHORT_LINKS = [
    ("https://a.co/d/3xAmPlE", "Amazon"),
    ("https://amzn.to/3XyZabc", "Amazon"),
    ("https://amzn.eu/d/abc123", "Amazon"),
    ("https://ebay.us/AbC123", "eBay"),
    ("https://s.click.aliexpress.com/e/_DdXyZ12", "AliExpress"),
    ("https://a.aliexpress.com/_mKx1234", "AliExpress"),
    ("https://etsy.me/3AbCdEf", "Etsy"),
]


def _report(client, url):
    return client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit"},
                       **from_address("203.0.113.20"))


@pytest.mark.parametrize(("url", "label"), SHORT_LINKS)
def test_a_report_of_a_short_link_is_400_saying_to_resolve_it(client, url, label):
    response = _report(client, url)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert message.startswith(f"`url` is a {label} short link")
    assert "resolved" in message


def test_a_report_of_a_short_link_with_a_seller_id_is_accepted(client):
    response = client.post("/api/v1/reports", json={
        "url": "https://ebay.us/AbC123", "reason": "counterfeit", "seller": {"id": "shadyseller77"}},
        **from_address("203.0.113.21"))
    assert response.status_code == 201
    assert response.get_json()["target"] == {"kind": "seller", "marketplace": "ebay",
                                             "key": "shadyseller77"}


def test_a_report_of_a_marketplace_home_page_keeps_the_general_message(client):
    message = _report(client, "https://www.ebay.com/").get_json()["error"]["message"]
    assert "short link" not in message and "`url`" in message


@pytest.mark.parametrize(("url", "label"), SHORT_LINKS)
def test_a_check_of_a_short_link_still_answers_with_its_marketplace_and_no_ids(client, url, label):
    response = client.post("/api/v1/check", json={"url": url})
    assert response.status_code == 200
    page = response.get_json()["page"]
    assert page["marketplace"] == label.lower()
    assert page["listing_id"] is None and page["seller_id"] is None
