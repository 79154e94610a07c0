"""Retention: the submitter hashes of reports decided long ago are dropped, and nothing else."""

import sqlite3

from backend import create_app
from tests.conftest import from_address


def _report(client, url, address="198.51.100.7"):
    response = client.post("/api/v1/reports", json={"url": url, "reason": "counterfeit"},
                           **from_address(address))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _decide(client, maintainer, report_id, decision="approve"):
    response = client.post(f"/api/v1/reports/{report_id}/decision", headers=maintainer,
                           json={"decision": decision, "note": "checked"})
    assert response.status_code == 200, response.get_json()


def _backdate(app, report_id, days):
    with sqlite3.connect(app.config["REPORTS_DATABASE"]) as connection:
        connection.execute(
            "UPDATE reports SET decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?) "
            "WHERE id = ?", [f"-{days} days", report_id])
    connection.close()


def _who(app) -> dict:
    with sqlite3.connect(app.config["REPORTS_DATABASE"]) as connection:
        rows = connection.execute("SELECT id, submitter, network, status FROM reports").fetchall()
    connection.close()
    return {row[0]: row[1:] for row in rows}


def _three_reports(app, client, maintainer) -> tuple[str, str, str]:
    """An old decided report, a recently decided one and a pending one."""
    old = _report(client, "https://www.ebay.com/usr/oldfaker1")
    recent = _report(client, "https://www.ebay.com/usr/recentfaker2")
    pending = _report(client, "https://www.ebay.com/usr/pendingfaker3")
    _decide(client, maintainer, old)
    _decide(client, maintainer, recent, "reject")
    _backdate(app, old, 91)
    _backdate(app, recent, 89)
    return old, recent, pending


def test_purge_reports_drops_only_submitters_decided_beyond_the_retention(
        app, client, runner, maintainer):
    old, recent, pending = _three_reports(app, client, maintainer)
    before = _who(app)
    result = runner.invoke(args=["purge-reports"])
    assert result.exit_code == 0, result.output
    assert "Dropped the submitter of 1 report(s) decided more than 90 day(s) ago." in result.output
    after = _who(app)
    assert after[old][0] == f"dropped:{old}" and after[old][1] == "dropped"
    assert after[old][0] != before[old][0] and after[old][2] == "approved"
    assert after[recent] == before[recent] and after[pending] == before[pending]
    # The report itself stays readable, decided as it was.
    assert client.get(f"/api/v1/reports/{old}").get_json()["status"] == "approved"
    again = runner.invoke(args=["purge-reports"])
    assert "Dropped the submitter of 0 report(s)" in again.output


def test_purge_reports_takes_its_days_from_the_option(app, client, runner, maintainer):
    old, recent, _pending = _three_reports(app, client, maintainer)
    result = runner.invoke(args=["purge-reports", "--days", "30"])
    assert "of 2 report(s) decided more than 30 day(s) ago" in result.output
    after = _who(app)
    assert after[old][0] == f"dropped:{old}" and after[recent][0] == f"dropped:{recent}"
    assert runner.invoke(args=["purge-reports", "--days", "-1"]).exit_code == 2


def test_starting_the_app_drops_expired_submitters_as_configured(app, client, maintainer):
    old, recent, pending = _three_reports(app, client, maintainer)
    before = _who(app)
    create_app({**app.config, "REPORT_SUBMITTER_RETENTION_DAYS": 100})
    assert _who(app) == before
    create_app({**app.config, "REPORT_SUBMITTER_RETENTION_DAYS": 90})
    after = _who(app)
    assert after[old][0] == f"dropped:{old}"
    assert after[recent] == before[recent] and after[pending] == before[pending]


def test_a_dropped_submitter_may_report_the_same_target_again_and_has_no_track_record(
        app, client, runner, maintainer):
    url = "https://www.ebay.com/usr/repeatfaker4"
    first = _report(client, url)
    _decide(client, maintainer, first)
    _backdate(app, first, 200)
    assert runner.invoke(args=["purge-reports"]).exit_code == 0
    # The same address is a new submitter now: a second report about the target is stored.
    second = _report(client, url)
    assert second != first
    # No track record: a pending report from that address stays `low`.
    for address in ("198.51.100.7", "203.0.113.8", "192.0.2.9"):
        _report(client, "https://www.ebay.com/usr/nexttarget5", address)
    reasons = client.get("/api/v1/check",
                         query_string={"url": "https://www.ebay.com/usr/nexttarget5"}).get_json()
    reported = [reason for reason in reasons["reasons"] if reason["code"] == "reported"]
    assert [reason["severity"] for reason in reported] == ["low"]


def test_purge_reports_without_a_database_is_one_clear_line(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "none.db"),
                      "AUTO_INIT_DB": False, "COMPILE_AT_START": False,
                      "SUBMITTER_SECRET": "x"})
    result = app.test_cli_runner().invoke(args=["purge-reports"])
    assert result.exit_code == 1 and "init-db" in result.output
