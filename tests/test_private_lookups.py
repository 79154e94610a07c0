"""Private lookups over HTTP: the prefix set, its diffs since a version, full hashes per prefix."""

import base64
import hashlib

import pytest

from backend.db import connect


def _keys(app) -> list[str]:
    """Every entry's lookup key, read straight from the database."""
    database = connect(app.config["DATABASE"])
    try:
        rows = database.execute("SELECT kind, marketplace, key FROM entries").fetchall()
    finally:
        database.conn.close()
    return [f"domain:{key}" if kind == "domain" else f"{kind}:{market}:{key}"
            for kind, market, key in rows]


def _sha(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def _prefix_set(data: str) -> set[bytes]:
    raw = base64.b64decode(data)
    return {raw[at:at + 4] for at in range(0, len(raw), 4)}


def _checksum(prefixes: set[bytes]) -> str:
    return hashlib.sha256(b"".join(sorted(prefixes))).hexdigest()


def _full(client) -> dict:
    response = client.get("/api/v1/prefixes")
    assert response.status_code == 200
    return response.get_json()


def _add(client, maintainer, kind, key, marketplace=None, status="counterfeit", **fields):
    response = client.post("/api/v1/entries", headers=maintainer, json={
        "kind": kind, "marketplace": marketplace, "key": key, "status": status,
        "evidence_level": "test_purchase", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _delete(client, maintainer, entry_id):
    assert client.delete(f"/api/v1/entries/{entry_id}", headers=maintainer).status_code == 200


def test_the_full_set_is_the_sorted_unique_prefixes_of_the_lists_keys(app, client):
    body = _full(client)
    raw = base64.b64decode(body["prefixes"])
    expected = sorted({_sha(key)[:4] for key in _keys(app)})
    assert [raw[at:at + 4] for at in range(0, len(raw), 4)] == expected
    assert body["prefix_bytes"] == 4 and body["count"] == len(expected) > 10
    assert body["sha256"] == hashlib.sha256(raw).hexdigest()
    assert body["version"] == client.get("/api/v1/health").get_json()["list_version"]


def test_a_diff_since_a_version_turns_the_old_set_into_the_new_one(app, client, maintainer):
    old = _full(client)
    seeded = client.get("/api/v1/entries?kind=domain&limit=2",
                        headers=maintainer).get_json()["items"]
    _delete(client, maintainer, seeded[0]["id"])
    kept = _add(client, maintainer, "domain", "new-fake-shop.example")
    _add(client, maintainer, "seller", "A1FAKESELLER9", marketplace="amazon")
    # A key added and deleted again since the old version.
    _delete(client, maintainer, _add(client, maintainer, "domain", "gone-again.example")["id"])
    # A key edited: the old key must leave the set.
    renamed = _add(client, maintainer, "domain", "before-rename.example")
    assert client.patch(f"/api/v1/entries/{renamed['id']}", headers=maintainer,
                        json={"key": "after-rename.example"}).status_code == 200
    new = _full(client)

    diff = client.get(f"/api/v1/prefixes?since={old['version']}").get_json()
    assert "prefixes" not in diff and diff["version"] == new["version"]
    applied = (_prefix_set(old["prefixes"]) - _prefix_set(diff["removed"])) \
        | _prefix_set(diff["added"])
    assert applied == _prefix_set(new["prefixes"])
    assert _checksum(applied) == diff["sha256"] == new["sha256"]
    added = _prefix_set(diff["added"])
    assert _sha("domain:new-fake-shop.example")[:4] in added
    assert _sha("seller:amazon:A1FAKESELLER9")[:4] in added
    assert _sha("domain:after-rename.example")[:4] in added
    removed = _prefix_set(diff["removed"])
    assert _sha(f"domain:{seeded[0]['key']}")[:4] in removed
    assert _sha("domain:before-rename.example")[:4] in removed
    assert not added & removed and kept["key"] == "new-fake-shop.example"


def _two_domains_with_one_prefix() -> tuple[str, str]:
    """Two domains whose keys share a 4-byte prefix (a birthday search: ~80,000 hashes)."""
    seen = {}
    for number in range(10**6):
        domain = f"twin-{number}.example"
        prefix = _sha(f"domain:{domain}")[:4]
        if prefix in seen:
            return seen[prefix], domain
        seen[prefix] = domain
    raise AssertionError("no shared prefix found")


def test_a_prefix_another_key_still_has_is_not_removed(client, maintainer):
    first, second = _two_domains_with_one_prefix()
    shared = _sha(f"domain:{first}")[:4]
    _add(client, maintainer, "domain", first)
    entry = _add(client, maintainer, "domain", second)
    old = _full(client)
    _delete(client, maintainer, entry["id"])
    diff = client.get(f"/api/v1/prefixes?since={old['version']}").get_json()
    assert shared not in _prefix_set(diff["removed"])
    assert shared in _prefix_set(_full(client)["prefixes"])
    assert diff["sha256"] == old["sha256"] and diff["version"] > old["version"]
    # Both gone: now the prefix leaves the set.
    hashes = client.get(f"/api/v1/hashes/{shared.hex()}").get_json()["matches"]
    assert [match["hash"] for match in hashes] == [_sha(f"domain:{first}").hex()]


def test_since_the_current_version_is_an_empty_diff_and_since_a_future_one_the_full_set(client):
    full = _full(client)
    same = client.get(f"/api/v1/prefixes?since={full['version']}").get_json()
    assert same["added"] == same["removed"] == "" and same["sha256"] == full["sha256"]
    future = client.get(f"/api/v1/prefixes?since={full['version'] + 5}").get_json()
    assert future == full


def test_since_a_version_before_most_of_the_list_gives_the_full_set(client):
    # At version 0 every entry is a change: a diff would be bigger than the set.
    assert client.get("/api/v1/prefixes?since=0").get_json() == _full(client)


def test_hashes_return_the_listed_entry_with_the_reasons_check_gives(client, maintainer):
    _add(client, maintainer, "domain", "listed-fake-shop.example", name="Listed Fake Shop")
    digest = _sha("domain:listed-fake-shop.example")
    response = client.get(f"/api/v1/hashes/{digest[:4].hex()}")
    assert response.status_code == 200
    body = response.get_json()
    match = next(item for item in body["matches"] if item["hash"] == digest.hex())
    assert match["kind"] == "domain" and match["marketplace"] is None
    assert match["status"] == "counterfeit"
    checked = client.get("/api/v1/check?url=https://listed-fake-shop.example/p/1").get_json()
    listed = [reason for reason in checked["reasons"] if reason["code"] == "listed_domain"]
    assert match["reasons"] == listed and listed
    assert body["cache_seconds"] > 0


def test_hashes_of_a_marketplace_seller_carry_its_marketplace(client, maintainer):
    _add(client, maintainer, "seller", "A2AUTHORIZED7", marketplace="amazon",
         status="authorized", brand="Rolex")
    digest = _sha("seller:amazon:A2AUTHORIZED7")
    body = client.get(f"/api/v1/hashes/{digest[:4].hex().upper()}").get_json()
    match = next(item for item in body["matches"] if item["hash"] == digest.hex())
    assert (match["kind"], match["marketplace"], match["status"]) == (
        "seller", "amazon", "authorized")
    assert [reason["code"] for reason in match["reasons"]] == ["authorized_seller"]


def test_a_key_that_is_not_listed_finds_nothing(app, client):
    listed = {_sha(key)[:4] for key in _keys(app)}
    key = next(f"domain:unlisted-{n}.example" for n in range(100)
               if _sha(f"domain:unlisted-{n}.example")[:4] not in listed)
    body = client.get(f"/api/v1/hashes/{_sha(key)[:4].hex()}").get_json()
    assert body["matches"] == []


@pytest.mark.parametrize("prefix", ["abc", "abcdef012", "zzzzzzzz", "12345678%20", "-1234567"])
def test_a_bad_prefix_is_400_in_the_error_shape(client, prefix):
    response = client.get(f"/api/v1/hashes/{prefix}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] and "8 hexadecimal" in \
        response.get_json()["error"]["message"]


@pytest.mark.parametrize("since", ["-1", "abc", "1.5"])
def test_a_bad_since_is_400_naming_it(client, since):
    response = client.get(f"/api/v1/prefixes?since={since}")
    assert response.status_code == 400 and "`since`" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("query", ["", "?since=1"])
def test_an_unchanged_set_answers_304_to_its_etag(client, maintainer, query):
    first = client.get(f"/api/v1/prefixes{query}")
    assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
    again = client.get(f"/api/v1/prefixes{query}",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    _add(client, maintainer, "domain", "changed-list.example")
    changed = client.get(f"/api/v1/prefixes{query}",
                         headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize("path", ["/api/v1/prefixes", "/api/v1/prefixes?since=1",
                                  "/api/v1/hashes/0a1b2c3d"])
def test_both_routes_answer_any_web_origin(client, path):
    response = client.get(path, headers={"Origin": "https://any-shop.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://any-shop.example")
    preflight = client.options(path, headers={
        "Origin": "https://any-shop.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code in (200, 204)
    assert preflight.headers.get("Access-Control-Allow-Origin")


@pytest.mark.parametrize("sql, index", [
    ("SELECT id FROM entries WHERE key_prefix(kind, marketplace, key) = 7", "entries_key_prefix"),
    ("SELECT key_prefix(kind, marketplace, key) FROM entries "
     "ORDER BY key_prefix(kind, marketplace, key)", "entries_key_prefix"),
    ("SELECT key_prefix(kind, marketplace, key) FROM entries WHERE "
     "key_prefix(kind, marketplace, key) IN (1, 2) AND version <= 3", "entries_key_prefix"),
    ("SELECT key_prefix(kind, marketplace, key) FROM entries WHERE version > 3",
     "entries_version"),
    ("SELECT kind, marketplace, key FROM deleted_entries WHERE version > 3",
     "deleted_entries_version"),
    ("SELECT kind, marketplace, key FROM replaced_keys WHERE version > 3",
     "replaced_keys_version"),
])
def test_the_lookups_queries_use_indexes(app, sql, index):
    database = connect(app.config["DATABASE"])
    try:
        plan = repr(database.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
    finally:
        database.conn.close()
    assert index in plan and "TEMP B-TREE" not in plan, plan


def test_the_openapi_document_describes_both_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/prefixes" in paths and "/api/v1/hashes/{prefix}" in paths
