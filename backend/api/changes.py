"""GET /changes?since=V&limit=N: what the list gained, changed and lost since a version (public).

Clients and replicas sync by difference, a page at a time: apply the page's `changes` in
order (a "delete" removes the entry with that id, an "upsert" adds or replaces it), then
ask again with `since=next_since` while `more` is true. `next_since` is the list version
when the page ends at a version's end, else a position inside one version ("V:d:ID" or
"V:u:ID"; pass it back as it is). Each page also splits its changes into `entries` and
`deleted`, the shape this route had before it was paged.
"""

import re

from flask import Blueprint, request

from ..curation.reports import public_source
from ..db import get_db
from ..errors import InvalidInput
from ..store import changes as feed
from ..store import listmeta, read_snapshot
from .paging import MAX_SQLITE_INTEGER, int_arg

bp = Blueprint("changes", __name__)
DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000
_STREAMS = {"d": feed.DELETE, "u": feed.UPSERT}
_POSITION = re.compile(r"(\d{1,19}):([du]):(\d{1,19})")


def _since() -> feed.Position:
    """`since`: a list version, or a position inside one that an earlier page gave."""
    raw = request.args.get("since", "")
    found = _POSITION.fullmatch(raw)
    if found and max(int(found[1]), int(found[3])) <= MAX_SQLITE_INTEGER:
        return feed.Position(int(found[1]), _STREAMS[found[2]], int(found[3]))
    if raw == "" or found:
        raise InvalidInput("`since` is required: the list_version you last synced (0 for all), "
                           "or the next_since of the page before.")
    return feed.Position(int_arg("since", None, 0))


def _encode(position: feed.Position) -> str:
    stream = "d" if position.stream == feed.DELETE else "u"
    return f"{position.version}:{stream}:{position.row_id}"


@bp.get("/changes")
def changes():
    """A page of the entries changed and deleted after `since`, and where to go on from."""
    since = _since()
    limit = int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    db = get_db()
    with read_snapshot(db):
        version = listmeta.current_version(db)
        items, following = feed.page(db, since, limit)
    page, upserted, deleted = [], [], []
    for position, row in items:
        if position.stream == feed.DELETE:
            deleted.append(row)
            page.append({"op": "delete", **row})
        else:
            entry = {**row, "source": public_source(row["source"])}
            upserted.append(entry)
            page.append({"op": "upsert", **entry})
    if following is None:
        next_since = max(version, since.version)
    elif items and following.version > items[-1][0].version:
        next_since = items[-1][0].version  # the page ends exactly at a version's end
    else:
        next_since = _encode(items[-1][0])
    echoed = request.args["since"] if _POSITION.fullmatch(request.args["since"]) else since.version
    return {"since": echoed, "list_version": version, "changes": page,
            "next_since": next_since, "more": following is not None,
            "entries": upserted, "deleted": deleted}
