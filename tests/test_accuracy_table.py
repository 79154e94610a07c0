"""The accuracy table in docs/extraction.md is a fresh count over the corpus pages."""

import accuracy_table
from conftest import corpus_pages


def test_checked_in_accuracy_table_is_current(client):
    """A table counted now through POST /check is the one in docs/extraction.md."""
    fresh = accuracy_table.render(accuracy_table.counts(client))
    document = accuracy_table.DOC.read_text(encoding="utf-8")
    assert accuracy_table.with_table(document, fresh) == document, (
        "docs/extraction.md's accuracy table is stale: run `python3 tasks.py accuracy-table`")


def test_a_field_counts_only_when_it_equals_the_hand_checked_value(client, monkeypatch):
    """A wrong seller, a seller where the manifest has none, a wrong title and price fail."""
    row = next(r for r in corpus_pages() if r["file"] == "www.ebay.ie_9edbb12683ce.html.gz")
    assert all(accuracy_table.page_scores(client, row).values())
    monkeypatch.setitem(accuracy_table.PAGE_FACTS, row["file"], ("Another hoodie", (24.0, "EUR")))
    scores = accuracy_table.page_scores(
        client, {**row, "seller_id": "", "seller_name": "someone else"})
    assert scores == {"listing id": True, "seller id": False, "seller name": False,
                      "title": False, "price": False}


def test_a_blank_counts_only_when_nothing_is_read(client, monkeypatch):
    """Where the page names no seller and shows no price, reading none is correct."""
    row = next(r for r in corpus_pages() if r["file"] == "metascraper-amazon-com_product-url.html.gz")
    assert (row["seller_id"], row["seller_name"], accuracy_table.PAGE_FACTS[row["file"]][1]) == ("", "", None)
    assert all(accuracy_table.page_scores(client, row).values())
    monkeypatch.setitem(accuracy_table.PAGE_FACTS, row["file"], (None, None))
    assert accuracy_table.page_scores(client, row)["title"] is False


def test_totals_add_up_the_marketplaces_and_pages_without_pages_show_a_dash():
    """render() sums every row into the totals; a marketplace with no pages has dashes."""
    line = dict.fromkeys(("pages", *accuracy_table.FIELDS), 0)
    table = render_lines({"amazon": {**line, "pages": 3, "listing id": 3, "seller id": 2,
                                     "seller name": 2, "title": 1, "price": 0},
                          "ebay": {**line, "pages": 2, "listing id": 2, "seller id": 2,
                                   "seller name": 1, "title": 2, "price": 2},
                          "wish": line})
    assert table[2:] == [
        "| amazon | 3 | 3/3 | 2/3 | 2/3 | 1/3 | 0/3 |",
        "| ebay | 2 | 2/2 | 2/2 | 1/2 | 2/2 | 2/2 |",
        "| wish | 0 | — | — | — | — | — |",
        "| **total** | **5** | **5/5** | **4/5** | **3/5** | **3/5** | **2/5** |",
    ]


def render_lines(table: dict) -> list[str]:
    return accuracy_table.render(table).splitlines()
