"""Reference data the rules compile from: marketplaces, brands, prices, rules, markets."""

import json

from sqlite_utils import Database


def _rows(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def sync_table(db: Database, table: str, rows: list[dict], key: tuple[str, ...]) -> int:
    """Make table hold rows (matched on key): insert new, update differing; return changes.

    Rows already present and equal are not touched, so syncing twice is a no-op.
    """
    if not rows:
        return 0
    # The first row with a key wins (a domain shared by two brands stays with the first),
    # so that syncing twice cannot flip-flop between duplicates.
    unique: dict[tuple, dict] = {}
    for row in rows:
        unique.setdefault(tuple(row[k] for k in key), row)
    rows = list(unique.values())
    columns = list(rows[0])
    existing = {
        tuple(row[k] for k in key): row
        for row in _rows(db.execute(f"SELECT {', '.join(columns)} FROM {table}"))
    }
    changed = 0
    for row in rows:
        current = existing.get(tuple(row[k] for k in key))
        if current == row:
            continue
        updates = [column for column in columns if column not in key]
        conflict = (
            f"DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updates)}"
            if updates else "DO NOTHING"
        )
        db.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({', '.join(key)}) {conflict}",
            [row[c] for c in columns],
        )
        changed += 1
    return changed


def brand_ids(db: Database) -> dict[str, int]:
    """Brand id by brand name."""
    return dict(db.execute("SELECT name, id FROM brands").fetchall())


def marketplace_hosts(db: Database) -> dict[str, str]:
    """Marketplace id by host or registered domain."""
    return dict(db.execute("SELECT host, marketplace FROM marketplace_hosts").fetchall())


def brands(db: Database) -> list[dict]:
    """Every brand with its aliases and official domains."""
    result = []
    for brand in _rows(db.execute("SELECT id, name, aliases, category FROM brands ORDER BY id")):
        brand["aliases"] = json.loads(brand["aliases"])
        brand["domains"] = [
            domain for (domain,) in db.execute(
                "SELECT domain FROM brand_domains WHERE brand_id = ? ORDER BY domain",
                [brand["id"]],
            )
        ]
        result.append(brand)
    return result


def price_floors(db: Database) -> list[dict]:
    """Every brand's price floor per product type."""
    rows = _rows(db.execute(
        "SELECT brands.name AS brand, product_type, keywords, min_price, currency "
        "FROM price_floors JOIN brands ON brands.id = price_floors.brand_id"
    ))
    for row in rows:
        row["keywords"] = json.loads(row["keywords"])
    return rows


def currencies(db: Database) -> dict[str, float]:
    """Units of each currency per U.S. dollar."""
    return dict(db.execute("SELECT code, units_per_usd FROM currencies").fetchall())


def rules(db: Database) -> list[dict]:
    """Every title rule (replica phrases and prohibited items)."""
    return _rows(db.execute(
        "SELECT id, kind, name, pattern, except_pattern, needs_brand, case_sensitive, "
        "category, evidence_url FROM rules ORDER BY id"
    ))


def latest_notorious_markets(db: Database) -> list[dict]:
    """Markets named in the latest USTR Notorious Markets review on the list."""
    rows = _rows(db.execute(
        "SELECT review_year, release_date, name, marketplace, domains, source "
        "FROM notorious_markets "
        "WHERE review_year = (SELECT max(review_year) FROM notorious_markets)"
    ))
    for row in rows:
        row["domains"] = json.loads(row["domains"])
    return rows
