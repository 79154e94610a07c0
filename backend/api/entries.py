"""Curated entries, one at a time (maintainers): list, add, read, change, delete."""

from flask import Blueprint, g, request

from .. import auth
from ..curation import entries as curation_entries
from ..db import get_db
from ..errors import InvalidInput, NotFound
from ..listfile import KINDS, STATUSES
from ..store import entries
from .paging import int_arg, limit_arg, page_of
from .validation import json_body

bp = Blueprint("entries", __name__)


def _choice_arg(name: str, choices) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in choices:
        raise InvalidInput(f"`{name}` must be one of: {', '.join(choices)}.")
    return value


@bp.get("/entries")
@auth.require("maintainer")
def list_entries():
    """Entries in id order, filtered by kind, marketplace, status and q; paged by
    `cursor` (from next_cursor) or `offset`."""
    limit = limit_arg()
    found = entries.search(
        get_db(), kind=_choice_arg("kind", KINDS),
        marketplace=request.args.get("marketplace") or None,
        status=_choice_arg("status", STATUSES),
        text=(request.args.get("q") or "").strip() or None,
        after_id=int_arg("cursor", 0), offset=int_arg("offset", 0), limit=limit + 1,
    )
    items, next_cursor = page_of(found, limit)
    return {"items": items, "next_cursor": next_cursor}


@bp.post("/entries")
@auth.require("maintainer")
def create_entry():
    """Add an entry (evidence_level required); 201, or 409 if it is already listed."""
    entry = curation_entries.create(get_db(), json_body(), g.actor)
    return entry, 201, {"Location": f"{request.path}/{entry['id']}"}


@bp.get("/entries/<int:entry_id>")
@auth.require("maintainer")
def get_entry(entry_id):
    """One entry."""
    entry = entries.get(get_db(), entry_id)
    if entry is None:
        raise NotFound(f"No entry {entry_id}.")
    return entry


@bp.patch("/entries/<int:entry_id>")
@auth.require("maintainer")
def update_entry(entry_id):
    """Change some of an entry's fields (null clears one)."""
    return curation_entries.update(get_db(), entry_id, json_body(), g.actor)


@bp.delete("/entries/<int:entry_id>")
@auth.require("maintainer")
def delete_entry(entry_id):
    """Delete an entry; /changes reports it as deleted."""
    db = get_db()
    version = curation_entries.delete(db, entry_id, g.actor)
    return {"id": entry_id, "deleted": True, "list_version": version}
