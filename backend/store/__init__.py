"""The data access layer: every SQL statement the app runs lives in this package."""

from contextlib import contextmanager


@contextmanager
def read_snapshot(db):
    """One read transaction, so that several reads describe the same list."""
    db.conn.execute("BEGIN")
    try:
        yield db
    finally:
        db.conn.rollback()
