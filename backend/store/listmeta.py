"""The list version: one number that grows with every change to the curated list."""

from sqlite_utils import Database


def current_version(db: Database) -> int:
    """The list version now."""
    return db.execute("SELECT version FROM list_meta WHERE id = 1").fetchone()[0]


def next_version(db: Database) -> int:
    """Raise the list version by one and return it; call inside the change's transaction."""
    db.execute(
        "UPDATE list_meta SET version = version + 1, updated_at = datetime('now') WHERE id = 1"
    )
    return current_version(db)


def counts(db: Database) -> dict:
    """How many sellers, listings, domains and rules the list holds."""
    rows = db.execute("SELECT kind, count(*) FROM entries GROUP BY kind").fetchall()
    by_kind = dict(rows)
    rules = db.execute("SELECT count(*) FROM rules").fetchone()[0]
    return {
        "sellers": by_kind.get("seller", 0),
        "listings": by_kind.get("listing", 0),
        "domains": by_kind.get("domain", 0),
        "rules": rules,
    }


def raise_version_past(db: Database, version: int) -> int:
    """Set the list version above both version and its own (a restore must never let a
    replica believe it already has the restored list); returns the new version."""
    db.execute(
        "UPDATE list_meta SET version = max(version, ?) + 1, updated_at = datetime('now') "
        "WHERE id = 1", [version]
    )
    return current_version(db)
