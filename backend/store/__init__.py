"""The data access layer: every SQL statement the app runs lives in this package.

Reads go through sqlite-utils' db.query(), seeded tables through upsert_all(); every
write that must be all-or-nothing runs in transaction() (docs/decisions.md).
"""

from contextlib import contextmanager


def check_rows(db, sql: str, parameters) -> list[dict]:
    """A SELECT's rows as dicts, as db.query() gives them but without its savepoint.

    Only for the check's own reads (constant SELECTs, on the hot path): db.query() wraps
    every statement in SAVEPOINT and RELEASE, which made a title check 3 % slower.
    """
    cursor = db.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


class Rollback(Exception):
    """Raised inside transaction() to undo the block without an error (a dry run)."""


@contextmanager
def transaction(db, *, immediate: bool = True):
    """One write transaction: committed when the block ends, rolled back if it raises.

    immediate takes the write lock of every attached file at BEGIN, so that concurrent
    writers queue on busy_timeout instead of failing midway; immediate=False takes the
    lock of the first file written (reports, which must not wait for the main file's).
    Not nestable: a BEGIN inside an open transaction fails loudly rather than let an
    outer block that never commits swallow this one's writes.
    """
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield db
    except Rollback:
        db.rollback()
        return
    except BaseException:
        db.rollback()
        raise
    db.commit()


class ReadSnapshot:
    """One read transaction, so that several reads describe the same list.

    A class, not a generator: a streamed export enters it and may never leave it (the
    client went away), and then nothing must run on the connection it closed.
    """

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN")
        return self.db

    def __exit__(self, *_exception):
        self.db.rollback()


def read_snapshot(db) -> ReadSnapshot:
    """One read transaction over db, for a with block (ReadSnapshot)."""
    return ReadSnapshot(db)
