"""GET /prefixes and GET /hashes/<prefix>: private lookups by hash prefix (public).

A client keeps the prefix set (refreshed with ?since=V diffs) and checks its own keys
against it locally; only on a prefix hit does it ask /hashes for the full hashes behind
that prefix, and compares them itself. See backend/lookups.py and docs/privacy.md.
"""

import json

from flask import Blueprint, Response, current_app, request

from .. import lookups
from ..db import get_reader
from ..errors import InvalidInput
from ..models.feeds import HashMatches, PrefixQuery, PrefixSet
from ..matching import disputes, listed_dates
from ..matching.rules import _listed_reason  # the same sentences /check gives
from ..store import lookups as store
from ..store import read_snapshot
from .validation import shape

bp = Blueprint("lookups", __name__)

# How long a client (or a cache) may keep an answer: the list changes a few times a day.
CACHE_SECONDS = 300


def _cache_headers(etag: str | None = None) -> dict:
    headers = {"Cache-Control": f"public, max-age={CACHE_SECONDS}"}
    if etag:
        headers["ETag"] = f'"{etag}"'
    return headers


HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send it back in If-None-Match."},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
}


@bp.get("/prefixes")
@shape(query=PrefixQuery, answer=PrefixSet, not_modified=True, headers=HEADERS)
def prefixes(query):
    """The sorted set of 4-byte key prefixes, or with `since` the diff from that version."""
    since = query.since
    db = get_reader()
    with read_snapshot(db):
        current = current_app.extensions["radar_prefixes"].get(db)
        etag = current.etag if since is None else f"{current.etag}-since-{since}"
        if request.if_none_match.contains(etag):
            return Response(status=304, headers=_cache_headers(etag))
        if since is None:
            data = current.full_json
        else:
            data = json.dumps(lookups.diff_body(db, current, since))
    return Response(data, content_type="application/json", headers=_cache_headers(etag))


@bp.get("/hashes/<prefix>")
@shape(answer=HashMatches, errors=(400,),
       path={"prefix": {"type": "string", "pattern": "^[0-9a-fA-F]{8}$"}})
def hashes(prefix):
    """The full hashes of listed keys under one prefix, with the reasons /check would give."""
    value = lookups.parse_prefix(prefix)
    if value is None:
        raise InvalidInput("The prefix must be 8 hexadecimal characters: the first 4 bytes "
                           "of a key's SHA-256.")
    matches = []
    db = get_reader()
    found = store.entries_with_prefix(db, value)
    reasons = disputes.mark_listed(db, [(entry, _listed_reason(
        entry, entry["kind"], listed_dates.dates_of(db, entry)))
                                        for entry in found])
    for entry, reason in zip(found, reasons):
        kind = entry["kind"]
        matches.append({
            "hash": lookups.key_hash(kind, entry["marketplace"], entry["key"]).hex(),
            "kind": kind, "marketplace": entry["marketplace"], "status": entry["status"],
            "reasons": [reason.to_json()],
        })
    return ({"matches": matches, "cache_seconds": CACHE_SECONDS}, 200, _cache_headers())
