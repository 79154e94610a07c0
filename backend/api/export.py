"""GET /export: the whole public list as a file, like the dumps PhishTank and URLhaus publish."""

from flask import Blueprint, Response, current_app, request

from .. import bulk
from .. import db as database
from ..models.feeds import ExportQuery
from .validation import shape

bp = Blueprint("export", __name__)

# The list changes a few times a day; five minutes of caching spares the database
# without leaving downloaders far behind. The ETag lets them revalidate for free.
MAX_AGE_SECONDS = 300
_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


LIST_FILE = {"text/csv": {"schema": {"type": "string"}},
             "application/x-ndjson": {"schema": {"type": "string"}}}
HEADERS = {
    "ETag": {"description": "The list version and format; send it back in If-None-Match.",
             "schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
    "X-List-Version": {"schema": {"type": "integer"}},
}


@bp.get("/export")
@shape(query=ExportQuery, media_types=LIST_FILE, not_modified=True, headers=HEADERS)
def export(query):
    """The published list as CSV or JSON Lines; ETag is the list version.

    Entries as published, except that report ids in `source` read "volunteer reports".
    """
    fmt = query.format
    # Its own connection, not the request's: the body streams after the request's
    # teardown has closed that one (and so needs no request context either).
    # The response closes this connection when the body is done.
    db = database.connect(current_app.config["DATABASE"])
    version, chunks = bulk.export_version_and_chunks(db, fmt, public=True)
    headers = {
        "ETag": f'"{version}-{fmt}"',
        "Cache-Control": f"public, max-age={MAX_AGE_SECONDS}",
        "X-List-Version": str(version),
        "Vary": "Accept-Encoding",
    }
    if request.if_none_match.contains(f"{version}-{fmt}"):
        db.conn.close()
        return Response(status=304, headers=headers)
    headers["Content-Disposition"] = (
        f'attachment; filename="counterfeit-radar-v{version}.{fmt}"'
    )
    response = Response(chunks, content_type=_MEDIA_TYPES[fmt],
                        headers=headers)
    response.call_on_close(db.conn.close)
    return response
