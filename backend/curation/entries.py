"""Maintainers' edits to curated entries: validated like list files, versioned, audited."""

import sqlite3

from ..errors import Conflict, InvalidInput, NotFound
from ..models.entries import FIELDS, EntryInput
from ..models.parse import parse
from ..store import audit, entries
from . import Unchanged, list_change
from . import disputes as curation_disputes


def _state(entry: dict) -> dict:
    """The fields an audit record keeps of an entry."""
    return {"id": entry["id"], **{field: entry.get(field) for field in FIELDS}}


def _clash(entry: dict) -> Conflict:
    return Conflict(
        f"An entry for {entry['kind']} {entry['key']!r}"
        + (f" on {entry['marketplace']}" if entry["marketplace"] else "") + " already exists."
    )


def create(db, new: EntryInput, actor: str) -> dict:
    """Add a validated entry; 409 if it exists (or its dispute was upheld, unless overridden)."""
    entry = new.model_dump(exclude={"override_dispute"})
    with list_change(db) as version:
        curation_disputes.check_relisting(db, entry, new.override_dispute)
        try:
            entry_id = entries.insert(db, entry, version)
        except sqlite3.IntegrityError:
            raise _clash(entry) from None
        created = entries.get(db, entry_id)
        audit.record(db, actor, "entry.create", f"entry:{entry_id}", None, _state(created))
    return created


def update(db, entry_id: int, changes: dict, actor: str) -> dict:
    """Change some fields of an entry (null clears one); unchanged entries keep their version.

    changes holds fields that passed their own checks; the entry they make is checked whole.
    """
    changes = dict(changes)
    override_dispute = bool(changes.pop("override_dispute", False))
    try:
        with list_change(db) as version:
            before = entries.get(db, entry_id)
            if before is None:
                raise NotFound(f"No entry {entry_id}.")
            try:
                entry = parse(EntryInput, {**{field: before[field] for field in FIELDS},
                                           **changes}).model_dump()
            except InvalidInput as error:
                # Each change fits its field (checked before); together with the fields
                # the entry has, they make no entry the list can hold.
                raise Conflict(f"The entry would not be valid: {error.message}") from None
            if all(entry[field] == before[field] for field in FIELDS):
                raise Unchanged(before)
            if any(entry[field] != before[field] for field in ("kind", "marketplace", "key",
                                                                "status")):
                curation_disputes.check_relisting(db, entry, override_dispute)
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
        remove(db, entry_id, actor, version)
    return version


def remove(db, entry_id: int, actor: str, version: int) -> dict:
    """Delete an entry inside an open list change (an upheld dispute's too); the old entry."""
    before = entries.get(db, entry_id)
    if before is None:
        raise NotFound(f"No entry {entry_id}.")
    entries.delete(db, entry_id, version)
    audit.record(db, actor, "entry.delete", f"entry:{entry_id}", _state(before), None)
    return before
