"""Brands for curation: name, aliases, category and official domains, one at a time."""

import json

from sqlite_utils import Database

BRAND_COLUMNS = ("name", "aliases", "category", "source")


def _with_domains(db: Database, brand: dict) -> dict:
    brand["aliases"] = json.loads(brand["aliases"])
    brand["domains"] = [domain for (domain,) in db.execute(
        "SELECT domain FROM brand_domains WHERE brand_id = ? ORDER BY domain", [brand["id"]]
    )]
    return brand


def get(db: Database, brand_id: int) -> dict | None:
    """One brand with its aliases and domains, or None."""
    rows = list(db.query(
        "SELECT id, name, aliases, category, source FROM brands WHERE id = ?", [brand_id]
    ))
    return _with_domains(db, rows[0]) if rows else None


def page(db: Database, *, after_id: int = 0, limit: int = 50, text: str | None = None) -> list[dict]:
    """Brands in id order after after_id, optionally whose name contains text."""
    where, params = "id > ?", [after_id]
    if text:
        where += " AND instr(lower(name), ?)"
        params.append(text.lower())
    rows = list(db.query(
        f"SELECT id, name, aliases, category, source FROM brands WHERE {where} "
        "ORDER BY id LIMIT ?", [*params, limit],
    ))
    return [_with_domains(db, row) for row in rows]


def domain_owner(db: Database, domain: str) -> int | None:
    """The id of the brand that owns domain, or None."""
    row = db.execute("SELECT brand_id FROM brand_domains WHERE domain = ?", [domain]).fetchone()
    return row[0] if row else None


def fold_name(name: str) -> str:
    """The form in which brand names are unique: Unicode case folding (ROLEX, Rolex).

    Python's casefold, not SQLite's lower(), which folds ASCII only (HERMÈS, Hermès).
    """
    return name.casefold()


def named(db: Database, name: str, other_than: int | None = None) -> dict | None:
    """The brand (id, name) whose name is name in any case, other than brand other_than."""
    row = db.execute(
        "SELECT id, name FROM brands WHERE name_fold = ? AND id IS NOT ?",
        [fold_name(name), other_than],
    ).fetchone()
    return {"id": row[0], "name": row[1]} if row else None


def alias_owner(db: Database, name: str, other_than: int | None = None) -> dict | None:
    """The brand (id, name) with name among its aliases in any case, other than other_than."""
    folded = fold_name(name)
    # Aliases are a JSON list per brand; curation edits are rare and brands few.
    for brand_id, brand_name, aliases in db.execute(
            "SELECT id, name, aliases FROM brands WHERE id IS NOT ?", [other_than]):
        if any(fold_name(alias) == folded for alias in json.loads(aliases)):
            return {"id": brand_id, "name": brand_name}
    return None


def save(db: Database, brand: dict, brand_id: int | None = None) -> int:
    """Insert (brand_id None) or update a brand and replace its domains; returns its id.

    Raises sqlite3.IntegrityError when the name (in any case) or a domain belongs to
    another brand.
    """
    values = [brand["name"], fold_name(brand["name"]), json.dumps(brand["aliases"]),
              brand.get("category"), brand.get("source")]
    if brand_id is None:
        brand_id = db.execute(
            "INSERT INTO brands (name, name_fold, aliases, category, source) "
            "VALUES (?, ?, ?, ?, ?)", values
        ).lastrowid
    else:
        db.execute(
            "UPDATE brands SET name = ?, name_fold = ?, aliases = ?, category = ?, source = ? "
            "WHERE id = ?",
            [*values, brand_id],
        )
        db.execute("DELETE FROM brand_domains WHERE brand_id = ?", [brand_id])
    for domain in brand["domains"]:
        db.execute("INSERT INTO brand_domains (domain, brand_id) VALUES (?, ?)", [domain, brand_id])
    return brand_id


def delete(db: Database, brand_id: int) -> bool:
    """Delete a brand (its domains and price floors go with it); False if absent."""
    return db.execute("DELETE FROM brands WHERE id = ?", [brand_id]).rowcount == 1
