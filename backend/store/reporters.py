"""Reporters' track records, as the console shows them beside each report."""

from sqlite_utils import Database


def track_records(db: Database, report_ids: list[str]) -> dict[str, dict]:
    """For each report, its submitter's reports by status (this one included):
    {report_id: {"approved": n, "rejected": n, "pending": n, "credited": n}}.

    The report by its primary key, the submitter's others by reports_submitter_status.
    """
    if not report_ids:
        return {}
    marks = ", ".join("?" for _ in report_ids)
    rows = db.query(
        "SELECT report.id AS id, sum(other.status = 'approved') AS approved, "
        "sum(other.status = 'rejected') AS rejected, sum(other.status = 'pending') AS pending, "
        "sum(other.credited) AS credited FROM reports_db.reports AS report "
        "JOIN reports_db.reports AS other ON other.submitter = report.submitter "
        f"WHERE report.id IN ({marks}) GROUP BY report.id", list(report_ids))
    return {row.pop("id"): row for row in rows}


def about(db: Database, kind: str, marketplace: str | None, key: str,
          limit: int = 200) -> list[dict]:
    """Reports of any status about one target, newest first (reports_target)."""
    return list(db.query(
        "SELECT id, url, reason, details, title, seller_name, status, created_at, "
        "decided_at, decided_by, note, public_note FROM reports_db.reports "
        "INDEXED BY reports_target WHERE target_kind = ? AND target_marketplace IS ? "
        "AND target_key = ? ORDER BY created_at DESC LIMIT ?", [kind, marketplace, key, limit]))
