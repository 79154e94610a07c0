"""What the seed last wrote to each seeded row, and what curation left in the audit log.

A seed sync compares three things per row: the seed file, the row in the database,
and the record here. The record is kept in a row's natural form (brands by name, not
id), as JSON: seed_key is the natural key's values, content the whole row.
"""

import json

from sqlite_utils import Database


def _key(values: tuple) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _content(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def recorded(db: Database) -> dict[str, dict[tuple, dict]]:
    """Every record, by seeded table, then by natural key (none before migration m004)."""
    if not db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seed_state'"
    ).fetchone():
        return {}
    rows = db.execute("SELECT seed_table, seed_key, content FROM seed_state").fetchall()
    # One decode of all records: decoding thousands of small texts one by one costs
    # more than the rest of an unchanged sync.
    keys = json.loads("[" + ",".join(row[1] for row in rows) + "]")
    contents = json.loads("[" + ",".join(row[2] for row in rows) + "]")
    result: dict[str, dict[tuple, dict]] = {}
    for (table, _, _), key, content in zip(rows, keys, contents):
        result.setdefault(table, {})[tuple(key)] = content
    return result


def save(db: Database, table: str, records: dict[tuple, dict]) -> None:
    """Record what the seed wrote (or would have written) for these keys of table."""
    db.conn.executemany(
        "INSERT INTO seed_state (seed_table, seed_key, content) VALUES (?, ?, ?) "
        "ON CONFLICT (seed_table, seed_key) DO UPDATE SET content = excluded.content",
        [(table, _key(key), _content(row)) for key, row in records.items()],
    )


def curation_audit(db: Database) -> list[dict]:
    """Audit records of curated entries, rules and brands (action, before, after), oldest first.

    Read only for rows that have no record yet: in a database made before seed
    records existed, this is how a maintainer's edit is told from an older seed.
    """
    rows = db.execute(
        "SELECT action, before, after FROM audit "
        "WHERE action LIKE 'entry.%' OR action LIKE 'rule.%' OR action LIKE 'brand.%' "
        "ORDER BY id"
    ).fetchall()
    return [
        {"action": action,
         "before": json.loads(before) if before is not None else None,
         "after": json.loads(after) if after is not None else None}
        for action, before, after in rows
    ]


def import_versions(db: Database) -> set[int]:
    """List versions at which a bulk import changed entries (it audits the file, not rows)."""
    versions = set()
    for (after,) in db.execute("SELECT after FROM audit WHERE action = 'import'"):
        version = json.loads(after or "{}").get("version")
        if isinstance(version, int):
            versions.add(version)
    return versions


def deleted_entry_identities(db: Database) -> set[tuple]:
    """(kind, marketplace, key) of every entry that was ever deleted (tombstones for /changes)."""
    return {
        (kind, marketplace, key)
        for kind, marketplace, key in db.execute(
            "SELECT DISTINCT kind, marketplace, key FROM deleted_entries"
        )
    }
