"""Reading and writing list files: CSV or JSON Lines of curated entries (see the contract)."""

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Iterator

from . import marketplaces
from .urls import ascii_host, canonicalize, domain_key_problem, registered_domain

FIELDS = (
    "kind", "marketplace", "key", "status", "name", "title", "brand",
    "evidence_url", "note", "source", "evidence_level",
)
KINDS = ("seller", "listing", "domain")
STATUSES = ("counterfeit", "authorized")
EVIDENCE_LEVELS = (
    "test_purchase", "rights_holder", "seller_admission", "volunteer_reports",
    "published_list", "pattern",
)
_LIMITS = {"name": 300, "title": 1000, "brand": 100, "note": 2000, "source": 300, "key": 300}


class ListFileError(ValueError):
    """A row of a list file is invalid; the message names the line and the field."""


@dataclass
class ParsedRow:
    line: int
    entry: dict


def canonical_key(kind: str, marketplace: str | None, key: str) -> str:
    """The canonical form of an entry key (contract: 'Canonical ids'); raises ValueError."""
    key = key.strip()
    if not key:
        raise ValueError("key is empty")
    if not key.isprintable():
        raise ValueError("key contains control characters")
    if kind == "domain":
        host = key.lower()
        if "://" in host:
            host = canonicalize(host)[1].hostname or ""
        host = host.split("/")[0].strip(".")
        try:
            host = ascii_host(host)
        except ValueError:
            raise ValueError(f"key {key!r} is not a domain name") from None
        problem = domain_key_problem(host)
        if problem:
            raise ValueError(f"key {key!r} {problem}")
        return registered_domain(host)
    market = marketplaces.get(marketplace)
    if market is None:
        raise ValueError(f"marketplace {marketplace!r} is not one of {', '.join(marketplaces.MARKETPLACES)}")
    # The shape each marketplace declares: a key of any other shape could never match.
    try:
        return market.seller_key(key) if kind == "seller" else market.listing_key(key)
    except ValueError as error:
        raise ValueError(f"key {error}") from None


# Precomputed once: validate_entry runs for every row of files with millions of rows.
_FIELD_SET = frozenset(FIELDS)
_FIELD_LIMITS = tuple((field, _LIMITS.get(field, 2048)) for field in FIELDS)
_KIND_SET = frozenset(KINDS)
_STATUS_SET = frozenset(STATUSES)
_EVIDENCE_LEVEL_SET = frozenset(EVIDENCE_LEVELS)
# Enough to know a link is an absolute http(s) URL with a host; full canonicalisation
# (urls.canonicalize) costs 15 µs a row, more than everything else here together.
_HTTP_URL = re.compile(r"https?://(?:[^\s/?#@]*@)?[^\s/?#@:]+(?::\d{0,5})?(?:[/?#].*)?",
                       re.IGNORECASE | re.DOTALL)


def is_evidence_url(value: str) -> bool:
    """Whether value is an evidence_url an entry may hold."""
    return _HTTP_URL.fullmatch(value) is not None


def validate_entry(raw: dict) -> dict:
    """Check and canonicalise one entry given as a dict; raises ValueError naming the field."""
    if not _FIELD_SET.issuperset(raw):
        raise ValueError(f"unknown field(s): {', '.join(sorted(set(raw) - _FIELD_SET))}")
    entry = {}
    for field, limit in _FIELD_LIMITS:
        value = raw.get(field)
        if value:
            if not isinstance(value, str):
                raise ValueError(f"{field} must be a string")
            value = value.strip()
            if len(value) > limit:
                raise ValueError(f"{field} is longer than {limit} characters")
            entry[field] = value or None
        elif value is None or value == "":
            entry[field] = None
        else:
            raise ValueError(f"{field} must be a string")
    return _checked(entry)


def _csv_entry(positions: tuple, cells: list[str]) -> dict:
    """validate_entry for a CSV row: cells are strings already, columns known."""
    count = len(cells)
    entry = {}
    for field, index, limit in positions:
        value = cells[index].strip() if index < count else ""
        if len(value) > limit:
            raise ValueError(f"{field} is longer than {limit} characters")
        entry[field] = value or None
    return _checked(entry)


def _checked(entry: dict) -> dict:
    """The checks and canonical key of an entry whose fields are stripped strings or None."""
    kind = entry["kind"]
    if kind not in _KIND_SET:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    if entry["status"] not in _STATUS_SET:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    if entry["evidence_level"] and entry["evidence_level"] not in _EVIDENCE_LEVEL_SET:
        raise ValueError(f"evidence_level must be one of {', '.join(EVIDENCE_LEVELS)}")
    if kind == "domain":
        if entry["marketplace"]:
            raise ValueError("marketplace must be empty for a domain")
    elif entry["marketplace"] not in marketplaces.MARKETPLACES:
        raise ValueError(f"marketplace must be one of {', '.join(marketplaces.MARKETPLACES)}")
    if not entry["key"]:
        raise ValueError("key is required")
    entry["key"] = canonical_key(kind, entry["marketplace"], entry["key"])
    if (kind == "seller" and entry["status"] == "counterfeit"
            and marketplaces.MARKETPLACES[entry["marketplace"]].is_retail_seller(entry["key"])):
        raise ValueError(f"key {entry['key']} is {entry['marketplace']}'s own retail arm; "
                         "list the listing instead")
    if entry["evidence_url"] and not _HTTP_URL.fullmatch(entry["evidence_url"]):
        raise ValueError("evidence_url must be an http(s) URL")
    return entry


def read_rows(stream: io.TextIOBase, fmt: str) -> Iterator[ParsedRow]:
    """Yield validated entries from a CSV or JSON Lines stream; raises ListFileError."""
    if fmt == "csv":
        # csv.reader plus one zip per row: DictReader's bookkeeping doubles the cost.
        reader = csv.reader(stream)
        try:
            columns = next(reader, None) or []
            unknown = sorted(set(columns) - set(FIELDS))
            if unknown:
                raise ListFileError(f"line 1: unknown column(s): {', '.join(unknown)}")
            width = len(columns)
            # Where each field is in a row (a column that is absent reads as empty).
            # (a repeated column: the last one, as a dict of the row would have it).
            index_of = {column: index for index, column in enumerate(columns)}
            positions = tuple((field, index_of.get(field, width), limit)
                              for field, limit in _FIELD_LIMITS)
            for cells in reader:
                if not cells:
                    continue
                if len(cells) > width:
                    raise ListFileError(f"line {reader.line_num}: more cells than columns")
                try:
                    yield ParsedRow(reader.line_num, _csv_entry(positions, cells))
                except ValueError as error:
                    raise ListFileError(f"line {reader.line_num}: {error}") from None
        except csv.Error as error:  # a cell beyond the csv module's size limit, and such
            raise ListFileError(f"line {reader.line_num}: not valid CSV ({error})") from None
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
