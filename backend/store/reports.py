"""Volunteer reports: one per submitter and target, pending until a maintainer decides.

They live in their own file, attached to request connections as reports_db (db.py), so
every statement names the table as reports_db.reports.
"""

import json
import zlib

from sqlite_utils import Database

REPORT_FIELDS = (
    "id", "submitter", "network", "target_kind", "target_marketplace", "target_key", "url",
    "reason", "details", "brand", "title", "listing_id", "seller_id", "seller_name",
    "price_amount", "price_currency", "evidence_urls",
)
_COLUMNS = (
    "id, target_kind, target_marketplace, target_key, url, reason, details, brand, title, "
    "listing_id, seller_id, seller_name, price_amount, price_currency, evidence_urls, "
    "status, created_at, decided_at, decided_by, note, public_note"
)


def _decoded(rows) -> list[dict]:
    """Reports as read (db.query's dicts), with their evidence URLs as a list."""
    rows = list(rows)
    for row in rows:
        if "evidence_urls" in row:
            row["evidence_urls"] = json.loads(row["evidence_urls"])
    return rows


def insert_or_existing(db: Database, report: dict) -> tuple[dict, bool]:
    """Store report unless its submitter already reported its target; (report, created)."""
    row = {field: report.get(field) for field in REPORT_FIELDS}
    row["evidence_urls"] = json.dumps(row["evidence_urls"] or [])
    cursor = db.execute(
        f"INSERT INTO reports_db.reports ({', '.join(REPORT_FIELDS)}, status, created_at) "
        f"VALUES ({', '.join('?' for _ in REPORT_FIELDS)}, 'pending', "
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
        "ON CONFLICT (submitter, target_kind, ifnull(target_marketplace, ''), target_key) "
        "DO NOTHING",
        [row[field] for field in REPORT_FIELDS],
    )
    created = cursor.rowcount == 1
    existing = _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.reports WHERE submitter = ? AND target_kind = ? "
        "AND ifnull(target_marketplace, '') = ifnull(?, '') AND target_key = ?",
        [row["submitter"], row["target_kind"], row["target_marketplace"], row["target_key"]],
    ))
    return existing[0], created


def get(db: Database, report_id: str) -> dict | None:
    """One report by id, or None."""
    rows = _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.reports WHERE id = ?", [report_id]
    ))
    return rows[0] if rows else None


def pending_about(db: Database, kind: str, marketplace: str | None, key: str) -> list[dict]:
    """Pending reports about one target, oldest first."""
    # Named: for the ORDER BY, the planner picks reports_status (status, created_at) and
    # reads every pending report to find one target's (the queue does this per group).
    return _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.reports INDEXED BY reports_target "
        "WHERE target_kind = ? AND target_marketplace IS ? AND target_key = ? "
        "AND status = 'pending' ORDER BY created_at, rowid",
        [kind, marketplace, key],
    ))


def settle(db: Database, report_ids: list[str], status: str, decided_by: str,
           note: str | None, public_note: str | None = None) -> int:
    """Mark pending reports approved or rejected, with the maintainer's internal and
    public notes; returns how many changed."""
    if not report_ids:
        return 0
    marks = ", ".join("?" for _ in report_ids)
    return db.execute(
        "UPDATE reports_db.reports SET status = ?, decided_by = ?, note = ?, "
        "public_note = ?, decided_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        f"WHERE status = 'pending' AND id IN ({marks})",
        [status, decided_by, note, public_note, *report_ids],
    ).rowcount


def pending_networks(db: Database, kind: str, marketplace: str | None, keys: list[str]) -> int:
    """How many distinct networks have pending reports about any of these targets.

    Served by the reports_target index (kind, marketplace, key, status, network).
    """
    if not keys:
        return 0
    marks = ", ".join("?" for _ in keys)
    return db.execute(
        "SELECT count(DISTINCT network) FROM reports_db.reports WHERE target_kind = ? "
        f"AND target_marketplace IS ? AND target_key IN ({marks}) AND status = 'pending'",
        [kind, marketplace, *keys],
    ).fetchone()[0]


def queue(db: Database, *, limit: int, offset: int = 0) -> list[dict]:
    """Pending reports grouped by target, most-reported first, then oldest first."""
    groups = _decoded(db.query(
        "SELECT target_kind, target_marketplace, target_key, count(*) AS count, "
        "count(DISTINCT network) AS networks, min(created_at) AS first_reported_at, "
        "max(created_at) AS last_reported_at FROM reports_db.reports WHERE status = 'pending' "
        "GROUP BY target_kind, target_marketplace, target_key "
        "ORDER BY count DESC, first_reported_at, target_key LIMIT ? OFFSET ?",
        [limit, offset],
    ))
    for group in groups:
        group["reports"] = pending_about(
            db, group["target_kind"], group["target_marketplace"], group["target_key"]
        )
    return groups


def pending_reporter_has_track_record(db: Database, kind: str, marketplace: str | None,
                                      keys: list[str]) -> bool:
    """Whether a submitter with a pending report about any of these targets was the first
    to report a target that a maintainer then approved (their track record).

    The pending side is served by reports_target, the approved side by
    reports_submitter_status (submitter, status).
    """
    if not keys:
        return False
    marks = ", ".join("?" for _ in keys)
    return bool(db.execute(
        "SELECT EXISTS (SELECT 1 FROM reports_db.reports AS pending "
        "JOIN reports_db.reports AS approved "
        "ON approved.submitter = pending.submitter AND approved.status = 'approved' "
        "AND approved.credited = 1 "
        "WHERE pending.target_kind = ? AND pending.target_marketplace IS ? "
        f"AND pending.target_key IN ({marks}) AND pending.status = 'pending')",
        [kind, marketplace, *keys],
    ).fetchone()[0])


def credit(db: Database, report_id: str) -> None:
    """Give the report's submitter a track record (the first report of an approved target)."""
    db.execute("UPDATE reports_db.reports SET credited = 1 WHERE id = ?", [report_id])


# What a dropped submitter and network become: unique per report (the one-report-per-
# submitter-and-target index stays satisfied) and matching no one's hash.
DROPPED_SUBMITTER_PREFIX = "dropped:"
DROPPED_NETWORK = "dropped"
_DECIDED_BEFORE = (
    "status IN ('approved', 'rejected') AND "
    f"substr(submitter, 1, {len(DROPPED_SUBMITTER_PREFIX)}) != '{DROPPED_SUBMITTER_PREFIX}' "
    "AND julianday(decided_at) < julianday('now') - ?"
)


def count_submitters_to_drop(db: Database, days: float) -> int:
    """How many decided reports, decided more than days ago, still keep their submitter."""
    return db.execute(
        f"SELECT count(*) FROM reports_db.reports WHERE {_DECIDED_BEFORE}", [days]
    ).fetchone()[0]


def drop_submitters(db: Database, days: float) -> int:
    """Forget who sent the reports decided more than days ago (their submitter and network
    hashes); returns how many reports it changed."""
    return db.execute(
        f"UPDATE reports_db.reports SET submitter = '{DROPPED_SUBMITTER_PREFIX}' || id, "
        f"network = '{DROPPED_NETWORK}' WHERE {_DECIDED_BEFORE}", [days]
    ).rowcount


def keep_snapshot(db: Database, report_id: str, html: str) -> int:
    """Keep a report's (already scrubbed) page snapshot, zlib-compressed; its stored size."""
    data = zlib.compress(html.encode("utf-8"), 6)
    db.execute(
        "INSERT INTO reports_db.report_snapshots (report_id, html, created_at) "
        "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", [report_id, data])
    return len(data)


def snapshot_sizes(db: Database, report_ids: list[str]) -> dict[str, int]:
    """{report id: compressed size} of the reports among report_ids that keep a page."""
    if not report_ids:
        return {}
    marks = ",".join("?" * len(report_ids))
    return dict(db.execute(
        f"SELECT report_id, length(html) FROM reports_db.report_snapshots "
        f"WHERE report_id IN ({marks})", report_ids).fetchall())


def snapshot(db: Database, report_id: str) -> str | None:
    """A report's kept page snapshot, or None if none is kept."""
    row = db.execute("SELECT html FROM reports_db.report_snapshots WHERE report_id = ?",
                     [report_id]).fetchone()
    return zlib.decompress(row[0]).decode("utf-8") if row else None


# A plain comparison, so that report_snapshots_created serves it; <= so that 0 days
# drops every snapshot.
_SNAPSHOT_OLDER = "created_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?)"


def _days_ago(days: float) -> str:
    return f"-{days:f} days"


def count_snapshots_to_drop(db: Database, days: float) -> int:
    """How many kept snapshots are older than days."""
    return db.execute(
        f"SELECT count(*) FROM reports_db.report_snapshots WHERE {_SNAPSHOT_OLDER}",
        [_days_ago(days)]).fetchone()[0]


def drop_snapshots(db: Database, days: float) -> int:
    """Drop the snapshots kept for more than days (the reports stay); how many went."""
    return db.execute(
        f"DELETE FROM reports_db.report_snapshots WHERE {_SNAPSHOT_OLDER}", [_days_ago(days)]
    ).rowcount
