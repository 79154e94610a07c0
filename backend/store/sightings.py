"""Sightings: the days a check saw a listed seller or listing (reports file, reports_db).

Entry id and day only, nothing about who checked. The table is in the reports file,
whose write lock is only ever held for a moment, never by an import (docs/decisions.md).
"""

import sqlite3

from sqlite_utils import Database

from . import check_rows

SCRIPT = """
CREATE TABLE IF NOT EXISTS sightings (
    entry_id INTEGER NOT NULL,
    day TEXT NOT NULL,  -- YYYY-MM-DD, UTC
    PRIMARY KEY (entry_id, day)
) WITHOUT ROWID;
"""

_SEEN_SQL = "SELECT 1 FROM reports_db.sightings WHERE entry_id = ? AND day = ?"
_LAST_SQL = "SELECT max(day) AS day FROM reports_db.sightings WHERE entry_id = ?"


def seen_on(db: Database, entry_id: int, day: str) -> bool:
    """Whether a sighting of the entry on day is stored."""
    return bool(db.execute(_SEEN_SQL, [entry_id, day]).fetchone())


def last_seen(db: Database, entry_id: int) -> str | None:
    """The entry's latest sighting day, or None."""
    return check_rows(db, _LAST_SQL, [entry_id])[0]["day"]


def of_entry(db: Database, entry_id: int, *, limit: int = 366) -> list[str]:
    """The entry's sighting days, newest first."""
    return [row[0] for row in db.execute(
        "SELECT day FROM reports_db.sightings WHERE entry_id = ? ORDER BY day DESC LIMIT ?",
        [entry_id, limit])]


def try_record(db: Database, entry_ids: list[int], day: str) -> bool:
    """Store sightings on day without ever waiting for a lock; False if the reports file
    was busy (nothing is written then).

    db is a read-write connection with the reports file attached; only that file is
    locked (a deferred BEGIN locks the file its first write goes to).
    """
    connection = db.conn
    (wait_ms,) = connection.execute("PRAGMA busy_timeout").fetchone()
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute("BEGIN")
        connection.executemany(
            "INSERT OR IGNORE INTO reports_db.sightings (entry_id, day) VALUES (?, ?)",
            [(entry_id, day) for entry_id in entry_ids])
        connection.execute("COMMIT")
        return True
    except sqlite3.OperationalError:  # database is locked / busy: skip, never wait
        if connection.in_transaction:
            connection.rollback()
        return False
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
