"""Questions about a database file as a whole: its integrity, its tables and their sizes.

Functions take a sqlite_utils.Database or a bare sqlite3 connection (a backup's copy).
"""

from contextlib import contextmanager


def integrity(connection) -> str:
    """SQLite's integrity check of the file: "ok", or what is wrong."""
    return connection.execute("PRAGMA integrity_check").fetchone()[0]


def has_table(connection, name: str, schema: str = "main") -> bool:
    """Whether the file attached as schema holds a table called name."""
    return connection.execute(
        f"SELECT 1 FROM {schema}.sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone() is not None


def make_self_contained(connection) -> None:
    """Leave WAL mode, so that the file is whole without a -wal beside it."""
    connection.execute("PRAGMA journal_mode = DELETE")


def table_counts(connection, tables: tuple[str, ...]) -> dict[str, int]:
    """How many rows each of tables (schema-qualified names of ours) holds."""
    return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in tables}


@contextmanager
def without_lock_wait(db):
    """Writes in the block fail at once as busy instead of waiting for the write lock."""
    previous = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        yield db
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(previous)}")
