"""Importing and exporting the whole list as CSV or JSON Lines files (docs/bulk.md)."""

import csv
import gzip
import io
import json
import os
from contextlib import ExitStack
from dataclasses import asdict
from typing import Callable, Iterator, TextIO

from sqlite_utils import Database

from . import db as database_files
from . import listfile
from .listfile import FIELDS, ListFileError
from .models.reports import public_source
from .store import Rollback, audit, bulk, disputes, listmeta, read_snapshot, transaction

FORMATS = ("csv", "jsonl")
# Below this many entries, rebuilding the indexes after the load costs well under a second.
SMALL_LIST = 100_000
# Rough bytes per row of a list file, to guess a file's rows from its size.
BYTES_PER_ROW = {"plain": 150, "gzip": 30}


def format_of(path: str, fmt: str | None = None) -> str:
    """The file format: the one asked for, else by the name (.jsonl/.ndjson, else csv)."""
    if fmt:
        return fmt
    return listfile.format_of(path.removesuffix(".gz") if path.endswith(".gz") else path)


def open_text(binary) -> TextIO:
    """A UTF-8 text stream over a binary one, decompressing gzip (sniffed, not by name)."""
    if not hasattr(binary, "peek"):
        binary = io.BufferedReader(binary)
    if binary.peek(2)[:2] == b"\x1f\x8b":
        binary = gzip.GzipFile(fileobj=binary, mode="rb")
    # newline="" as the csv module asks; utf-8-sig drops a spreadsheet's byte-order mark.
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def choose_method(db: Database, size_hint: int | None, gzipped: bool) -> str:
    """rebuild for small lists or files big against the list, else merge (see store/bulk.py)."""
    if not bulk.rebuild_possible(db):
        return "merge"
    existing = bulk.count_entries(db)
    if existing < SMALL_LIST:
        return "rebuild"
    if size_hint is None:
        return "merge"
    estimated_rows = size_hint // BYTES_PER_ROW["gzip" if gzipped else "plain"]
    return "rebuild" if estimated_rows * 2 >= existing else "merge"


def upheld_identities(reports: str | None) -> set[tuple]:
    """The (kind, marketplace, key) of every entry whose dispute was upheld, read from the
    reports file at path reports (none when there is no such file yet)."""
    if not reports or not os.path.exists(reports):
        return set()
    # A side connection, read before the import's transaction: with the reports file
    # attached, BEGIN IMMEDIATE would hold its write lock too, and reports would wait.
    side = database_files.connect(":memory:", reports, read_only=True)
    try:
        return disputes.upheld_identities(side)
    finally:
        side.conn.close()


class _RelistGuard:
    """Refuses counterfeit rows whose key's dispute was upheld, as POST /entries does
    (curation/disputes.py check_relisting): unless overridden, and then only with a note."""

    def __init__(self, upheld: set[tuple], override: bool):
        self.upheld, self.override, self.relisted = upheld, override, 0

    def check(self, line: int, entry: dict) -> None:
        if entry["status"] != "counterfeit" or not self.upheld:
            return
        if (entry["kind"], entry["marketplace"], entry["key"]) not in self.upheld:
            return
        if not self.override:
            raise ListFileError(
                f"line {line}: a dispute about {entry['kind']} {entry['key']!r} was upheld; "
                "to list it again, import with --override-dispute and give the row a note "
                "saying why")
        if not entry["note"]:
            raise ListFileError(
                f"line {line}: note is required to list {entry['kind']} {entry['key']!r} "
                "again after its dispute was upheld (--override-dispute)")
        self.relisted += 1


def _entries(stream: TextIO, fmt: str, source: str | None,
             guard: _RelistGuard) -> Iterator[dict]:
    for parsed in listfile.read_rows(stream, fmt):
        entry = parsed.entry
        if source and not entry["source"]:
            entry["source"] = source
        guard.check(parsed.line, entry)
        yield entry


def import_list(db: Database, stream: TextIO, fmt: str, *, source: str | None = None,
                dry_run: bool = False, method: str = "auto", size_hint: int | None = None,
                gzipped: bool = False, actor: str = "cli:import", label: str = "-",
                on_batch: Callable[[int], None] | None = None, reports: str | None,
                override_dispute: bool = False) -> dict:
    """Load a list file in one transaction: all of it, or (any error, or dry_run) nothing.

    Returns counts (rows, added, updated, unchanged, duplicates), the method and the
    list version after the import. Raises ListFileError naming the line and field.
    reports is the reports file (REPORTS_DATABASE): a counterfeit row whose key's
    dispute was upheld there is refused, unless override_dispute and the row has a note
    (counted as relisted_after_dispute). It has no default, so no caller forgets it; None
    (no reports file, as in some tests) checks nothing.
    """
    if source is not None and len(source) > 300:
        raise ListFileError("--source is longer than 300 characters")
    guard = _RelistGuard(upheld_identities(reports), override_dispute)
    with transaction(db):
        version = listmeta.current_version(db) + 1
        if method == "auto":
            method = choose_method(db, size_hint, gzipped)
        result = bulk.load(db, _entries(stream, fmt, source, guard), version=version,
                           method=method, on_batch=on_batch)
        summary = {**asdict(result), "method": method}
        if guard.relisted:
            summary["relisted_after_dispute"] = guard.relisted
        if result.changed:
            listmeta.next_version(db)
            audit.record(db, actor, "import", "entries", None, {
                "file": label, "source": source, "version": version,
                **{k: v for k, v in summary.items() if k != "method"},
            })
        summary["list_version"] = listmeta.current_version(db)
        if dry_run:
            summary["list_version"] = version - 1
            raise Rollback
    return summary


def export_version_and_chunks(db: Database, fmt: str, *, public: bool = False
                              ) -> tuple[int, Iterator[str]]:
    """The list version and the whole list as text chunks, both read from one snapshot.

    public leaves out what only maintainers should see (report ids). The read
    transaction stays open until the chunks are exhausted or closed.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    snapshot = ExitStack()
    snapshot.enter_context(read_snapshot(db))
    try:
        version = listmeta.current_version(db)
    except BaseException:
        snapshot.close()
        raise

    def chunks() -> Iterator[str]:
        with snapshot:
            rows = bulk.dump(db, FIELDS)
            if public:
                rows = map(_without_report_ids, rows)
            yield from (_csv_chunks(rows) if fmt == "csv" else _jsonl_chunks(rows))

    return version, chunks()


_SOURCE_AT = FIELDS.index("source")


def _without_report_ids(row: tuple) -> tuple:
    """The row as the public file shows it (see models.reports.public_source)."""
    return (*row[:_SOURCE_AT], public_source(row[_SOURCE_AT]), *row[_SOURCE_AT + 1:])


def _csv_chunks(rows: Iterator[tuple], rows_per_chunk: int = 2_000) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_chunks(rows: Iterator[tuple], rows_per_chunk: int = 2_000) -> Iterator[str]:
    lines = []
    for row in rows:
        lines.append(json.dumps(dict(zip(FIELDS, row)), ensure_ascii=False))
        if len(lines) == rows_per_chunk:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"
