"""Title rules for curation (replica phrases, prohibited items), one at a time."""

from sqlite_utils import Database

RULE_FIELDS = (
    "kind", "name", "pattern", "except_pattern", "needs_brand", "case_sensitive",
    "category", "evidence_url", "source",
)
_COLUMNS = "id, " + ", ".join(RULE_FIELDS)


def _decoded(rows) -> list[dict]:
    """Rules as read (db.query's dicts), with the flags as booleans."""
    rows = list(rows)
    for row in rows:
        row["needs_brand"] = bool(row["needs_brand"])
        row["case_sensitive"] = bool(row["case_sensitive"])
    return rows


def get(db: Database, rule_id: int) -> dict | None:
    """One rule by id, or None."""
    rows = _decoded(db.query(f"SELECT {_COLUMNS} FROM rules WHERE id = ?", [rule_id]))
    return rows[0] if rows else None


def page(db: Database, *, kind: str | None = None, after_id: int = 0,
         limit: int = 50) -> list[dict]:
    """Rules in id order after after_id, optionally of one kind."""
    where, params = "id > ?", [after_id]
    if kind:
        where += " AND kind = ?"
        params.append(kind)
    return _decoded(db.query(
        f"SELECT {_COLUMNS} FROM rules WHERE {where} ORDER BY id LIMIT ?", [*params, limit]
    ))


def save(db: Database, rule: dict, rule_id: int | None = None) -> int:
    """Insert (rule_id None) or update a rule; IntegrityError if (kind, name) is taken."""
    values = [int(rule[f]) if f in ("needs_brand", "case_sensitive") else rule.get(f)
              for f in RULE_FIELDS]
    if rule_id is None:
        return db.execute(
            f"INSERT INTO rules ({', '.join(RULE_FIELDS)}) "
            f"VALUES ({', '.join('?' for _ in RULE_FIELDS)})", values,
        ).lastrowid
    db.execute(
        f"UPDATE rules SET {', '.join(f'{f} = ?' for f in RULE_FIELDS)} WHERE id = ?",
        [*values, rule_id],
    )
    return rule_id


def delete(db: Database, rule_id: int) -> bool:
    """Delete a rule; False if absent."""
    return db.execute("DELETE FROM rules WHERE id = ?", [rule_id]).rowcount == 1
