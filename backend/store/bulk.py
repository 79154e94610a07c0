"""Bulk loading and dumping of curated entries: millions of rows in one transaction.

Two ways to load, with the same result (docs/bulk.md):
- "rebuild": drop the secondary indexes and the entries' triggers, append every row
  with executemany (the reading thread computes the listings' title bands and tallies
  transparency's entry_counts on the way), settle duplicates and rows already on the
  list in SQL, then build the indexes and add the bands in one sorted pass. Building an
  index once is far cheaper than keeping it up to date row by row, so this is the way for
  big files or small lists.
- "merge": stage the rows in a temporary table, then upsert only the rows that differ.
  Cheap when a small file meets a big list, where rebuilding would re-sort the list.
Both run inside the caller's transaction: an error anywhere leaves the list untouched.
"""

import queue
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter
from typing import Callable, Iterable, Iterator

import numpy as np
from sqlite_utils import Database

from ..matching import signatures
from ..text import normalize_name
from . import transparency as counts
from .entries import ENTRY_FIELDS

BATCH_ROWS = 10_000
ROWS_PER_STATEMENT = 50  # 50 x 15 columns: well under SQLite's 32,766 variables
# The fields that make two entries with the same identity different.
_CONTENT_FIELDS = ENTRY_FIELDS[3:]
_COLUMNS = (*ENTRY_FIELDS, "name_norm", "version", "created_at", "updated_at")
_SAME_IDENTITY = (
    "{a}.kind = {b}.kind AND ifnull({a}.marketplace, '') = ifnull({b}.marketplace, '') "
    "AND {a}.key = {b}.key"
)
_SAME_CONTENT = " AND ".join(f"{{a}}.{field} IS {{b}}.{field}" for field in _CONTENT_FIELDS)
_DIFFERENT_CONTENT = " OR ".join(
    f"{{a}}.{field} IS NOT {{b}}.{field}" for field in _CONTENT_FIELDS
)
# The title-band triggers (schema m007) are the only ones whose work the rebuild does itself.
_BAND_TRIGGERS = ("entries_bands_insert", "entries_bands_delete", "entries_bands_update")
# Schema m008's: fires only when an identity changes, which a load never does.
_REPLACED_KEYS_TRIGGER = "entries_key_replaced"
# Schema m010's entry_counts triggers: the rebuild adds up what it loaded instead.
_COUNT_TRIGGERS = counts.ENTRY_COUNTS_TRIGGERS
_BAND_COLUMNS = tuple(f"band{index}" for index in range(signatures.BANDS))
_KIND, _MARKETPLACE, _STATUS, _TITLE, _LEVEL = (
    ENTRY_FIELDS.index(field)
    for field in ("kind", "marketplace", "status", "title", "evidence_level"))


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
    return names <= {*_BAND_TRIGGERS, _REPLACED_KEYS_TRIGGER, *_COUNT_TRIGGERS}


def load(db: Database, entries: Iterable[dict], *, version: int, method: str,
         on_batch: Callable[[int], None] | None = None) -> LoadResult:
    """Add or update entries (dicts of ENTRY_FIELDS) at version; rows are stamped only if new
    or different. Later rows win over earlier rows with the same identity. Call inside a
    transaction; the caller raises the list version if result.changed.
    """
    now = db.execute("SELECT datetime('now')").fetchone()[0]
    if method == "rebuild":
        boundary = db.execute("SELECT ifnull(max(id), 0) FROM entries").fetchone()[0]
        rows = _row_tuples(entries, version, now, first_id=boundary + 1)
        return _load_rebuild(db, rows, boundary, version, on_batch)
    if method == "merge":
        return _load_merge(db, _row_tuples(entries, version, now), on_batch)
    raise ValueError(f"unknown load method {method!r}")


def _row_tuples(entries: Iterable[dict], version: int, now: str,
                first_id: int | None = None) -> Iterator[tuple]:
    """The rows to insert: _COLUMNS, preceded by the id each will get if first_id is given."""
    fields = itemgetter(*ENTRY_FIELDS)
    name_at = ENTRY_FIELDS.index("name")
    stamp = (version, now, now)
    if first_id is None:
        for entry in entries:
            values = fields(entry)
            yield (*values, normalize_name(values[name_at]), *stamp)
        return
    for entry_id, entry in enumerate(entries, start=first_id):
        values = fields(entry)
        yield (entry_id, *values, normalize_name(values[name_at]), *stamp)


def _many(batch: list) -> tuple[list, list]:
    """(parameters of the many-row statements, rows left over)."""
    whole = len(batch) - len(batch) % ROWS_PER_STATEMENT
    return [tuple(chain.from_iterable(batch[start:start + ROWS_PER_STATEMENT]))
            for start in range(0, whole, ROWS_PER_STATEMENT)], batch[whole:]


def _many_of_array(rows: np.ndarray) -> tuple[list, list]:
    """_many for rows of integers in an array, without a Python list per row."""
    whole = len(rows) - len(rows) % ROWS_PER_STATEMENT
    flat = rows[:whole].reshape(-1, ROWS_PER_STATEMENT * rows.shape[1]).tolist()
    return list(map(tuple, flat)), rows[whole:].tolist()


def _statement_batches(rows: Iterator[tuple], with_bands: bool,
                       tally: Counter | None = None) -> Iterator[tuple]:
    """(rows, entries' statement parameters, their leftovers, bands' parameters, their
    leftovers) per batch; with_bands: rows start with their id, bands are computed;
    tally: counts the counterfeit rows by entry_counts' (marketplace, evidence level)."""
    offset = 1 if with_bands else 0
    kind, market, status, title, level = (
        offset + at for at in (_KIND, _MARKETPLACE, _STATUS, _TITLE, _LEVEL))
    while batch := list(islice(rows, BATCH_ROWS)):
        if tally is not None:
            tally.update((row[market], row[level]) for row in batch
                         if row[status] == "counterfeit")
        many, rest = _many(batch)
        band_many, band_rest = [], []
        if with_bands:
            ids, keys = signatures.band_rows(
                (row[0], row[market], row[title]) for row in batch
                if row[kind] == "listing" and row[status] == "counterfeit")
            band_many, band_rest = _many_of_array(np.column_stack((ids, keys)))
        yield len(batch), many, rest, band_many, band_rest


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


def _statements(table: str, columns: tuple[str, ...]) -> tuple[str, str]:
    """(one-row INSERT, ROWS_PER_STATEMENT-row INSERT) into table's columns."""
    values = f"({', '.join('?' for _ in columns)})"
    single = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}"
    return single, single + f", {values}" * (ROWS_PER_STATEMENT - 1)


def _insert_batches(db: Database, table: str, rows: Iterator[tuple], on_batch,
                    with_bands: bool = False, tally: Counter | None = None) -> int:
    # Many rows per INSERT statement: SQLite re-evaluates the CHECK constraints' IN lists
    # from scratch on every execution, which doubled the cost of one-row statements.
    single, many = _statements(table, ("id", *_COLUMNS) if with_bands else _COLUMNS)
    band_single, band_many = _statements("temp.bulk_bands", ("entry_id", *_BAND_COLUMNS))
    total = 0
    for count, statements, rest, band_statements, band_rest in _in_background(
            _statement_batches(rows, with_bands, tally)):
        db.conn.executemany(many, statements)
        db.conn.executemany(single, rest)
        if with_bands:
            db.conn.executemany(band_many, band_statements)
            db.conn.executemany(band_single, band_rest)
        total += count
        if on_batch:
            on_batch(total)
    return total


def _load_rebuild(db: Database, rows: Iterator[tuple], boundary: int, version: int,
                  on_batch) -> LoadResult:
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' "
        "AND sql IS NOT NULL ORDER BY name"
    ).fetchall()
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries'"
    ).fetchall()
    for name, _sql in triggers:
        db.execute(f"DROP TRIGGER {name}")
    for name, _sql in indexes:
        db.execute(f"DROP INDEX {name}")
    db.execute("DROP TABLE IF EXISTS temp.bulk_bands")
    db.execute(f"CREATE TEMP TABLE bulk_bands (entry_id INTEGER PRIMARY KEY, "
               f"{', '.join(_BAND_COLUMNS)})")

    # The reading thread counts the rows as it goes: while every row is a new entry, that
    # is what entry_counts gains, with no second read of the rows.
    tally = Counter() if _counted(triggers) else None
    result = LoadResult(rows=_insert_batches(db, "entries", rows, on_batch, with_bands=True,
                                             tally=tally))
    unique = [sql for _name, sql in indexes if sql.upper().startswith("CREATE UNIQUE")]
    settled = False
    try:
        for sql in unique:
            db.execute(sql)
    except sqlite3.IntegrityError:
        # The file repeats an identity or names entries already on the list.
        _settle_new_rows(db, boundary, version, result, _counted(triggers))
        settled = True
        for sql in unique:
            db.execute(sql)
    for _name, sql in indexes:
        if sql not in unique:
            db.execute(sql)
    # One sorted pass: appending in key order is far cheaper than random inserts.
    db.execute(
        "INSERT OR IGNORE INTO listing_bands (band_key, entry_id) SELECT * FROM ("
        + " UNION ALL ".join(f"SELECT {column}, entry_id FROM temp.bulk_bands"
                             for column in _BAND_COLUMNS)
        + ") ORDER BY 1, 2")
    db.execute("DROP TABLE temp.bulk_bands")
    if tally is not None and not settled:
        counts.add_tally(db, tally)
    elif tally is not None:
        # Settling removed rows: the ones left above the boundary (a range of the primary
        # key; only rows new to the list) are what entry_counts gains.
        counts.add_to_entry_counts(
            db, "SELECT marketplace, evidence_level, status FROM entries WHERE id > ?",
            [boundary])
    for _name, sql in triggers:
        db.execute(sql)
    result.added = result.rows - result.duplicates - result.unchanged - result.updated
    return result


def _counted(triggers: list) -> bool:
    """Whether the list keeps entry_counts (schema m010): its triggers were on entries."""
    return any(name in _COUNT_TRIGGERS for name, _sql in triggers)


def _settle_new_rows(db: Database, boundary: int, version: int, result: LoadResult,
                     counted: bool):
    """Among rows above boundary: keep the last of each identity, drop the ones equal to an
    entry already on the list, fold the ones that differ into that entry (keeping its id).
    The bands staged for the new rows follow them (temp.bulk_bands); counted: entry_counts
    follows the old entries that changed (the new ones are added after)."""
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
    # What is left above the boundary and matches an old entry replaces that entry's content:
    # the old entry loses its bands, and the new row's staged bands become the old entry's.
    match_old = "entries.id <= ? AND new.id > ? AND " + _SAME_IDENTITY.format(a="entries", b="new")
    db.execute(
        "DELETE FROM listing_bands WHERE (band_key, entry_id) IN (SELECT band.value, entries.id "
        "FROM entries JOIN entries AS new ON " + match_old + ", "
        "json_each(title_bands(entries.marketplace, entries.title)) AS band "
        "WHERE entries.kind = 'listing' AND entries.status = 'counterfeit')",
        [boundary, boundary],
    )
    db.execute(
        "UPDATE temp.bulk_bands SET entry_id = entries.id FROM entries JOIN entries AS new ON "
        + match_old + " WHERE temp.bulk_bands.entry_id = new.id", [boundary, boundary])
    # The old entries about to take new content leave entry_counts, and come back after.
    updated_old = ("SELECT entries.marketplace, entries.evidence_level, entries.status "
                   "FROM entries JOIN entries AS new ON " + match_old)
    if counted:
        counts.add_to_entry_counts(db, updated_old, [boundary, boundary], sign=-1)
    result.updated = db.execute(
        "UPDATE entries SET "
        + ", ".join(f"{field} = new.{field}" for field in (*_CONTENT_FIELDS, "name_norm"))
        + ", version = new.version, updated_at = new.updated_at "
        "FROM entries AS new WHERE " + match_old,
        [boundary, boundary],
    ).rowcount
    if counted:
        counts.add_to_entry_counts(db, updated_old, [boundary, boundary])
    db.execute(
        "DELETE FROM entries WHERE id > ? AND "
        + new_same_as.format(op="<=", bound="?", content=""), [boundary, boundary]
    )
    db.execute(
        "DELETE FROM temp.bulk_bands WHERE entry_id > ? AND NOT EXISTS "
        "(SELECT 1 FROM entries WHERE entries.id = temp.bulk_bands.entry_id)", [boundary])
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
