"""The changes feed: entries changed and deleted after a list version, in pages.

A page ends anywhere, even inside one version (a bulk import stamps a million entries
with one version), so the position in the feed is (version, stream, id): within a version,
deletions come before upserts, each in id order. Every query seeks its index
(entries_version and deleted_entries_version hold the rowid after the version), so a
page costs the same deep in the feed as at its start.
"""

from dataclasses import dataclass

from sqlite_utils import Database

from .entries import _PUBLIC_COLUMNS

DELETE, UPSERT = 0, 1  # stream order within one version: apply deletions first


@dataclass(frozen=True, order=True)
class Position:
    """Where a reader stands: everything up to (version, stream, row id) has been read."""

    version: int
    stream: int = UPSERT
    row_id: int = 2**63 - 1  # past every row of the version: the version is done


def _deleted(db: Database, position: Position, limit: int) -> list[dict]:
    columns = "entry_id AS id, kind, marketplace, key, version, deleted_at, id AS row_id"
    rows = []
    if position.stream == DELETE:
        rows = list(db.query(
            f"SELECT {columns} FROM deleted_entries WHERE version = ? AND id > ? "
            "ORDER BY id LIMIT ?", [position.version, position.row_id, limit]))
    return rows + list(db.query(
        f"SELECT {columns} FROM deleted_entries WHERE version > ? ORDER BY version, id LIMIT ?",
        [position.version, limit - len(rows)]))


def _upserted(db: Database, position: Position, limit: int) -> list[dict]:
    columns = f"{_PUBLIC_COLUMNS}, id AS row_id"
    rows = []
    if position.stream == DELETE:
        rows = list(db.query(
            f"SELECT {columns} FROM entries WHERE version = ? ORDER BY id LIMIT ?",
            [position.version, limit]))
    elif position.row_id < Position(0).row_id:
        rows = list(db.query(
            f"SELECT {columns} FROM entries WHERE version = ? AND id > ? ORDER BY id LIMIT ?",
            [position.version, position.row_id, limit]))
    return rows + list(db.query(
        f"SELECT {columns} FROM entries WHERE version > ? ORDER BY version, id LIMIT ?",
        [position.version, limit - len(rows)]))


def page(db: Database, position: Position, limit: int) -> tuple[list[tuple[Position, dict]], Position | None]:
    """Up to limit changes after position, oldest first, each with its own position; and
    the position of the first change left for the next page (None if none is left)."""
    merged = sorted(
        [(Position(row["version"], DELETE, row.pop("row_id")), row)
         for row in _deleted(db, position, limit + 1)]
        + [(Position(row["version"], UPSERT, row.pop("row_id")), row)
           for row in _upserted(db, position, limit + 1)],
        key=lambda item: item[0],
    )
    return merged[:limit], (merged[limit][0] if len(merged) > limit else None)
