"""Maintainers' edits to curated entries: validated like list files, versioned, audited."""

import sqlite3

from ..errors import Conflict, InvalidInput, NotFound
from ..listfile import FIELDS, validate_entry
from ..store import audit, entries
from . import Unchanged, list_change

# What a maintainer may send: the list-file fields (kind, key, status, ... evidence_level).
EDITABLE = FIELDS


def _validated(raw: dict) -> dict:
    try:
        return validate_entry(raw)
    except ValueError as error:
        raise InvalidInput(f"Invalid entry: {error}.") from None


def _state(entry: dict) -> dict:
    """The fields an audit record keeps of an entry."""
    return {"id": entry["id"], **{field: entry.get(field) for field in FIELDS}}


def _clash(entry: dict) -> Conflict:
    return Conflict(
        f"An entry for {entry['kind']} {entry['key']!r}"
        + (f" on {entry['marketplace']}" if entry["marketplace"] else "") + " already exists."
    )


def create(db, raw: dict, actor: str) -> dict:
    """Add an entry; 400 if invalid or without evidence_level, 409 if it exists."""
    entry = _validated(raw)
    if not entry["evidence_level"]:
        raise InvalidInput("Invalid entry: evidence_level is required.")
    with list_change(db) as version:
        try:
            entry_id = entries.insert(db, entry, version)
        except sqlite3.IntegrityError:
            raise _clash(entry) from None
        created = entries.get(db, entry_id)
        audit.record(db, actor, "entry.create", f"entry:{entry_id}", None, _state(created))
    return created


def update(db, entry_id: int, changes: dict, actor: str) -> dict:
    """Change some fields of an entry (null clears one); unchanged entries keep their version."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"Invalid entry: unknown field(s): {', '.join(unknown)}.")
    try:
        with list_change(db) as version:
            before = entries.get(db, entry_id)
            if before is None:
                raise NotFound(f"No entry {entry_id}.")
            entry = _validated({**{field: before[field] for field in FIELDS}, **changes})
            if not entry["evidence_level"]:
                raise InvalidInput("Invalid entry: evidence_level is required.")
            if all(entry[field] == before[field] for field in FIELDS):
                raise Unchanged(before)
            try:
                entries.update(db, entry_id, entry, version)
            except sqlite3.IntegrityError:
                raise _clash(entry) from None
            after = entries.get(db, entry_id)
            audit.record(db, actor, "entry.update", f"entry:{entry_id}", _state(before),
                         _state(after))
    except Unchanged as unchanged:
        return unchanged.result
    return after


def delete(db, entry_id: int, actor: str) -> int:
    """Delete an entry (leaving a tombstone for /changes); returns the new list version."""
    with list_change(db) as version:
        before = entries.get(db, entry_id)
        if before is None:
            raise NotFound(f"No entry {entry_id}.")
        entries.delete(db, entry_id, version)
        audit.record(db, actor, "entry.delete", f"entry:{entry_id}", _state(before), None)
    return version
