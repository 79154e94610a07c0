"""POST /check and GET /check?url=...: is this page a known or likely counterfeit?"""

from flask import Blueprint, current_app, request

from .. import check as checking
from ..db import get_db
from .validation import html_field, json_body, price_field, seller_field, text_field, url_field

bp = Blueprint("check", __name__)


def _catalog(db):
    return current_app.extensions["radar_catalog"].get(db)


@bp.post("/check")
def check_post():
    """Check a page from its URL and whatever else the client read from it."""
    # Unknown fields are ignored, so newer clients keep working with older servers.
    body = json_body()
    seller_id, seller_name = seller_field(body)
    check_request = checking.CheckRequest(
        url=url_field(body),
        title=text_field(body, "title", 1000),
        seller_id=seller_id,
        seller_name=seller_name,
        price=price_field(body),
        brand=text_field(body, "brand", 100),
        html=html_field(body),
    )
    db = get_db()
    return checking.run(db, _catalog(db), check_request,
                        reported_threshold=current_app.config["REPORTED_THRESHOLD"])


@bp.get("/check")
def check_get():
    """Check a page from its URL alone."""
    url = url_field({"url": request.args.get("url")})
    db = get_db()
    return checking.run(db, _catalog(db), checking.CheckRequest(url=url),
                        reported_threshold=current_app.config["REPORTED_THRESHOLD"])
