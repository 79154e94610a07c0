"""GET /changes?since=&limit=: the paged feed replicas and clients sync from."""

import pytest

from backend.db import connect

NEW_ENTRY = {"kind": "seller", "marketplace": "ebay", "key": "knockoff-king",
             "status": "counterfeit", "name": "Knockoff King", "evidence_level": "test_purchase"}


def changes(client, since, **params):
    response = client.get("/api/v1/changes", query_string={"since": since, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def list_version(client):
    return client.get("/api/v1/health").get_json()["list_version"]


def test_walking_small_pages_gives_every_seeded_entry_once_even_inside_one_version(client):
    everything = changes(client, 0, limit=10_000)
    assert everything["more"] is False
    assert len(everything["changes"]) > 3000  # the seed: one version, thousands of entries

    seen, since, pages = [], 0, 0
    while True:
        page = changes(client, since, limit=700)
        pages += 1
        seen += [(change["op"], change["id"]) for change in page["changes"]]
        assert len(page["changes"]) <= 700
        since = page["next_since"]
        if not page["more"]:
            break
        assert isinstance(since, str)  # the seed's one version spans many pages
    assert pages == -(-len(everything["changes"]) // 700)
    assert seen == [(change["op"], change["id"]) for change in everything["changes"]]
    assert since == list_version(client)


def test_pages_list_deletions_and_upserts_in_version_order(client, maintainer):
    version = list_version(client)
    assert changes(client, version) == {
        "since": version, "list_version": version, "changes": [], "next_since": version,
        "more": False, "entries": [], "deleted": []}
    kept = client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY).get_json()
    gone = client.post("/api/v1/entries", headers=maintainer,
                       json={**NEW_ENTRY, "key": "short-lived"}).get_json()
    client.delete(f"/api/v1/entries/{gone['id']}", headers=maintainer)

    first = changes(client, version, limit=1)
    assert [(c["op"], c["id"], c["key"]) for c in first["changes"]] == [
        ("upsert", kept["id"], "knockoff-king")]
    assert first["entries"][0]["name"] == "Knockoff King" and first["deleted"] == []
    assert first["more"] is True and first["next_since"] == version + 1

    second = changes(client, first["next_since"], limit=1)
    assert [(c["op"], c["id"], c["version"]) for c in second["changes"]] == [
        ("delete", gone["id"], version + 3)]
    assert second["more"] is False and second["next_since"] == version + 3


def test_a_position_inside_a_version_resumes_after_it(client):
    first = changes(client, 0, limit=5)
    resumed = changes(client, first["next_since"], limit=5)
    both = changes(client, 0, limit=10)
    assert resumed["since"] == first["next_since"]
    assert [c["id"] for c in first["changes"] + resumed["changes"]] == [
        c["id"] for c in both["changes"]]


@pytest.mark.parametrize("params, field", [
    ({}, "since"), ({"since": "x"}, "since"), ({"since": -1}, "since"),
    ({"since": "1:x:2"}, "since"), ({"since": "99999999999999999999:d:1"}, "since"),
    ({"since": "²"}, "since"), ({"since": 0, "limit": 0}, "limit"),
    ({"since": 0, "limit": 10_001}, "limit"), ({"since": 0, "limit": "many"}, "limit"),
])
def test_bad_since_or_limit_is_400_naming_it(client, params, field):
    response = client.get("/api/v1/changes", query_string=params)
    assert response.status_code == 400
    assert f"`{field}`" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("table, index", [
    ("entries", "entries_version"), ("deleted_entries", "deleted_entries_version")])
def test_a_page_seeks_the_version_index_inside_a_version(app, table, index):
    database = connect(app.config["DATABASE"])
    try:
        plan = repr(database.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE version = 5 AND id > 9 ORDER BY id"
        ).fetchall())
    finally:
        database.conn.close()
    assert index in plan and "rowid>?" in plan and "TEMP B-TREE" not in plan
