"""GET /health: is the service up, and how big is the list."""

from flask import Blueprint, current_app

from ..db import get_reader
from ..models.feeds import Health
from .validation import shape

bp = Blueprint("health", __name__)


@bp.get("/health")
@shape(answer=Health)
def health():
    """Status, list version and entry counts (counted once per list version, not per call)."""
    catalog = current_app.extensions["radar_catalog"].get(get_reader())
    return {"status": "ok", "list_version": catalog.version, "counts": catalog.counts}
