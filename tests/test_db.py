"""The database: created and seeded on first start, init-db idempotent, WAL, indexed lookups."""

import os
import shutil
import sqlite3
import threading

import pytest

from backend import create_app, db
from backend.matching import catalog as catalog_module
from backend.store import entries, listmeta
from tests.conftest import SEED_DIR


def _snapshot(path):
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'listing_titles%' AND name != '_sqlite_migrations' ORDER BY name")]
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in tables}
    finally:
        connection.close()


def test_first_start_creates_and_seeds_the_database(tmp_path):
    path = tmp_path / "sub" / "radar.db"
    app = create_app({"TESTING": True, "DATABASE": str(path), "SEED_DIR": str(SEED_DIR)})
    assert path.exists()
    health = app.test_client().get("/api/v1/health").json
    assert health["status"] == "ok"
    assert health["list_version"] >= 1
    assert health["counts"]["domains"] > 3000
    assert health["counts"]["rules"] > 10


def test_database_is_in_wal_mode_with_foreign_keys(app):
    with app.app_context():
        database = db.get_db()
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_init_db_twice_changes_nothing_and_duplicates_nothing(tmp_path, runner):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "r.db"),
                      "SEED_DIR": str(SEED_DIR), "AUTO_INIT_DB": False})
    cli = app.test_cli_runner()
    first = cli.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    before = _snapshot(tmp_path / "r.db")
    second = cli.invoke(args=["init-db"])
    assert second.exit_code == 0, second.output
    assert "0 change(s)" in second.output
    assert _snapshot(tmp_path / "r.db") == before


def test_demo_entries_load_only_on_request(tmp_path):
    path = str(tmp_path / "r.db")
    db.initialize(path, SEED_DIR)
    connection = db.connect(path)
    without_demo = connection.execute(
        "SELECT count(*) FROM entries WHERE source LIKE '%demo%'").fetchone()[0]
    version = listmeta.current_version(connection)
    connection.conn.close()
    db.initialize(path, SEED_DIR, demo=True)
    connection = db.connect(path)
    with_demo = connection.execute(
        "SELECT count(*) FROM entries WHERE source LIKE '%demo%'").fetchone()[0]
    assert without_demo == 0
    assert with_demo > 0
    assert listmeta.current_version(connection) == version + 1
    connection.conn.close()


def test_every_lookup_query_uses_an_index(app):
    with app.app_context():
        database = db.get_db()
        captured = []
        database._tracer = lambda sql, params: captured.append((sql, params))
        entries.find_by_keys(database, "seller", "amazon", ["A0DEMOFAKE0001"])
        entries.find_by_keys(database, "domain", None, ["example.com", "shop.example.com"])
        entries.find_sellers_by_name(database, "ebay", "Some Seller")
        database._tracer = None
        for sql, params in captured:
            plan = " ".join(row[3] for row in database.execute(
                "EXPLAIN QUERY PLAN " + sql, params).fetchall())
            assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, (sql, plan)
            assert "SCAN entries" not in plan


def test_rules_are_compiled_at_start_not_on_the_first_check(tmp_path, monkeypatch):
    path = tmp_path / "r.db"
    db.initialize(str(path), SEED_DIR)
    builds = []
    real_build = catalog_module.build
    monkeypatch.setattr(catalog_module, "build", lambda database: builds.append(1) or real_build(database))
    app = create_app({"TESTING": True, "DATABASE": str(path), "SEED_DIR": str(SEED_DIR)})
    assert len(builds) == 1
    response = app.test_client().get("/api/v1/check?url=https://www.rolex.com/")
    assert response.status_code == 200 and response.json["list_version"] >= 1
    assert len(builds) == 1


def _app_with_probe(tmp_path, seeded_database):
    """An app over a copy of the seeded database with test-only routes added."""
    shutil.copyfile(seeded_database, tmp_path / "radar.db")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "radar.db"),
                      "SEED_DIR": str(SEED_DIR), "AUTO_INIT_DB": False,
                      "COMPILE_AT_START": False, "SUBMITTER_SECRET": "test"})
    seen = []

    @app.get("/probe/connections")
    def connections():
        seen.append((db.get_reader().conn, db.get_db().conn))
        return {}

    @app.post("/probe/fail-mid-transaction")
    def fail_mid_transaction():
        database = db.get_db()
        database.conn.execute("BEGIN IMMEDIATE")
        database.execute("UPDATE list_meta SET version = version + 100 WHERE id = 1")
        raise RuntimeError("failed mid-transaction")

    @app.post("/probe/write-through-reader")
    def write_through_reader():
        try:
            db.get_reader().execute("UPDATE list_meta SET version = version + 100 WHERE id = 1")
        except sqlite3.OperationalError as error:
            seen.append(str(error))
            raise
        return {}

    return app, seen


def test_each_thread_reuses_its_connections_across_requests(tmp_path, seeded_database):
    app, seen = _app_with_probe(tmp_path, seeded_database)
    client = app.test_client()
    client.get("/probe/connections")
    client.get("/probe/connections")
    other_thread = threading.Thread(target=lambda: app.test_client().get("/probe/connections"))
    other_thread.start()
    other_thread.join()
    (reader, writer), again, elsewhere = seen
    assert reader is not writer
    assert again == (reader, writer)
    assert elsewhere[0] is not reader and elsewhere[1] is not writer


def test_a_request_that_fails_mid_transaction_leaves_no_transaction_open(
        tmp_path, seeded_database):
    app, seen = _app_with_probe(tmp_path, seeded_database)
    client = app.test_client()
    before = client.get("/api/v1/health").json["list_version"]
    assert client.post("/probe/fail-mid-transaction").status_code == 500
    client.get("/probe/connections")
    _reader, writer = seen[0]
    assert not writer.in_transaction
    assert client.get("/api/v1/health").json["list_version"] == before
    # The write lock went with the transaction: another connection takes it at once.
    other = db.connect(str(tmp_path / "radar.db"), wait_seconds=0)
    try:
        other.conn.execute("BEGIN IMMEDIATE")
        other.conn.rollback()
    finally:
        other.conn.close()


def test_checks_read_through_a_connection_that_cannot_write(tmp_path, seeded_database):
    app, seen = _app_with_probe(tmp_path, seeded_database)
    client = app.test_client()
    before = client.get("/api/v1/health").json["list_version"]
    assert client.post("/probe/write-through-reader").status_code == 500
    assert seen == ["attempt to write a readonly database"]
    assert client.get("/api/v1/health").json["list_version"] == before


def test_a_new_file_at_the_database_path_is_opened_between_requests(tmp_path, seeded_database):
    shutil.copyfile(seeded_database, tmp_path / "old.db")
    shutil.copyfile(seeded_database, tmp_path / "new.db")
    newer = db.connect(str(tmp_path / "new.db"))
    with newer.atomic():
        version = listmeta.next_version(newer)
    newer.conn.close()
    (tmp_path / "radar.db").symlink_to("old.db")
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "radar.db"),
                      "SEED_DIR": str(SEED_DIR), "AUTO_INIT_DB": False,
                      "COMPILE_AT_START": False, "SWAP_CHECK_SECONDS": 0})
    client = app.test_client()
    assert client.get("/api/v1/health").json["list_version"] == version - 1
    (tmp_path / "radar.next").symlink_to("new.db")
    os.replace(tmp_path / "radar.next", tmp_path / "radar.db")
    assert client.get("/api/v1/health").json["list_version"] == version


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 9, 600])
def test_lookups_by_any_number_of_keys_find_each_listed_entry_once(app, count):
    with app.app_context():
        database = db.get_db()
        listed = [row[0] for row in database.execute(
            "SELECT key FROM entries WHERE kind = 'domain' ORDER BY id LIMIT ?", [count])]
        keys = [*listed, "not-listed.example", *listed[:1]]
        found = entries.find_by_keys(database, "domain", None, keys)
    assert sorted(row["key"] for row in found) == sorted(listed)
