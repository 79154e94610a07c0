"""Private lookups' reads: entries by key prefix, the prefix set, what changed since a version.

Every query seeks an index: entries_key_prefix (the expression key_prefix(kind,
marketplace, key), which lookups.register makes available), entries_version,
deleted_entries_version and replaced_keys_version (schema m008).
"""

import numpy as np
from sqlite_utils import Database

from .entries import _PUBLIC_COLUMNS

_PREFIX = "key_prefix(kind, marketplace, key)"
_BATCH = 500  # prefixes per IN (...), well under SQLite's variable limit
_FETCH_ROWS = 100_000


def all_prefixes(db: Database):
    """Every entry's prefix in order (repeats included), read off the index as an array."""
    # Without DISTINCT: SQLite then reads the values off the index instead of calling
    # key_prefix() again for every row (10x faster); the caller drops repeats.
    cursor = db.conn.execute(f"SELECT {_PREFIX} FROM entries ORDER BY {_PREFIX}")
    parts = []
    while batch := cursor.fetchmany(_FETCH_ROWS):
        parts.append(np.fromiter((row[0] for row in batch), dtype=np.uint32, count=len(batch)))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)


def entries_with_prefix(db: Database, prefix: int) -> list[dict]:
    """The entries whose key hashes to prefix, in id order."""
    return list(db.query(
        f"SELECT {_PUBLIC_COLUMNS} FROM entries WHERE {_PREFIX} = ? ORDER BY id", [prefix]))


def count_changes_since(db: Database, version: int, limit: int) -> int:
    """Entries stamped, deleted or re-keyed after version, counted up to limit."""
    total = 0
    for table in ("entries", "deleted_entries", "replaced_keys"):
        total += db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE version > ? LIMIT ?)",
            [version, limit - total],
        ).fetchone()[0]
        if total >= limit:
            break
    return total


def changed_prefixes_since(db: Database, version: int) -> list[int]:
    """The prefixes of entries stamped (added or changed) after version."""
    return [row[0] for row in db.execute(
        f"SELECT {_PREFIX} FROM entries WHERE version > ?", [version])]


def removed_keys_since(db: Database, version: int) -> list[tuple]:
    """(kind, marketplace, key) of keys deleted or replaced (a key edited) after version."""
    return [tuple(row) for table in ("deleted_entries", "replaced_keys") for row in db.execute(
        f"SELECT kind, marketplace, key FROM {table} WHERE version > ?", [version])]


def prefixes_unchanged_since(db: Database, prefixes: list[int], version: int) -> set[int]:
    """Those of prefixes that an entry stamped at or before version has (so had then)."""
    found = set()
    for start in range(0, len(prefixes), _BATCH):
        batch = prefixes[start:start + _BATCH]
        found.update(row[0] for row in db.execute(
            f"SELECT {_PREFIX} FROM entries WHERE {_PREFIX} IN ({', '.join('?' * len(batch))}) "
            "AND version <= ?", [*batch, version]))
    return found
