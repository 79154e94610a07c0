"""Takedowns: what a platform was told about an entry, and what it answered (main file)."""

from sqlite_utils import Database

from . import check_rows

_COLUMNS = ("id, entry_id, channel, reported_at, reference, outcome, answered_at, "
            "recorded_by, created_at, updated_at")
_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
_OF_ENTRY_SQL = (f"SELECT {_COLUMNS} FROM takedowns WHERE entry_id = ? "
                 "ORDER BY reported_at, id")


def insert(db: Database, entry_id: int, channel: str, reported_at: str,
           reference: str | None, recorded_by: str) -> int:
    """Add a takedown (call inside a transaction); returns its id."""
    return db.execute(
        "INSERT INTO takedowns (entry_id, channel, reported_at, reference, recorded_by, "
        f"created_at, updated_at) VALUES (?, ?, ?, ?, ?, {_NOW}, {_NOW})",
        [entry_id, channel, reported_at, reference, recorded_by],
    ).lastrowid


def answer(db: Database, takedown_id: int, outcome: str, answered_at: str) -> None:
    """Record the platform's answer to a takedown."""
    db.execute(f"UPDATE takedowns SET outcome = ?, answered_at = ?, updated_at = {_NOW} "
               "WHERE id = ?", [outcome, answered_at, takedown_id])


def get(db: Database, takedown_id: int) -> dict | None:
    """One takedown, or None."""
    rows = list(db.query(f"SELECT {_COLUMNS} FROM takedowns WHERE id = ?", [takedown_id]))
    return rows[0] if rows else None


def of_entry(db: Database, entry_id: int) -> list[dict]:
    """An entry's takedowns, oldest report first (check_rows: the check reads them too)."""
    return check_rows(db, _OF_ENTRY_SQL, [entry_id])


def newest(db: Database, *, limit: int, before_id: int | None = None,
           open_only: bool = False) -> list[dict]:
    """Takedowns newest first (by id), optionally only those older than before_id or
    still without an answer."""
    where, params = [], []
    if before_id is not None:
        where.append("id < ?")
        params.append(before_id)
    if open_only:
        where.append("outcome IS NULL")
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    return list(db.query(
        f"SELECT {_COLUMNS} FROM takedowns {clause}ORDER BY id DESC LIMIT ?", [*params, limit]))
