"""Reading and writing list files: CSV or JSON Lines of curated entries (see the contract).

The format only: what a row may hold is the entry's shape (models/entries.py), so a
field added there is a column here too.
"""

import csv
import io
import json
from dataclasses import dataclass
from typing import Iterator

from pydantic import ValidationError

from .models.entries import FIELDS, EntryFields
from .models.parse import sentence


class ListFileError(ValueError):
    """A row of a list file is invalid; the message names the line and the field."""


@dataclass
class ParsedRow:
    line: int
    entry: dict


_FIELD_SET = frozenset(FIELDS)


def validate_entry(raw: dict) -> dict:
    """One row as an entry (empty cells are null); raises ValueError naming the field."""
    row = {field: (value.strip() or None) if isinstance(value, str) else value
           for field, value in raw.items()}
    try:
        # The validator itself: BaseModel.model_validate's wrapper costs a µs a row.
        return dict(_VALIDATE(row).__dict__)
    except ValidationError as error:
        # A list file names columns as they are, without the API's `code` quotes.
        raise ValueError(sentence(error.errors(include_url=False)[0]).replace("`", "")
                         .rstrip(".")) from None


_VALIDATE = EntryFields.__pydantic_validator__.validate_python


def read_rows(stream: io.TextIOBase, fmt: str) -> Iterator[ParsedRow]:
    """Yield validated entries from a CSV or JSON Lines stream; raises ListFileError."""
    if fmt == "csv":
        yield from _csv_rows(stream)
    elif fmt == "jsonl":
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ListFileError(f"line {number}: not valid JSON ({error.msg})") from None
            except RecursionError:
                raise ListFileError(f"line {number}: JSON nested too deeply") from None
            if not isinstance(row, dict):
                raise ListFileError(f"line {number}: expected a JSON object")
            yield _parsed(number, row)
    else:
        raise ListFileError(f"unknown format {fmt!r}: use csv or jsonl")


def _csv_rows(stream: io.TextIOBase) -> Iterator[ParsedRow]:
    # csv.reader plus one zip per row: DictReader's bookkeeping doubles the cost.
    reader = csv.reader(stream)
    try:
        columns = next(reader, None) or []
        unknown = sorted(set(columns) - _FIELD_SET)
        if unknown:
            raise ListFileError(f"line 1: unknown column(s): {', '.join(unknown)}")
        width = len(columns)
        for cells in reader:
            if not cells:
                continue
            if len(cells) > width:
                raise ListFileError(f"line {reader.line_num}: more cells than columns")
            # A repeated column: the last one, as a dict of the row has it.
            yield _parsed(reader.line_num, dict(zip(columns, cells)))
    except csv.Error as error:  # a cell beyond the csv module's size limit, and such
        raise ListFileError(f"line {reader.line_num}: not valid CSV ({error})") from None


def _parsed(line: int, row: dict) -> ParsedRow:
    try:
        return ParsedRow(line, validate_entry(row))
    except ValueError as error:
        raise ListFileError(f"line {line}: {error}") from None


def format_of(filename: str) -> str:
    """csv or jsonl, from a file name."""
    lowered = filename.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    return "csv"
