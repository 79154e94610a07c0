"""Under contention: while an import holds the main file's write lock, reports are still
taken (they have their own file), reads and checks answer, and writes that must wait
answer 503 with Retry-After; nothing answers 500 (docs/bulk.md)."""

import sqlite3
import threading
import time

import pytest

from backend import bulk, db
from backend.listfile import FIELDS
from tests.conftest import from_address

SELLER_URL = "https://www.ebay.com/usr/ContendedSeller"
NEW_ENTRY = {"kind": "seller", "marketplace": "ebay", "key": "during-import",
             "status": "counterfeit", "evidence_level": "test_purchase",
             "evidence_url": "https://example.org/receipt"}


def report(client, url, address):
    return client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit"},
                       **from_address(address))


def main_is_locked(path) -> bool:
    probe = sqlite3.connect(path, timeout=0)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


@pytest.fixture
def held_import(app):
    """A real `import` (bulk.import_list) paused halfway, holding the main write lock."""
    app.config["WRITE_WAIT_SECONDS"] = 0.2
    release, outcome = threading.Event(), {}

    def rows():
        yield ",".join(FIELDS)
        for number in range(1000):
            if number == 500:
                release.wait(30)
            yield f"listing,ebay,{100000000000 + number},counterfeit,,,,,,,test_purchase"

    def run():
        connection = db.connect(app.config["DATABASE"])
        try:
            outcome["summary"] = bulk.import_list(connection, rows(), "csv", method="merge", reports=None)
        finally:
            connection.conn.close()

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while not main_is_locked(app.config["DATABASE"]):
        assert time.monotonic() < deadline, "the import never took the write lock"
        time.sleep(0.01)
    yield outcome
    release.set()
    thread.join(30)
    assert outcome["summary"]["added"] == 1000


def test_during_an_import_reports_are_taken_and_kept(app, client, held_import):
    ids = []
    for number in range(5):
        response = report(client, f"https://www.ebay.com/usr/seller-{number}",
                          f"198.51.{number}.7")
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    assert all(client.get(f"/api/v1/reports/{i}").status_code == 200 for i in ids)
    assert main_is_locked(app.config["DATABASE"])  # all of it while the import held on


def test_during_an_import_reads_answer_and_waiting_writes_get_503(
        app, client, maintainer, held_import):
    report_id = report(client, SELLER_URL, "203.0.113.5").get_json()["id"]
    statuses = {}
    for name, response in {
        "queue": client.get("/api/v1/review/queue", headers=maintainer),
        "entries": client.get("/api/v1/entries?limit=5", headers=maintainer),
        "audit": client.get("/api/v1/audit", headers=maintainer),
        "check_get": client.get("/api/v1/check", query_string={"url": SELLER_URL}),
        "check_post": client.post("/api/v1/check", json={"url": SELLER_URL}),
        "health": client.get("/api/v1/health"),
        "changes": client.get("/api/v1/changes?since=0&limit=10"),
    }.items():
        statuses[name] = response.status_code
    assert set(statuses.values()) == {200}, statuses

    for response in (
        client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                    json={"decision": "approve"}),
        client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY),
    ):
        assert response.status_code == 503
        assert response.headers["Retry-After"].isdigit()
        assert response.get_json()["error"]["code"] == "busy"
    assert client.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "pending"


def test_a_decision_refused_during_an_import_succeeds_after_it(app, client, maintainer):
    report_id = report(client, SELLER_URL, "203.0.113.5").get_json()["id"]
    app.config["WRITE_WAIT_SECONDS"] = 0.2
    holder = sqlite3.connect(app.config["DATABASE"])
    holder.execute("BEGIN IMMEDIATE")
    try:
        busy = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": "approve"})
        assert busy.status_code == 503
    finally:
        holder.rollback()
        holder.close()
    decided = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                          json={"decision": "approve"})
    assert decided.status_code == 200
    assert decided.get_json()["entry"]["key"] == "contendedseller"


def test_the_import_command_does_not_lock_the_reports_file(app, held_import):
    reports_only = sqlite3.connect(app.config["REPORTS_DATABASE"], timeout=0)
    try:
        reports_only.execute("BEGIN IMMEDIATE")  # raises if the import held it
        reports_only.rollback()
    finally:
        reports_only.close()


def last_used(app, name):
    connection = db.connect(app.config["DATABASE"])
    try:
        return connection.execute(
            "SELECT last_used_at FROM tokens WHERE name = ?", [name]).fetchone()[0]
    finally:
        connection.conn.close()


def test_authenticated_reads_write_nothing_and_writes_note_the_tokens_use(
        app, client, maintainer):
    assert client.get("/api/v1/review/queue", headers=maintainer).status_code == 200
    assert client.get("/api/v1/entries", headers=maintainer).status_code == 200
    assert last_used(app, "mia") is None
    assert client.post("/api/v1/entries", headers=maintainer, json=NEW_ENTRY).status_code == 201
    assert last_used(app, "mia") is not None


def test_busy_errors_are_503_in_the_error_shape_and_other_database_errors_stay_500(app):
    @app.get("/api/v1/test-busy")
    def busy():
        raise sqlite3.OperationalError("database is locked")

    @app.get("/api/v1/test-broken")
    def broken():
        raise sqlite3.OperationalError("no such table: nowhere")

    client = app.test_client()
    response = client.get("/api/v1/test-busy")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["error"]["code"] == "busy"
    assert client.get("/api/v1/test-broken").status_code == 500


def test_purging_old_submitters_does_not_wait_for_an_import(app, client, held_import):
    from backend.retention import drop_old_submitters

    response = report(client, SELLER_URL, "203.0.113.77")
    assert response.status_code == 201
    with sqlite3.connect(app.config["REPORTS_DATABASE"]) as reports_file:
        reports_file.execute("UPDATE reports SET status = 'rejected', "
                             "decided_at = '2000-01-01T00:00:00Z'")
    reports_file.close()
    # It writes the reports file alone: a transaction that locked the main file too
    # would wait behind the import and fail as busy.
    assert drop_old_submitters(app.config["DATABASE"], app.config["REPORTS_DATABASE"], 90) == 1
    assert main_is_locked(app.config["DATABASE"])
