"""Reference data the rules compile from: marketplaces, brands, prices, rules, markets."""

import json

from sqlite_utils import Database

from .brands import fold_name


# Seeded tables whose rows name their brand: read joined to brands and written through
# the brand's id, so that a seed row keeps meaning its brand even if the id changes.
_BY_BRAND = ("brand_domains", "price_floors")


def seeded_rows(db: Database, table: str, columns: list[str]) -> list[dict]:
    """Every row of a seeded table in its natural form (a `brand` column holds the name)."""
    if table in _BY_BRAND:
        select = ", ".join(
            "brands.name AS brand" if column == "brand" else f"{table}.{column}"
            for column in columns
        )
        return list(db.query(
            f"SELECT {select} FROM {table} JOIN brands ON brands.id = {table}.brand_id"
        ))
    return list(db.query(f"SELECT {', '.join(columns)} FROM {table}"))


def write_seeded(db: Database, table: str, rows: list[dict], key: tuple[str, ...]) -> None:
    """Insert rows (natural form, as seeded_rows reads them) or update them on key.

    Rows of brand_domains and price_floors must name a brand that exists.
    """
    if not rows:
        return
    if table in _BY_BRAND:
        ids = brand_ids(db)
        rows = [
            {("brand_id" if column == "brand" else column):
             (ids[value] if column == "brand" else value) for column, value in row.items()}
            for row in rows
        ]
        key = tuple("brand_id" if column == "brand" else column for column in key)
    if table == "brands":  # the name in the form its unique index holds (schema m005)
        rows = [{**row, "name_fold": fold_name(row["name"])} for row in rows]
    # key is the table's primary key or a UNIQUE constraint of plain columns, never NULL
    # in seed rows: what upsert_all's ON CONFLICT (key) needs. (Entries' identity is an
    # expression index with a NULL marketplace for domains, hence entries.upsert.)
    db.table(table).upsert_all(rows, pk=key)


def brand_ids(db: Database) -> dict[str, int]:
    """Brand id by brand name."""
    return dict(db.execute("SELECT name, id FROM brands").fetchall())


def marketplace_hosts(db: Database) -> dict[str, str]:
    """Marketplace id by host or registered domain."""
    return dict(db.execute("SELECT host, marketplace FROM marketplace_hosts").fetchall())


def brands(db: Database) -> list[dict]:
    """Every brand with its aliases and official domains."""
    result = []
    for brand in list(db.query("SELECT id, name, aliases, category FROM brands ORDER BY id")):
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
    rows = list(db.query(
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
    return list(db.query(
        "SELECT id, kind, name, pattern, except_pattern, needs_brand, case_sensitive, "
        "category, evidence_url FROM rules ORDER BY id"
    ))


def latest_notorious_markets(db: Database) -> list[dict]:
    """Markets named in the latest USTR Notorious Markets review on the list."""
    rows = list(db.query(
        "SELECT review_year, release_date, name, marketplace, domains, source "
        "FROM notorious_markets "
        "WHERE review_year = (SELECT max(review_year) FROM notorious_markets)"
    ))
    for row in rows:
        row["domains"] = json.loads(row["domains"])
    return rows
