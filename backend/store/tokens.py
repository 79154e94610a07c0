"""Maintainer tokens, stored only as SHA-256 hashes of the token."""

from sqlite_utils import Database


def insert(db: Database, name: str, role: str, token_hash: str) -> int:
    """Store a new token; raises sqlite3.IntegrityError if name is taken by an active one."""
    return db.execute(
        "INSERT INTO tokens (name, role, token_hash, created_at) "
        "VALUES (?, ?, ?, datetime('now'))",
        [name, role, token_hash],
    ).lastrowid


def active_by_hash(db: Database, token_hash: str) -> dict | None:
    """The unrevoked token with this hash, or None."""
    rows = list(db.query(
        "SELECT id, name, role, token_hash FROM tokens "
        "WHERE token_hash = ? AND revoked_at IS NULL",
        [token_hash],
    ))
    return rows[0] if rows else None


def active_by_id(db: Database, token_id: int) -> dict | None:
    """The unrevoked token with this id (name and role, no hash), or None."""
    rows = list(db.query(
        "SELECT id, name, role FROM tokens WHERE id = ? AND revoked_at IS NULL", [token_id]
    ))
    return rows[0] if rows else None


def touch(db: Database, token_id: int):
    """Note that the token was just used (for a write; reads record nothing)."""
    db.execute("UPDATE tokens SET last_used_at = datetime('now') WHERE id = ?", [token_id])


def all_tokens(db: Database) -> list[dict]:
    """Every token, active and revoked, without hashes."""
    return list(db.query(
        "SELECT id, name, role, created_at, last_used_at, revoked_at FROM tokens ORDER BY id"
    ))


def revoke(db: Database, name: str) -> int:
    """Revoke the active token called name; returns how many were revoked (0 or 1)."""
    return db.execute(
        "UPDATE tokens SET revoked_at = datetime('now') WHERE name = ? AND revoked_at IS NULL",
        [name],
    ).rowcount
