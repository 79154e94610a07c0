"""Sellers' disputes: one open dispute per submitter and entry, decided by a maintainer.

They live in the reports file (attached as reports_db, db.py), beside reports: an
anonymous write that a bulk import must never make wait.
"""

import json

from sqlite_utils import Database

from .reports import DROPPED_NETWORK, DROPPED_SUBMITTER_PREFIX

DISPUTE_FIELDS = (
    "id", "submitter", "network", "entry_id", "entry_kind", "entry_marketplace", "entry_key",
    "url", "statement", "contact", "evidence_urls",
)
_COLUMNS = (
    "seq, id, entry_id, entry_kind, entry_marketplace, entry_key, url, statement, contact, "
    "evidence_urls, status, created_at, decided_at, decided_by, reply, note"
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


def _decoded(rows) -> list[dict]:
    rows = list(rows)
    for row in rows:
        row["evidence_urls"] = json.loads(row["evidence_urls"])
    return rows


def insert_or_open(db: Database, dispute: dict) -> tuple[dict, bool]:
    """Store dispute unless its submitter has one open about the entry; (dispute, created)."""
    row = {field: dispute.get(field) for field in DISPUTE_FIELDS}
    row["evidence_urls"] = json.dumps(row["evidence_urls"] or [])
    cursor = db.execute(
        f"INSERT INTO reports_db.disputes ({', '.join(DISPUTE_FIELDS)}, status, created_at) "
        f"VALUES ({', '.join('?' for _ in DISPUTE_FIELDS)}, 'open', {_NOW}) "
        "ON CONFLICT (submitter, entry_id) WHERE status = 'open' DO NOTHING",
        [row[field] for field in DISPUTE_FIELDS],
    )
    if cursor.rowcount == 1:
        return get(db, row["id"]), True
    existing = _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.disputes "
        "WHERE submitter = ? AND entry_id = ? AND status = 'open'",
        [row["submitter"], row["entry_id"]],
    ))
    return existing[0], False


def get(db: Database, dispute_id: str) -> dict | None:
    """One dispute by its public id, or None."""
    rows = _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.disputes WHERE id = ?", [dispute_id]))
    return rows[0] if rows else None


def newest(db: Database, *, status: str | None, limit: int,
           before_seq: int | None = None) -> list[dict]:
    """Disputes newest first, optionally of one status and older than before_seq."""
    where, params = [], []
    if status is not None:
        where.append("status = ?")
        params.append(status)
    if before_seq is not None:
        where.append("seq < ?")
        params.append(before_seq)
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    return _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.disputes {clause}ORDER BY seq DESC LIMIT ?",
        [*params, limit]))


def about_entry(db: Database, entry_id: int) -> list[dict]:
    """Every dispute about one entry, newest first (the entry's history)."""
    return _decoded(db.query(
        f"SELECT {_COLUMNS} FROM reports_db.disputes WHERE entry_id = ? ORDER BY seq DESC",
        [entry_id]))


def open_entry_ids(db: Database, entry_ids: list[int]) -> set[int]:
    """Which of these entries have an open dispute (served by disputes_entry)."""
    if not entry_ids:
        return set()
    marks = ", ".join("?" for _ in entry_ids)
    return {row[0] for row in db.execute(
        "SELECT DISTINCT entry_id FROM reports_db.disputes "
        f"WHERE entry_id IN ({marks}) AND status = 'open'", list(entry_ids)).fetchall()}


def upheld_about(db: Database, kind: str, marketplace: str | None, key: str) -> bool:
    """Whether a dispute about this identity was upheld (listing it again needs an override)."""
    return db.execute(
        "SELECT EXISTS (SELECT 1 FROM reports_db.disputes WHERE entry_kind = ? "
        "AND entry_marketplace IS ? AND entry_key = ? AND status = 'upheld')",
        [kind, marketplace, key]).fetchone()[0] == 1


def upheld_identities(db: Database) -> set[tuple]:
    """Every (kind, marketplace, key) whose dispute was upheld (an import checks its rows)."""
    return {tuple(row) for row in db.execute(
        "SELECT DISTINCT entry_kind, entry_marketplace, entry_key FROM reports_db.disputes "
        "WHERE status = 'upheld'").fetchall()}


def decide(db: Database, dispute_id: str, status: str, decided_by: str,
           reply: str | None, note: str | None) -> int:
    """Mark an open dispute upheld or dismissed; how many changed (0 if it was not open)."""
    return db.execute(
        f"UPDATE reports_db.disputes SET status = ?, decided_by = ?, decided_at = {_NOW}, "
        "reply = ?, note = ? WHERE id = ? AND status = 'open'",
        [status, decided_by, reply, note, dispute_id]).rowcount


_DECIDED_BEFORE = (
    "status != 'open' AND (contact IS NOT NULL OR "
    f"substr(submitter, 1, {len(DROPPED_SUBMITTER_PREFIX)}) != '{DROPPED_SUBMITTER_PREFIX}') "
    "AND julianday(decided_at) < julianday('now') - ?"
)


def count_personal_to_drop(db: Database, days: float) -> int:
    """How many disputes decided more than days ago still keep a contact or submitter."""
    return db.execute(
        f"SELECT count(*) FROM reports_db.disputes WHERE {_DECIDED_BEFORE}", [days]
    ).fetchone()[0]


def drop_personal(db: Database, days: float) -> int:
    """Forget the contact and submitter of disputes decided more than days ago."""
    return db.execute(
        "UPDATE reports_db.disputes SET contact = NULL, "
        f"submitter = '{DROPPED_SUBMITTER_PREFIX}' || id, network = '{DROPPED_NETWORK}' "
        f"WHERE {_DECIDED_BEFORE}", [days]).rowcount
