"""GET /health: is the service up, and how big is the list."""

from flask import Blueprint, current_app

from ..db import get_reader

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """Status, list version and entry counts (counted once per list version, not per call)."""
    catalog = current_app.extensions["radar_catalog"].get(get_reader())
    return {"status": "ok", "list_version": catalog.version, "counts": catalog.counts}
