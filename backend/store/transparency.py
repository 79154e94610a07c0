"""The transparency page's reads: aggregates only, nothing about who reported what.

Each section has its own query. Disputes (reports file) and takedowns (main file) come
from other modules' tables; while a table does not exist yet, its section reads as none.
"""

from sqlite_utils import Database

# Entries without a marketplace are shop domains; entries no maintainer graded have no level.
NO_MARKETPLACE = "domains"
NO_EVIDENCE_LEVEL = "unspecified"
# What entry_counts groups by: the same values its triggers write (schema m010).
_COUNT_GROUP = (f"ifnull(marketplace, '{NO_MARKETPLACE}'), "
                f"ifnull(evidence_level, '{NO_EVIDENCE_LEVEL}')")

# The triggers that keep entry_counts (schema m010); a bulk rebuild drops them and keeps
# the counts itself (store/bulk.py).
ENTRY_COUNTS_TRIGGERS = ("entry_counts_insert", "entry_counts_delete", "entry_counts_update")


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
    """(marketplace, evidence level, count) of the entries listed as counterfeit, read from
    entry_counts (a few dozen rows), in (marketplace, evidence level) order."""
    # entry_counts is kept by triggers on entries (schema m010) and by store/bulk.py
    # while a rebuild has them dropped; rows that fell to 0 stay, and are not read.
    if not _has_table(db, "main", "entry_counts"):
        # A read-only copy made before m010 (nobody migrates those: db.py): count.
        return counted_entries(db)
    return db.execute(
        "SELECT marketplace, evidence_level, listed FROM entry_counts WHERE listed > 0 "
        "ORDER BY marketplace, evidence_level"
    ).fetchall()


def counted_entries(db: Database) -> list[tuple[str, str, int]]:
    """listed_entries() counted from the entries themselves: a read of every entry."""
    return db.execute(
        f"SELECT {_COUNT_GROUP}, count(*) FROM entries WHERE status = 'counterfeit' "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()


def add_to_entry_counts(db: Database, rows_sql: str, parameters=(), sign: int = 1):
    """Add (sign 1) or take away (sign -1) the counterfeit rows among rows_sql's (a SELECT
    of marketplace, evidence_level and status) to entry_counts, in the open transaction."""
    db.execute(
        f"INSERT INTO entry_counts (marketplace, evidence_level, listed) "
        f"SELECT {_COUNT_GROUP}, ? * count(*) FROM ({rows_sql}) WHERE status = 'counterfeit' "
        "GROUP BY 1, 2 ON CONFLICT DO UPDATE SET listed = listed + excluded.listed",
        [sign, *parameters],
    )


def add_tally(db: Database, tally):
    """Add {(marketplace, evidence level) as stored in entries (None for none): how many
    counterfeit entries} to entry_counts, in the open transaction."""
    db.conn.executemany(
        "INSERT INTO entry_counts (marketplace, evidence_level, listed) "
        f"VALUES (ifnull(?, '{NO_MARKETPLACE}'), ifnull(?, '{NO_EVIDENCE_LEVEL}'), ?) "
        "ON CONFLICT DO UPDATE SET listed = listed + excluded.listed",
        [(marketplace, level, count) for (marketplace, level), count in tally.items()])


def disputes_by_status(db: Database) -> dict[str, int]:
    """{status: how many disputes}; empty before the disputes table exists."""
    if not _has_table(db, "reports_db", "disputes"):
        return {}
    return dict(db.execute(
        "SELECT status, count(*) FROM reports_db.disputes GROUP BY status"
    ).fetchall())


def takedown_counts(db: Database, old_enough_on: str, within_days: int) -> dict[str, int]:
    """Counts of the takedowns: reported, removed, refused, no_answer; old_enough (reported
    on or before the day old_enough_on) and, of those, still_for_sale (not removed within
    within_days days of the request). All zero before the takedowns table exists."""
    names = ("reported", "removed", "refused", "no_answer", "old_enough", "still_for_sale")
    if not _has_table(db, "main", "takedowns"):
        return dict.fromkeys(names, 0)
    # One pass in SQL: the figures are sums over every request ever recorded. Days are
    # compared as 'YYYY-MM-DD' text (the first ten characters of either stamp).
    row = db.execute(
        "SELECT count(*), total(outcome = 'removed'), total(outcome = 'refused'), "
        "total(outcome = 'no_answer'), total(old_enough), total(old_enough AND NOT ifnull("
        "  outcome = 'removed' AND answered_at IS NOT NULL AND days <= ?, 0)) "
        "FROM (SELECT outcome, answered_at, substr(reported_at, 1, 10) <= ? AS old_enough, "
        "  julianday(substr(answered_at, 1, 10)) - julianday(substr(reported_at, 1, 10)) "
        "  AS days FROM takedowns)", [within_days, old_enough_on]
    ).fetchone()
    return dict(zip(names, (int(value) for value in row)))


def removal_days(db: Database) -> list[int]:
    """Days from request to removal of every takedown the platform removed and answered."""
    if not _has_table(db, "main", "takedowns"):
        return []
    return [days for (days,) in db.execute(
        "SELECT CAST(julianday(substr(answered_at, 1, 10)) "
        "- julianday(substr(reported_at, 1, 10)) AS INTEGER) FROM takedowns "
        "WHERE outcome = 'removed' AND answered_at IS NOT NULL"
    )]
