"""Curated entries, one at a time (maintainers): list, add, read, change, delete."""

from flask import Blueprint, g, request

from .. import auth
from ..curation import entries as curation_entries
from ..db import get_db
from ..errors import NotFound
from ..models.entries import Entry, EntryChanges, EntryInput, EntryQuery
from ..models.feeds import Paging, page_of
from ..models.fields import Answer
from ..store import entries
from .paging import paged
from .validation import shape

bp = Blueprint("entries", __name__)


class _ListQuery(EntryQuery, Paging):
    """The filters and the page."""


class Deleted(Answer):
    id: int
    deleted: bool
    list_version: int


@bp.get("/entries")
@auth.require("maintainer")
@shape(query=_ListQuery, answer=page_of(Entry))
def list_entries(query):
    """Entries in id order, filtered by kind, marketplace, status and q; paged by
    `cursor` (from next_cursor) or `offset`."""
    return paged(query.limit, lambda limit: entries.search(
        get_db(), kind=query.kind, marketplace=query.marketplace, status=query.status,
        text=(query.q or "").strip() or None, after_id=query.cursor, offset=query.offset,
        limit=limit))


@bp.post("/entries")
@auth.require("maintainer")
@shape(body=EntryInput, answer=Entry, status=201, errors=(409,))
def create_entry(body):
    """Add an entry (evidence_level required); 201, or 409 if it is already listed."""
    entry = curation_entries.create(get_db(), body, g.actor)
    return entry, 201, {"Location": f"{request.path}/{entry['id']}"}


@bp.get("/entries/<int:entry_id>")
@auth.require("maintainer")
@shape(answer=Entry)
def get_entry(entry_id):
    """One entry."""
    entry = entries.get(get_db(), entry_id)
    if entry is None:
        raise NotFound(f"No entry {entry_id}.")
    return entry


@bp.patch("/entries/<int:entry_id>")
@auth.require("maintainer")
@shape(body=EntryChanges, answer=Entry, errors=(409,))
def update_entry(entry_id, body):
    """Change some of an entry's fields (null clears one)."""
    return curation_entries.update(get_db(), entry_id, body.model_dump(exclude_unset=True),
                                   g.actor)


@bp.delete("/entries/<int:entry_id>")
@auth.require("maintainer")
@shape(answer=Deleted)
def delete_entry(entry_id):
    """Delete an entry; /changes reports it as deleted."""
    db = get_db()
    version = curation_entries.delete(db, entry_id, g.actor)
    return {"id": entry_id, "deleted": True, "list_version": version}
