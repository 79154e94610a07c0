"""flask backup / restore: the whole state, copied online while writes go on, put back."""

import json
import sqlite3
import threading

from backend import create_app
from backend.db import connect
from tests.conftest import SEED_DIR, from_address


def table_rows(path, table):
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        connection.close()


def fresh_app(folder):
    return create_app({
        "TESTING": True, "DATABASE": str(folder / "radar.db"), "SEED_DIR": str(SEED_DIR),
        "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
        "SUBMITTER_SECRET": "test-submitter-secret",
    })


def test_backup_while_reports_pour_in_then_restore_into_a_fresh_app(
        app, client, runner, admin, tmp_path):
    brand = client.post("/api/v1/brands", headers=admin, json={
        "name": "Zorblax", "aliases": ["Zorb"], "domains": ["zorblax.com"]}).get_json()
    rule = client.post("/api/v1/rules", headers=admin, json={
        "kind": "replica_phrase", "name": "zorb-clone", "pattern": "zorb clone"}).get_json()
    entry = client.post("/api/v1/entries", headers=admin, json={
        "kind": "domain", "key": "zorblax-outlet.com", "status": "counterfeit",
        "evidence_level": "test_purchase"}).get_json()
    before = client.post("/api/v1/reports", json={
        "url": "https://www.ebay.com/usr/before-backup", "reason": "counterfeit"},
        **from_address("203.0.113.9")).get_json()

    stop, posted = threading.Event(), []

    def keep_reporting():
        writer = app.test_client()
        while not stop.is_set() and len(posted) < 500:
            number = len(posted)
            response = writer.post("/api/v1/reports", json={
                "url": f"https://www.ebay.com/usr/during-{number}", "reason": "counterfeit"},
                **from_address(f"10.{number // 250}.{number % 250}.1"))
            posted.append(response.status_code)

    thread = threading.Thread(target=keep_reporting)
    thread.start()
    try:
        destination = tmp_path / "backups" / "today"
        result = runner.invoke(args=["backup", str(destination)])
    finally:
        stop.set()
        thread.join(30)
    assert result.exit_code == 0, result.output
    assert str(destination) in result.output
    assert posted and set(posted) == {201}
    manifest = json.loads((destination / "backup.json").read_text())
    assert sorted(path.name for path in destination.iterdir()) == [
        "backup.json", "radar-reports.db", "radar.db"]

    restored = fresh_app(tmp_path / "restored")
    outcome = restored.test_cli_runner().invoke(args=["restore", str(destination), "--yes"])
    assert outcome.exit_code == 0, outcome.output
    other = restored.test_client()
    assert other.get(f"/api/v1/brands/{brand['id']}", headers=admin).get_json()["name"] == \
        "Zorblax"
    assert other.get(f"/api/v1/rules/{rule['id']}", headers=admin).status_code == 200
    assert other.get(f"/api/v1/entries/{entry['id']}", headers=admin).get_json()["key"] == \
        "zorblax-outlet.com"  # and the admin's token works: tokens came back too
    assert other.get(f"/api/v1/reports/{before['id']}").get_json()["status"] == "pending"
    restored_reports = table_rows(restored.config["REPORTS_DATABASE"], "reports")
    assert len(restored_reports) == manifest["counts"]["reports"] >= 1
    for table in ("entries", "brands", "rules", "price_floors", "tokens", "audit"):
        assert len(table_rows(restored.config["DATABASE"], table)) == \
            manifest["counts"][table] > 0, table
    for path in (restored.config["DATABASE"], restored.config["REPORTS_DATABASE"]):
        database = connect(path)
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        database.conn.close()
    health = other.get("/api/v1/health").get_json()
    assert health["list_version"] == manifest["list_version"] + 1


def test_restore_over_a_live_database_replaces_it_and_moves_the_version_on(
        app, client, runner, admin, tmp_path):
    assert runner.invoke(args=["backup", str(tmp_path / "b")]).exit_code == 0
    version = client.get("/api/v1/health").get_json()["list_version"]
    client.post("/api/v1/entries", headers=admin, json={
        "kind": "domain", "key": "after-backup.com", "status": "counterfeit",
        "evidence_level": "test_purchase"})
    result = runner.invoke(args=["restore", str(tmp_path / "b"), "--yes"])
    assert result.exit_code == 0, result.output
    entries = client.get("/api/v1/entries?q=after-backup", headers=admin).get_json()["items"]
    assert entries == []
    assert client.get("/api/v1/health").get_json()["list_version"] > version + 1


def test_restore_refuses_what_is_not_a_whole_backup_in_one_line(runner, tmp_path):
    assert runner.invoke(args=["backup", str(tmp_path / "good")]).exit_code == 0
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "radar.db").write_bytes((tmp_path / "good" / "radar.db").read_bytes())
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "radar.db").write_bytes(b"not a database at all" * 100)
    (tmp_path / "junk" / "radar-reports.db").write_bytes(b"x" * 100)
    for folder, words in (("missing", "not a folder"), ("half", "no radar-reports.db"),
                          ("junk", "not a readable SQLite database")):
        result = runner.invoke(args=["restore", str(tmp_path / folder), "--yes"])
        assert result.exit_code == 1, result.output
        assert words in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_restore_asks_before_replacing_unless_told_yes(runner, tmp_path):
    assert runner.invoke(args=["backup", str(tmp_path / "b")]).exit_code == 0
    declined = runner.invoke(args=["restore", str(tmp_path / "b")], input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
