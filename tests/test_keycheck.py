"""flask check-keys: entries listed before key validation grew stricter."""

from backend.db import connect

BAD = [("domain", None, "co.uk"), ("domain", None, "127.0.0.1"),
       ("listing", "ebay", "abc"), ("seller", "amazon", "a0demofake0009")]


def plant(app, rows):
    """Write entries straight into the database, as an older release could have."""
    database = connect(app.config["DATABASE"])
    ids = []
    for kind, marketplace, key in rows:
        ids.append(database.execute(
            "INSERT INTO entries (kind, marketplace, key, status, evidence_level, version, "
            "created_at, updated_at) VALUES (?, ?, ?, 'counterfeit', 'pattern', 1, "
            "datetime('now'), datetime('now'))", [kind, marketplace, key]).lastrowid)
    database.conn.commit()
    database.conn.close()
    return ids


def test_check_keys_lists_exactly_the_entries_that_cannot_be_right(app, runner):
    ids = plant(app, BAD)
    result = runner.invoke(args=["check-keys"])
    assert result.exit_code == 0, result.output
    listed = [line for line in result.output.splitlines() if line.startswith("entry ")]
    assert [int(line.split(":")[0].split()[1]) for line in listed] == ids
    assert "public suffix" in listed[0] and "not canonical" in listed[3]
    assert "4 entries to look at" in result.output


def test_check_keys_delete_removes_them_audited_with_tombstones(app, runner, client, maintainer):
    ids = plant(app, BAD)
    version = client.get("/api/v1/health").get_json()["list_version"]
    result = runner.invoke(args=["check-keys", "--delete"])
    assert result.exit_code == 0, result.output
    assert "Deleted 4 entries" in result.output
    changes = client.get("/api/v1/changes", query_string={"since": version}).get_json()
    assert sorted(change["id"] for change in changes["deleted"]) == ids
    audit = client.get("/api/v1/audit", headers=maintainer).get_json()["items"]
    assert {record["target"] for record in audit[:4]} == {f"entry:{i}" for i in ids}
    assert all(record["before"]["reason"].startswith("check-keys: ") for record in audit[:4])
    again = runner.invoke(args=["check-keys"])
    assert again.output.strip() == "Every entry's key passes today's validation."
