"""Importing and exporting the whole list as CSV or JSON Lines files (docs/bulk.md)."""

import csv
import gzip
import io
import json
from contextlib import ExitStack
from dataclasses import asdict
from typing import Callable, Iterator, TextIO

from sqlite_utils import Database

from . import listfile
from .listfile import FIELDS, ListFileError
from .models.reports import public_source
from .store import Rollback, audit, bulk, listmeta, read_snapshot, transaction

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


def _entries(stream: TextIO, fmt: str, source: str | None) -> Iterator[dict]:
    for parsed in listfile.read_rows(stream, fmt):
        entry = parsed.entry
        if source and not entry["source"]:
            entry["source"] = source
        yield entry


def import_list(db: Database, stream: TextIO, fmt: str, *, source: str | None = None,
                dry_run: bool = False, method: str = "auto", size_hint: int | None = None,
                gzipped: bool = False, actor: str = "cli:import", label: str = "-",
                on_batch: Callable[[int], None] | None = None) -> dict:
    """Load a list file in one transaction: all of it, or (any error, or dry_run) nothing.

    Returns counts (rows, added, updated, unchanged, duplicates), the method and the
    list version after the import. Raises ListFileError naming the line and field.
    """
    if source is not None and len(source) > 300:
        raise ListFileError("--source is longer than 300 characters")
    with transaction(db):
        version = listmeta.current_version(db) + 1
        if method == "auto":
            method = choose_method(db, size_hint, gzipped)
        result = bulk.load(db, _entries(stream, fmt, source), version=version, method=method,
                           on_batch=on_batch)
        summary = {**asdict(result), "method": method}
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
