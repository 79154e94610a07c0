"""The transparency page's reads: aggregates only, nothing about who reported what.

Each section has its own query. Disputes (reports file) and takedowns (main file) come
from other modules' tables; while a table does not exist yet, its section reads as none.
"""

from sqlite_utils import Database

# Entries without a marketplace are shop domains; entries no maintainer graded have no level.
NO_MARKETPLACE = "domains"
NO_EVIDENCE_LEVEL = "unspecified"


def _has_table(db: Database, schema: str, table: str) -> bool:
    return db.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone() is not None


def reports_received_by_day(db: Database, since: str) -> list[tuple[str, int]]:
    """(day 'YYYY-MM-DD', reports sent that day) from since (a date) on."""
    # status IN (...) names every status, so that reports_status (status, created_at)
    # serves the range on created_at as a covering index, without reading the reports.
    return db.execute(
        "SELECT substr(created_at, 1, 10) AS day, count(*) FROM reports_db.reports "
        "WHERE status IN ('pending', 'approved', 'rejected') AND created_at >= ? "
        "GROUP BY day", [since]
    ).fetchall()


def decisions_since(db: Database, since: str) -> list[tuple[str, str, float]]:
    """(day decided, 'approved'|'rejected', hours from report to decision) of every report
    decided from since (a date) on."""
    return db.execute(
        "SELECT substr(decided_at, 1, 10), status, "
        "(julianday(decided_at) - julianday(created_at)) * 24 FROM reports_db.reports "
        "INDEXED BY reports_decided WHERE decided_at >= ? "
        "AND status IN ('approved', 'rejected')", [since]
    ).fetchall()


def listed_entries(db: Database) -> list[tuple[str, str, int]]:
    """(marketplace, evidence level, count) of the entries listed as counterfeit."""
    # One pass over the entries for both breakdowns; it reads every row (no index has
    # status first), which is why transparency.py computes this once per hour at most.
    return db.execute(
        f"SELECT ifnull(marketplace, '{NO_MARKETPLACE}'), "
        f"ifnull(evidence_level, '{NO_EVIDENCE_LEVEL}'), count(*) FROM entries "
        "WHERE status = 'counterfeit' GROUP BY 1, 2"
    ).fetchall()


def disputes_by_status(db: Database) -> dict[str, int]:
    """{status: how many disputes}; empty before the disputes table exists."""
    if not _has_table(db, "reports_db", "disputes"):
        return {}
    return dict(db.execute(
        "SELECT status, count(*) FROM reports_db.disputes GROUP BY status"
    ).fetchall())


def takedowns(db: Database) -> list[tuple[str, str | None, str | None]]:
    """(reported_at, outcome, answered_at) of every takedown; none before the table exists."""
    if not _has_table(db, "main", "takedowns"):
        return []
    return db.execute(
        "SELECT reported_at, outcome, answered_at FROM takedowns"
    ).fetchall()
