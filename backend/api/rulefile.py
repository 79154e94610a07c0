"""GET /rulefile: the page-content rules compiled for the extension's private mode (public).

In private mode the extension sends no page content; it runs the title, price and site
rules itself from this file (backend/rulefile.py), compiled from the same catalog as
/check, once per list version and process. Revalidate with If-None-Match (304).
"""

from flask import Blueprint, Response, current_app, request

from ..db import get_reader
from ..models.feeds import RuleFile
from ..store import read_snapshot
from .validation import shape

bp = Blueprint("rulefile", __name__)

# How long a client (or a cache) may keep the file before revalidating it.
CACHE_SECONDS = 3600


def _headers(etag: str) -> dict:
    return {"Cache-Control": f"public, max-age={CACHE_SECONDS}", "ETag": f'"{etag}"',
            "Vary": "Accept-Encoding"}


@bp.get("/rulefile")
@shape(answer=RuleFile, not_modified=True, headers={
    "ETag": {"schema": {"type": "string"}, "description": "Send it back in If-None-Match."},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=3600"}})
def rulefile():
    """The rule file of the list version now served (gzipped when the client accepts it)."""
    db = get_reader()
    with read_snapshot(db):
        current = current_app.extensions["radar_rulefile"].get(
            db, current_app.extensions["radar_catalog"])
    headers = _headers(current.etag)
    if request.if_none_match.contains(current.etag):
        return Response(status=304, headers=headers)
    if "gzip" in request.accept_encodings:
        return Response(current.gzipped, content_type="application/json",
                        headers={**headers, "Content-Encoding": "gzip"})
    return Response(current.json, content_type="application/json", headers=headers)
