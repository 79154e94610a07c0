"""POST /check and GET /check?url=...: is this page a known or likely counterfeit?"""

from flask import Blueprint, current_app, request

from .. import check as checking
from ..db import get_reader
from .validation import json_body, page_fields, url_field

bp = Blueprint("check", __name__)


def _catalog(db):
    return current_app.extensions["radar_catalog"].get(db)


@bp.post("/check")
def check_post():
    """Check a page from its URL and whatever else the client read from it."""
    # Unknown fields are ignored, so newer clients keep working with older servers.
    check_request = page_fields(json_body())
    db = get_reader()
    return checking.run(db, _catalog(db), check_request,
                        reported_threshold=current_app.config["REPORTED_THRESHOLD"])


@bp.get("/check")
def check_get():
    """Check a page from its URL alone."""
    url = url_field({"url": request.args.get("url")})
    db = get_reader()
    return checking.run(db, _catalog(db), checking.CheckRequest(url=url),
                        reported_threshold=current_app.config["REPORTED_THRESHOLD"])
