"""GET /transparency: the public numbers (the page /transparency shows the same as charts)."""

from flask import Blueprint, current_app

from ..db import get_reader
from ..models.transparency import Transparency
from .validation import shape

bp = Blueprint("transparency", __name__)

HEADERS = {"Cache-Control": {"schema": {"type": "string"},
                             "description": "public, max-age=<seconds until the recount>"}}


def current_numbers() -> tuple[dict, int]:
    """(the transparency answer, seconds it stays fresh); recounted at most once per
    TRANSPARENCY_CACHE_SECONDS."""
    max_age = current_app.config["TRANSPARENCY_CACHE_SECONDS"]
    answer, age = current_app.extensions["radar_transparency"].get(get_reader(), max_age)
    return answer, max(0, int(max_age - age))


@bp.get("/transparency")
@shape(answer=Transparency, headers=HEADERS)
def transparency():
    """Reports and decisions per ISO week, the list by marketplace and evidence level,
    disputes and takedowns: aggregates only (docs/transparency.md)."""
    answer, fresh_for = current_numbers()
    return answer, 200, {"Cache-Control": f"public, max-age={fresh_for}"}
