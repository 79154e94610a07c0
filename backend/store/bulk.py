"""Bulk loading and dumping of curated entries: millions of rows in one transaction.

Two ways to load, with the same result (docs/bulk.md):
- "rebuild": drop the secondary indexes and the title-search triggers, append every row
  with executemany, settle duplicates and rows already on the list in SQL, then build
  the indexes again. Building an index once is far cheaper than keeping it up to date
  row by row, so this is the way for big files or small lists.
- "merge": stage the rows in a temporary table, then upsert only the rows that differ.
  Cheap when a small file meets a big list, where rebuilding would re-sort the list.
Both run inside the caller's transaction: an error anywhere leaves the list untouched.
"""

import queue
import sqlite3
import threading
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from typing import Callable, Iterable, Iterator

from sqlite_utils import Database

from ..text import normalize_name
from .entries import ENTRY_FIELDS

BATCH_ROWS = 10_000
ROWS_PER_STATEMENT = 50  # 50 x 15 columns: well under SQLite's 32,766 variables
# The fields that make two entries with the same identity different.
_CONTENT_FIELDS = ENTRY_FIELDS[3:]
_COLUMNS = (*ENTRY_FIELDS, "name_norm", "version", "created_at", "updated_at")
_INSERT = (
    f"INSERT INTO {{table}} ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)
_SAME_IDENTITY = (
    "{a}.kind = {b}.kind AND ifnull({a}.marketplace, '') = ifnull({b}.marketplace, '') "
    "AND {a}.key = {b}.key"
)
_SAME_CONTENT = " AND ".join(f"{{a}}.{field} IS {{b}}.{field}" for field in _CONTENT_FIELDS)
_DIFFERENT_CONTENT = " OR ".join(
    f"{{a}}.{field} IS NOT {{b}}.{field}" for field in _CONTENT_FIELDS
)
# The title-search triggers are the only ones whose work the rebuild does itself.
_TITLE_TRIGGERS = ("entries_titles_insert", "entries_titles_delete", "entries_titles_update")


@dataclass
class LoadResult:
    """What a load did (or, rolled back, would have done)."""

    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0  # rows overridden by a later row with the same identity

    @property
    def changed(self) -> int:
        return self.added + self.updated


def count_entries(db: Database) -> int:
    """How many entries the list holds."""
    return db.execute("SELECT count(*) FROM entries").fetchone()[0]


def rebuild_possible(db: Database) -> bool:
    """Whether entries has only triggers the rebuild knows how to replay."""
    names = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries'"
    )}
    return names <= set(_TITLE_TRIGGERS)


def load(db: Database, entries: Iterable[dict], *, version: int, method: str,
         on_batch: Callable[[int], None] | None = None) -> LoadResult:
    """Add or update entries (dicts of ENTRY_FIELDS) at version; rows are stamped only if new
    or different. Later rows win over earlier rows with the same identity. Call inside a
    transaction; the caller raises the list version if result.changed.
    """
    now = db.execute("SELECT datetime('now')").fetchone()[0]
    rows = _row_tuples(entries, version, now)
    if method == "rebuild":
        return _load_rebuild(db, rows, version, on_batch)
    if method == "merge":
        return _load_merge(db, rows, on_batch)
    raise ValueError(f"unknown load method {method!r}")


def _row_tuples(entries: Iterable[dict], version: int, now: str) -> Iterator[tuple]:
    fields = itemgetter(*ENTRY_FIELDS)
    name_at = ENTRY_FIELDS.index("name")
    stamp = (version, now, now)
    for entry in entries:
        values = fields(entry)
        yield (*values, normalize_name(values[name_at]), *stamp)


def _statement_batches(rows: Iterator[tuple]) -> Iterator[tuple[int, list, list]]:
    """(rows, parameters of the many-row statements, rows left over) per batch."""
    while batch := list(islice(rows, BATCH_ROWS)):
        whole = len(batch) - len(batch) % ROWS_PER_STATEMENT
        yield len(batch), [
            tuple(chain.from_iterable(batch[start:start + ROWS_PER_STATEMENT]))
            for start in range(0, whole, ROWS_PER_STATEMENT)
        ], batch[whole:]


def _in_background(items: Iterator, depth: int = 4) -> Iterator:
    """Produce items in a thread, at most depth ahead (memory stays flat).

    sqlite3 lets go of the GIL while SQLite inserts, so reading and validating the
    next batch overlaps with storing this one. The thread's errors are raised here.
    """
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    done = object()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not put((None, item)):
                    return
            put((None, done))
        except BaseException as error:  # handed to the consumer, raised there
            put((error, None))

    thread = threading.Thread(target=produce, name="bulk-load-reader", daemon=True)
    thread.start()
    try:
        while True:
            error, item = ready.get()
            if error is not None:
                raise error
            if item is done:
                return
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _insert_batches(db: Database, table: str, rows: Iterator[tuple], on_batch) -> int:
    # Many rows per INSERT statement: SQLite re-evaluates the CHECK constraints' IN lists
    # from scratch on every execution, which doubled the cost of one-row statements.
    single = _INSERT.format(table=table)
    many = single + f", ({', '.join('?' for _ in _COLUMNS)})" * (ROWS_PER_STATEMENT - 1)
    total = 0
    for count, statements, rest in _in_background(_statement_batches(rows)):
        db.conn.executemany(many, statements)
        db.conn.executemany(single, rest)
        total += count
        if on_batch:
            on_batch(total)
    return total


def _load_rebuild(db: Database, rows: Iterator[tuple], version: int, on_batch) -> LoadResult:
    boundary = db.execute("SELECT ifnull(max(id), 0) FROM entries").fetchone()[0]
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' "
        "AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries'"
    ).fetchall()
    title_search = any(name in _TITLE_TRIGGERS for name, _sql in triggers)
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER {name}")
    for name, _sql in indexes:
        db.execute(f"DROP INDEX {name}")

    result = LoadResult(rows=_insert_batches(db, "entries", rows, on_batch))
    unique = [sql for _name, sql in indexes if sql.upper().startswith("CREATE UNIQUE")]
    try:
        for sql in unique:
            db.execute(sql)
    except sqlite3.IntegrityError:
        # The file repeats an identity or names entries already on the list.
        _settle_new_rows(db, boundary, version, result, title_search)
        for sql in unique:
            db.execute(sql)
    for _name, sql in indexes:
        if sql not in unique:
            db.execute(sql)
    if title_search:
        db.execute(
            "INSERT INTO listing_titles (rowid, title) SELECT id, title FROM entries "
            "WHERE id > ? AND kind = 'listing' AND title IS NOT NULL", [boundary]
        )
    for _name, sql in triggers:
        db.execute(sql)
    result.added = result.rows - result.duplicates - result.unchanged - result.updated
    return result


def _settle_new_rows(db: Database, boundary: int, version: int, result: LoadResult,
                     title_search: bool):
    """Among rows above boundary: keep the last of each identity, drop the ones equal to an
    entry already on the list, fold the ones that differ into that entry (keeping its id)."""
    db.execute("CREATE INDEX bulk_identity ON entries (kind, ifnull(marketplace, ''), key, id)")
    new_same_as = "EXISTS (SELECT 1 FROM entries AS other WHERE " + _SAME_IDENTITY.format(
        a="other", b="entries") + " AND other.id {op} {bound}{content})"
    result.duplicates = db.execute(
        "DELETE FROM entries WHERE id > ? AND "
        + new_same_as.format(op=">", bound="entries.id", content=""), [boundary]
    ).rowcount
    result.unchanged = db.execute(
        "DELETE FROM entries WHERE id > ? AND " + new_same_as.format(
            op="<=", bound="?", content=" AND " + _SAME_CONTENT.format(a="other", b="entries")),
        [boundary, boundary],
    ).rowcount
    # What is left above the boundary and matches an old entry replaces that entry's content.
    match_old = "entries.id <= ? AND new.id > ? AND " + _SAME_IDENTITY.format(a="entries", b="new")
    if title_search:
        db.execute(
            "INSERT INTO listing_titles (listing_titles, rowid, title) "
            "SELECT 'delete', entries.id, entries.title FROM entries JOIN entries AS new ON "
            + match_old + " WHERE entries.kind = 'listing' AND entries.title IS NOT NULL",
            [boundary, boundary],
        )
    result.updated = db.execute(
        "UPDATE entries SET "
        + ", ".join(f"{field} = new.{field}" for field in (*_CONTENT_FIELDS, "name_norm"))
        + ", version = new.version, updated_at = new.updated_at "
        "FROM entries AS new WHERE " + match_old,
        [boundary, boundary],
    ).rowcount
    db.execute(
        "DELETE FROM entries WHERE id > ? AND "
        + new_same_as.format(op="<=", bound="?", content=""), [boundary, boundary]
    )
    if title_search:
        db.execute(
            "INSERT INTO listing_titles (rowid, title) SELECT id, title FROM entries "
            "WHERE id <= ? AND version = ? AND kind = 'listing' AND title IS NOT NULL",
            [boundary, version],
        )
    db.execute("DROP INDEX bulk_identity")


def _load_merge(db: Database, rows: Iterator[tuple], on_batch) -> LoadResult:
    db.execute("DROP TABLE IF EXISTS temp.bulk_rows")
    db.execute(f"CREATE TEMP TABLE bulk_rows ({', '.join(_COLUMNS)})")
    result = LoadResult(rows=_insert_batches(db, "temp.bulk_rows", rows, on_batch))
    result.duplicates = db.execute(
        "DELETE FROM temp.bulk_rows WHERE rowid NOT IN (SELECT max(rowid) FROM temp.bulk_rows "
        "GROUP BY kind, ifnull(marketplace, ''), key)"
    ).rowcount
    result.added = db.execute(
        "SELECT count(*) FROM temp.bulk_rows AS new WHERE NOT EXISTS (SELECT 1 FROM entries "
        "WHERE " + _SAME_IDENTITY.format(a="entries", b="new") + ")"
    ).fetchone()[0]
    result.updated = db.execute(
        "SELECT count(*) FROM temp.bulk_rows AS new JOIN entries ON "
        + _SAME_IDENTITY.format(a="entries", b="new")
        + " WHERE " + _DIFFERENT_CONTENT.format(a="entries", b="new")
    ).fetchone()[0]
    # WHERE true: SQLite needs it to tell the upsert's ON CONFLICT from a join's ON.
    db.execute(
        f"INSERT INTO entries ({', '.join(_COLUMNS)}) "
        f"SELECT {', '.join(_COLUMNS)} FROM temp.bulk_rows WHERE true ORDER BY rowid "
        "ON CONFLICT (kind, ifnull(marketplace, ''), key) DO UPDATE SET "
        + ", ".join(f"{field} = excluded.{field}" for field in (*_CONTENT_FIELDS, "name_norm"))
        + ", version = excluded.version, updated_at = excluded.updated_at WHERE "
        + _DIFFERENT_CONTENT.format(a="entries", b="excluded")
    )
    result.unchanged = result.rows - result.duplicates - result.added - result.updated
    db.execute("DROP TABLE temp.bulk_rows")
    return result


def dump(db: Database, fields: tuple[str, ...]) -> Iterator[tuple]:
    """Every entry's fields in id order, fetched a batch at a time (memory stays flat)."""
    cursor = db.conn.execute(f"SELECT {', '.join(fields)} FROM entries ORDER BY id")
    while batch := cursor.fetchmany(BATCH_ROWS):
        yield from batch
