"""Relisted listings: near-duplicate titles found through the MinHash band table.

A maintainer lists counterfeit listings over the API; checks of other listings with
edited titles must (or must not) get relisted_listing. Each case is also checked
against near_identical, the confirmation the band search feeds: the bands must find
what it accepts, and nothing it rejects may be flagged.
"""

import pytest

from backend import db as database
from backend.matching import signatures
from backend.matching.rules import near_identical
from backend.store import entries

LISTED = {
    "400000000001": "Omega Seamaster Diver 300M Blue Dial Automatic Mens Watch",
    "400000000002": "Casio new men black watch A168WA digital steel",
    "400000000003": "Rolex new men black watch Submariner Date 116610LN ceramic",
    "400000000004": "Nike Air Max 90 mens running shoes white black size 10",
}

FOUND = [
    # word changed
    ("400000000001", "Omega Seamaster Diver 300M Black Dial Automatic Mens Watch"),
    # word added
    ("400000000001", "Omega Seamaster Diver 300M Blue Dial Automatic Mens Watch Sale"),
    # word dropped
    ("400000000004", "Nike Air Max 90 mens running shoes white black"),
    # reordered
    ("400000000001", "Mens Watch Automatic Blue Dial Omega Seamaster Diver 300M"),
    # typos
    ("400000000001", "Omega Seamastr Diver 300M Blue Dial Automatic Mens Watch"),
    ("400000000001", "Omega Seamaster Divr 300M Blue Dail Automatic Mens Watch"),
    ("400000000003", "Rolex new men black watch Submariner Date 116610LN ceramik"),
    # case, accents, full-width letters, punctuation
    ("400000000001", "OMÉGA SEAMASTER DIVER 300M BLUE DIAL AUTOMATIC MENS WATCH"),
    ("400000000002", "Ｃａｓｉｏ new men black watch A168WA digital steel!!"),
    ("400000000004", "nike air-max 90, Mens Running Shoes (White/Black) Size 10"),
]

NOT_FOUND = [
    # same brand and common words, another model
    "Casio new men black watch F91W resin strap",
    "Casio new men black watch G-Shock GA2100 carbon",
    "Rolex new men black watch Daytona Cosmograph 116500LN panda",
    "Omega Speedmaster Moonwatch Professional Black Dial Manual Mens Watch",
    "Nike Air Force 1 womens basketball shoes white pink size 7",
    # too short to say anything
    "Omega Seamaster watch",
]


@pytest.fixture
def listed(client, maintainer):
    """The LISTED titles as counterfeit eBay listings, created by a maintainer."""
    ids = {}
    for key, title in LISTED.items():
        response = client.post("/api/v1/entries", headers=maintainer, json={
            "kind": "listing", "marketplace": "ebay", "key": key, "status": "counterfeit",
            "title": title, "evidence_level": "test_purchase"})
        assert response.status_code == 201, response.get_data(as_text=True)
        ids[key] = response.get_json()["id"]
    return ids


def _relisted(client, title, url="https://www.ebay.com/itm/555555555555"):
    response = client.post("/api/v1/check", json={"url": url, "title": title})
    assert response.status_code == 200, response.get_data(as_text=True)
    return [reason for reason in response.get_json()["reasons"]
            if reason["code"] == "relisted_listing"]


@pytest.mark.parametrize("key, title", FOUND)
def test_near_duplicate_titles_are_found(client, listed, key, title):
    assert near_identical(title, LISTED[key])
    found = _relisted(client, title)
    assert len(found) == 1 and f"listing {key}" in found[0]["message"]


@pytest.mark.parametrize("title", NOT_FOUND)
def test_distinct_products_sharing_words_are_not_found(client, listed, title):
    assert not any(near_identical(title, other) for other in LISTED.values())
    assert _relisted(client, title) == []


def test_only_the_same_marketplace_and_another_listing_count(client, listed):
    title = LISTED["400000000001"]
    assert _relisted(client, title, "https://www.amazon.com/dp/B0ABCDEFGH") == []
    assert _relisted(client, title, "https://www.ebay.com/itm/400000000001") == []


def test_bands_follow_curation(client, listed, maintainer):
    """An edited title is found by its new words only; authorized or deleted, never."""
    entry_id = listed["400000000001"]
    new_title = "Tudor Black Bay Fifty-Eight Navy Blue Automatic Mens Watch"
    edited = client.patch(f"/api/v1/entries/{entry_id}", headers=maintainer,
                          json={"title": new_title})
    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert _relisted(client, LISTED["400000000001"]) == []
    assert _relisted(client, new_title + " sale")
    assert client.patch(f"/api/v1/entries/{entry_id}", headers=maintainer,
                        json={"status": "authorized"}).status_code == 200
    assert _relisted(client, new_title + " sale") == []
    casio = listed["400000000002"]
    assert client.delete(f"/api/v1/entries/{casio}", headers=maintainer).status_code in (200, 204)
    assert _relisted(client, LISTED["400000000002"]) == []


def test_band_table_holds_exactly_the_listed_titles_bands(app, listed, client, maintainer):
    client.patch(f"/api/v1/entries/{listed['400000000003']}", headers=maintainer,
                 json={"title": "Rolex Submariner 126610LN new"})
    client.delete(f"/api/v1/entries/{listed['400000000004']}", headers=maintainer)
    with app.app_context():
        db = database.get_db()
        stored = set(db.execute("SELECT band_key, entry_id FROM listing_bands").fetchall())
        ids, keys = signatures.band_rows(db.execute(
            "SELECT id, marketplace, title FROM entries WHERE kind = 'listing' "
            "AND status = 'counterfeit' AND title IS NOT NULL").fetchall())
    assert stored == set(zip(keys.ravel().tolist(), ids.repeat(signatures.BANDS).tolist()))
    assert listed["400000000004"] not in {entry_id for _key, entry_id in stored}


def test_each_band_is_one_bounded_index_probe(app, listed):
    with app.app_context():
        db = database.get_db()
        keys = signatures.band_keys("ebay", LISTED["400000000001"])
        parameters = [value for key in keys for value in (key, entries.PER_BAND)]
        plan = [row[-1] for row in db.execute(
            "EXPLAIN QUERY PLAN " + entries._probes_sql(len(keys)), parameters).fetchall()]
        fetch = [row[-1] for row in db.execute(
            "EXPLAIN QUERY PLAN " + entries._CANDIDATES_SQL,
            list(range(entries.CANDIDATES))).fetchall()]
    probes = [step for step in plan if "listing_bands" in step]
    assert len(probes) == signatures.BANDS
    assert all("SEARCH listing_bands USING PRIMARY KEY (band_key=?)" in step for step in probes)
    assert not any(step.startswith(("SCAN entries", "SCAN listing_bands"))
                   for step in plan + fetch)
    assert any("SEARCH entries USING INTEGER PRIMARY KEY" in step for step in fetch)


def test_a_title_listed_a_thousand_times_reads_a_bounded_number_of_rows(
        app, client, runner, tmp_path):
    title = "Generic new men black watch quartz steel gift"
    rows = [f"listing,ebay,{700000000000 + number},counterfeit,,{title},,,,,"
            for number in range(1000)]
    path = tmp_path / "many.csv"
    path.write_text("kind,marketplace,key,status,name,title,brand,evidence_url,note,source,"
                    "evidence_level\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    with app.app_context():
        found = entries.find_listings_by_bands(
            database.get_db(), "ebay", signatures.band_keys("ebay", title), [])
    assert 0 < len(found) <= entries.CANDIDATES
    assert _relisted(client, title + " sale")


def test_titles_too_short_have_no_bands():
    assert signatures.band_keys("ebay", "Omega Seamaster watch") == []
    assert signatures.band_keys(None, LISTED["400000000001"]) == []
    assert len(signatures.band_keys("ebay", LISTED["400000000001"])) == signatures.BANDS
    # Stored keys must not depend on the process or the release: fixed constants, no
    # salted hash(). Changing them needs a migration that rebuilds listing_bands.
    assert signatures.band_keys("ebay", "alpha beta gamma delta")[:2] == \
        [4155184415748, 22120549332925]
    assert signatures.band_keys("ebay", "alpha beta gamma delta")[0] == \
        signatures.band_keys("ebay", "delta gamma beta alpha")[0]
    assert signatures.band_keys("ebay", "alpha beta gamma delta") != \
        signatures.band_keys("etsy", "alpha beta gamma delta")


def test_a_check_probes_the_keys_the_import_stores():
    """One title's keys (a check) equal the same title's keys computed in a batch (bulk)."""
    titles = [*LISTED.values(), *(title for _key, title in FOUND), *NOT_FOUND[:-1]]
    rows = [(number, ("ebay", "etsy", "amazon")[number % 3], title)
            for number, title in enumerate(titles)]
    ids, keys = signatures.band_rows(rows)
    assert len(ids) == len(titles)
    for entry_id, row_keys in zip(ids.tolist(), keys.tolist()):
        _number, marketplace, title = rows[entry_id]
        assert signatures.band_keys(marketplace, title) == row_keys
