"""GET /changes?since=VERSION: what the list gained, changed and lost since a version (public).

Clients and replicas sync by difference: remove the `deleted` ids, then upsert
the `entries` by id, then remember `list_version` for the next call.
"""

from flask import Blueprint

from ..curation.reports import public_source
from ..db import get_db
from ..errors import InvalidInput
from ..store import entries, listmeta, read_snapshot
from .paging import int_arg

bp = Blueprint("changes", __name__)


@bp.get("/changes")
def changes():
    """Entries changed and deleted after `since`, and the list version now."""
    since = int_arg("since", None, 0)
    if since is None:
        raise InvalidInput("`since` is required: the list_version you last synced (0 for all).")
    db = get_db()
    with read_snapshot(db):
        version = listmeta.current_version(db)
        changed = [{**entry, "source": public_source(entry["source"])}
                   for entry in entries.changed_since(db, since)]
        deleted = entries.deleted_since(db, since)
    return {"since": since, "list_version": version, "entries": changed, "deleted": deleted}
