"""POST /check and GET /check?url=...: is this page a known or likely counterfeit?"""

from flask import Blueprint, current_app

from .. import check as checking
from ..db import get_db, get_reader
from ..models.check import CheckQuery, CheckRequest, CheckResponse
from .validation import shape

bp = Blueprint("check", __name__)


def _catalog(db):
    return current_app.extensions["radar_catalog"].get(db)


def page_request(body) -> checking.CheckRequest:
    """The page a check or a report is about, from its validated body."""
    seller = body.seller
    return checking.CheckRequest(
        url=body.url, title=body.title,
        seller_id=seller.id if seller else None, seller_name=seller.name if seller else None,
        price=body.price.to_page() if body.price else None, brand=body.brand, html=body.html,
    )


def _checked(request: checking.CheckRequest) -> dict:
    """The check's answer, after noting today's sightings of listed entries it matched."""
    db, sighted = get_reader(), []
    answer = checking.run(db, _catalog(db), request, sighted=sighted,
                          reported_threshold=current_app.config["REPORTED_THRESHOLD"])
    if sighted:  # never waits: a busy reports file skips the write (sightings.py)
        current_app.extensions["radar_sightings"].note(db, get_db, sighted)
    return answer


@bp.post("/check")
@shape(body=CheckRequest, answer=CheckResponse)
def check_post(body):
    """Check a page from its URL and whatever else the client read from it."""
    return _checked(page_request(body))


@bp.get("/check")
@shape(query=CheckQuery, answer=CheckResponse)
def check_get(query):
    """Check a page from its URL alone."""
    return _checked(checking.CheckRequest(url=query.url))
