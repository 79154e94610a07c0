"""The database: created and seeded on first start, init-db idempotent, WAL, indexed lookups."""

import sqlite3

from backend import create_app, db
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


def test_rules_are_compiled_at_start_not_on_the_first_check(tmp_path):
    path = tmp_path / "r.db"
    db.initialize(str(path), SEED_DIR)
    app = create_app({"TESTING": True, "DATABASE": str(path), "SEED_DIR": str(SEED_DIR)})
    cache = app.extensions["radar_catalog"]
    compiled = cache._catalog
    assert compiled is not None and compiled.version >= 1
    app.test_client().get("/api/v1/check?url=https://www.rolex.com/")
    assert cache._catalog is compiled
