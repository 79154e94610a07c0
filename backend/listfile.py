"""Reading and writing list files: CSV or JSON Lines of curated entries (see the contract)."""

import csv
import io
import json
from dataclasses import dataclass
from typing import Iterator

from . import marketplaces
from .urls import InvalidUrl, canonicalize, registered_domain

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
    if kind == "domain":
        host = key.lower()
        if "://" in host:
            host = canonicalize(host)[1].hostname or ""
        host = host.split("/")[0].strip(".")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValueError(f"key {key!r} is not a domain name") from None
        if "." not in host or " " in host:
            raise ValueError(f"key {key!r} is not a domain name")
        return registered_domain(host)
    market = marketplaces.get(marketplace)
    if market is None:
        raise ValueError(f"marketplace {marketplace!r} is not one of {', '.join(marketplaces.MARKETPLACES)}")
    return market.canonical_seller(key) if kind == "seller" else market.canonical_listing(key)


def validate_entry(raw: dict) -> dict:
    """Check and canonicalise one entry given as a dict; raises ValueError naming the field."""
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(unknown)}")
    entry = {}
    for field in FIELDS:
        value = raw.get(field)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{field} must be a string")
        value = value.strip() if value else None
        if value and len(value) > _LIMITS.get(field, 2048):
            raise ValueError(f"{field} is longer than {_LIMITS.get(field, 2048)} characters")
        entry[field] = value or None
    if entry["kind"] not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    if entry["status"] not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    if entry["evidence_level"] and entry["evidence_level"] not in EVIDENCE_LEVELS:
        raise ValueError(f"evidence_level must be one of {', '.join(EVIDENCE_LEVELS)}")
    if entry["kind"] == "domain":
        if entry["marketplace"]:
            raise ValueError("marketplace must be empty for a domain")
    elif entry["marketplace"] not in marketplaces.MARKETPLACES:
        raise ValueError(f"marketplace must be one of {', '.join(marketplaces.MARKETPLACES)}")
    if not entry["key"]:
        raise ValueError("key is required")
    entry["key"] = canonical_key(entry["kind"], entry["marketplace"], entry["key"])
    if entry["evidence_url"]:
        try:
            canonicalize(entry["evidence_url"])
        except InvalidUrl:
            raise ValueError("evidence_url must be an http(s) URL") from None
    return entry


def read_rows(stream: io.TextIOBase, fmt: str) -> Iterator[ParsedRow]:
    """Yield validated entries from a CSV or JSON Lines stream; raises ListFileError."""
    if fmt == "csv":
        reader = csv.DictReader(stream)
        unknown = sorted(set(reader.fieldnames or ()) - set(FIELDS))
        if unknown:
            raise ListFileError(f"line 1: unknown column(s): {', '.join(unknown)}")
        for row in reader:
            if None in row:
                raise ListFileError(f"line {reader.line_num}: more cells than columns")
            yield _parsed(reader.line_num, row)
    elif fmt == "jsonl":
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ListFileError(f"line {number}: not valid JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise ListFileError(f"line {number}: expected a JSON object")
            yield _parsed(number, row)
    else:
        raise ListFileError(f"unknown format {fmt!r}: use csv or jsonl")


def _parsed(line: int, row: dict) -> ParsedRow:
    try:
        return ParsedRow(line, validate_entry({k: v for k, v in row.items() if k is not None}))
    except ValueError as error:
        raise ListFileError(f"line {line}: {error}") from None


def format_of(filename: str) -> str:
    """csv or jsonl, from a file name."""
    lowered = filename.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    return "csv"
