"""Takedowns (maintainers): record what a platform was told about an entry and its answer.

Audited like every curation change, under the entry's target ("entry:<id>"), so that an
entry's history shows them beside its edits. Takedowns do not change the list, so the
list version stays; the reasons' messages read them at each check.

For the console: record(), answer(), of_entry(), newest() and sightings_of().
"""

from ..errors import Conflict, InvalidInput, NotFound
from ..models.takedowns import TakedownAnswer, TakedownInput
from ..store import audit, entries, sightings, takedowns, transaction

SIGHTING_DAYS = 366  # an entry's history shows a year of sightings


def record(db, entry_id: int, new: TakedownInput, actor: str) -> dict:
    """Record that a listed counterfeit entry was reported to its platform; returns the
    takedown. 404 without the entry, 409 if it is listed as authorized."""
    with transaction(db):
        entry = entries.get(db, entry_id)
        if entry is None:
            raise NotFound(f"No entry {entry_id}.")
        if entry["status"] != "counterfeit":
            raise Conflict(f"Entry {entry_id} is listed as authorized: nothing to take down.")
        takedown_id = takedowns.insert(db, entry_id, new.channel, new.reported_at,
                                       new.reference, actor)
        created = takedowns.get(db, takedown_id)
        audit.record(db, actor, "takedown.create", f"entry:{entry_id}", None, created)
    return created


def answer(db, takedown_id: int, reply: TakedownAnswer, actor: str) -> dict:
    """Record the platform's answer; 400 naming `answered_at` if it is before the report."""
    with transaction(db):
        before = takedowns.get(db, takedown_id)
        if before is None:
            raise NotFound(f"No takedown {takedown_id}.")
        if reply.answered_at < before["reported_at"]:
            raise InvalidInput(f"`answered_at` cannot be before `reported_at` "
                               f"({before['reported_at']}).")
        takedowns.answer(db, takedown_id, reply.outcome, reply.answered_at)
        after = takedowns.get(db, takedown_id)
        audit.record(db, actor, "takedown.answer", f"entry:{before['entry_id']}", before, after)
    return after


def of_entry(db, entry_id: int) -> dict:
    """{"items": the entry's takedowns, oldest first, "sightings": its sighting days,
    newest first}; 404 if there is no such entry and it never had a takedown."""
    items = takedowns.of_entry(db, entry_id)
    if not items and entries.get(db, entry_id) is None:
        raise NotFound(f"No entry {entry_id}.")
    return {"items": items, "sightings": sightings_of(db, entry_id)}


def sightings_of(db, entry_id: int) -> list[str]:
    """The days a check saw the entry (at most a year's), newest first."""
    return sightings.of_entry(db, entry_id, limit=SIGHTING_DAYS)


def newest(db, *, limit: int, before_id: int | None = None, open_only: bool = False) -> list[dict]:
    """Takedowns newest first (the console's takedowns page): older than before_id if
    given, only those still awaiting an answer with open_only."""
    return takedowns.newest(db, limit=limit, before_id=before_id, open_only=open_only)
