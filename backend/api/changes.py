"""GET /changes?since=V&limit=N: what the list gained, changed and lost since a version (public).

Clients and replicas sync by difference, a page at a time: apply the page's `changes` in
order (a "delete" removes the entry with that id, an "upsert" adds or replaces it), then
ask again with `since=next_since` while `more` is true. `next_since` is the list version
when the page ends at a version's end, else a position inside one version ("V:d:ID" or
"V:u:ID"; pass it back as it is). Each page also splits its changes into `entries` and
`deleted`, the shape this route had before it was paged.
"""

from flask import Blueprint

from ..db import get_db
from ..models.feeds import Changes, ChangesQuery
from ..models.reports import public_source
from ..store import changes as feed
from ..store import listmeta, read_snapshot
from .validation import shape

bp = Blueprint("changes", __name__)
_STREAMS = {"d": feed.DELETE, "u": feed.UPSERT}


def _position(since: int | str) -> feed.Position:
    """`since`: a list version, or a position inside one that an earlier page gave."""
    if isinstance(since, int):
        return feed.Position(since)
    version, stream, row_id = since.split(":")
    return feed.Position(int(version), _STREAMS[stream], int(row_id))


def _encode(position: feed.Position) -> str:
    stream = "d" if position.stream == feed.DELETE else "u"
    return f"{position.version}:{stream}:{position.row_id}"


@bp.get("/changes")
@shape(query=ChangesQuery, answer=Changes)
def changes(query):
    """A page of the entries changed and deleted after `since`, and where to go on from."""
    since, limit = _position(query.since), query.limit
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
    return {"since": query.since, "list_version": version, "changes": page,
            "next_since": next_since, "more": following is not None,
            "entries": upserted, "deleted": deleted}
