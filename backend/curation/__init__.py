"""Curation: volunteers' reports, maintainers' decisions and edits to the list.

Every change runs in one write transaction that takes SQLite's write lock up
front (BEGIN IMMEDIATE), so that concurrent edits queue on busy_timeout instead
of failing midway; a change to the list raises the list version inside that
transaction and writes its audit record there too. The compiled catalog
notices the new version on the next check and reloads. A writer that waits
longer than WRITE_WAIT_SECONDS (a bulk import holds the lock) gets a 503.

Reports are the exception: they are written to the reports file alone
(reports_transaction), so that an import never makes one wait.
"""

from contextlib import contextmanager

from ..store import listmeta, transaction


class Unchanged(Exception):
    """Raised inside a transaction when there is nothing to write; rolls it back."""

    def __init__(self, result=None):
        super().__init__("unchanged")
        self.result = result


def reports_transaction(db):
    """A write transaction for the reports file alone.

    BEGIN IMMEDIATE would take the write lock of every attached file, the main one
    too; a deferred BEGIN locks only the file its first write goes to.
    """
    return transaction(db, immediate=False)


@contextmanager
def list_change(db):
    """A transaction for one change to the list; yields the new list version."""
    with transaction(db):
        yield listmeta.next_version(db)
