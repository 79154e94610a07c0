"""The console's entry search: every query an index seek, whatever the list's size.

One search field at a time picks the index (key: entries_lookup; name: entries_alias;
title: listing_bands through entries.find_listings_by_bands); without one, the page is a
range of the primary key after the cursor. Filters (kind, marketplace, status, evidence
level) narrow the rows found; pages are keyset (id > after), never OFFSET, so page 10,000
costs what page 1 does. tests/test_console.py checks the plans with EXPLAIN QUERY PLAN.
"""

from sqlite_utils import Database

from ..text import normalize_name
from . import entries

_COLUMNS = entries._PUBLIC_COLUMNS
_FILTERS = ("kind", "marketplace", "status", "evidence_level")


def _where(filters: dict, after: int) -> tuple[list[str], list]:
    where, params = ["id > ?"], [after]
    for column in _FILTERS:
        if filters.get(column) is not None:
            where.append(f"{column} = ?")
            params.append(filters[column])
    return where, params


def _narrowed(rows: list[dict], filters: dict, after: int, limit: int) -> list[dict]:
    """rows (found by an index) that pass the filters and the cursor, in id order."""
    kept = [row for row in rows if row["id"] > after and all(
        filters.get(column) is None or row[column] == filters[column] for column in _FILTERS)]
    return sorted(kept, key=lambda row: row["id"])[:limit]


def by_key(db: Database, key: str, marketplaces: list[str], filters: dict, after: int,
           limit: int) -> list[dict]:
    """Entries whose key is key, of any kind and marketplace: one seek per kind and
    marketplace on entries_lookup (kind, marketplace, key)."""
    found = entries.find_by_keys(db, "domain", None, [key])
    for marketplace in marketplaces:
        for kind in ("seller", "listing"):
            found += entries.find_by_keys(db, kind, marketplace, [key])
    return _narrowed(found, filters, after, limit)


def by_name(db: Database, name: str, marketplaces: list[str], filters: dict, after: int,
            limit: int) -> list[dict]:
    """Sellers whose normalised display name equals name's: entries_alias
    (kind, marketplace, name_norm), one seek per marketplace."""
    normalized = normalize_name(name)
    if not normalized:
        return []
    where, params = _where({**filters, "kind": None, "marketplace": None}, after)
    found = []
    for marketplace in marketplaces:
        found += db.query(
            f"SELECT {_COLUMNS} FROM entries INDEXED BY entries_alias WHERE kind = 'seller' "
            f"AND marketplace = ? AND name_norm = ? AND {' AND '.join(where)} "
            "ORDER BY id LIMIT ?", [marketplace, normalized, *params, limit])
    return _narrowed(found, filters, after, limit)


def by_title(db: Database, title: str, marketplaces: list[str], filters: dict, after: int,
             limit: int, band_keys) -> list[dict]:
    """Counterfeit listings with titles like title (MinHash bands, as the check finds
    relisted titles): a bounded number of seeks per marketplace. band_keys(marketplace,
    title) gives the title's bands."""
    found = []
    for marketplace in marketplaces:
        found += entries.find_listings_by_bands(db, marketplace, band_keys(marketplace, title),
                                                [])
    return _narrowed(found, filters, after, limit)


# Most ids a filtered browse reads for one page: a rare filter (status=authorized among
# 10 M counterfeits) would otherwise read the whole table looking for a page of matches.
BROWSE_SCAN = 20_000


def browse(db: Database, filters: dict, after: int, limit: int) -> tuple[list[dict], int | None]:
    """Entries after the cursor in id order, a range of the primary key, and where the
    next page starts (None at the end).

    With filters, one page reads at most BROWSE_SCAN ids; when they hold fewer than a
    page of matches, the page ends early and the next starts after them, so every page
    costs the same at 10 M rows as at 1 k.
    """
    where, params = _where(filters, after)
    bounded = any(filters.get(column) is not None for column in _FILTERS)
    if bounded:
        where.append("id <= ?")
        params.append(after + BROWSE_SCAN)
    rows = list(db.query(
        f"SELECT {_COLUMNS} FROM entries WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
        [*params, limit]))
    if len(rows) == limit:
        return rows, rows[-1]["id"]
    if bounded and after + BROWSE_SCAN < entries.max_id(db):
        return rows, after + BROWSE_SCAN
    return rows, None
