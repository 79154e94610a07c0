"""The audit log: who changed what in the list, when, with the before and after states."""

import json

from sqlite_utils import Database


def record(db: Database, actor: str, action: str, target: str, before, after) -> int:
    """Append one change (before/after as JSON-able values or None); returns its id.

    Call it inside the change's own transaction so that a change and its record
    are written together or not at all.
    """
    cursor = db.execute(
        "INSERT INTO audit (at, actor, action, target, before, after) "
        "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, ?)",
        [actor, action, target, _json(before), _json(after)],
    )
    return cursor.lastrowid


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def newest(db: Database, *, limit: int, before_id: int | None = None,
           target: str | None = None) -> list[dict]:
    """Records newest first, optionally only older than before_id or about one target."""
    where, params = [], []
    if before_id is not None:
        where.append("id < ?")
        params.append(before_id)
    if target is not None:
        where.append("target = ?")
        params.append(target)
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    rows = list(db.query(
        f"SELECT id, at, actor, action, target, before, after FROM audit {clause}"
        "ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ))
    for row in rows:
        row["before"] = json.loads(row["before"]) if row["before"] is not None else None
        row["after"] = json.loads(row["after"]) if row["after"] is not None else None
    return rows
