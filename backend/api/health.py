"""GET /health: is the service up, and how big is the list."""

from flask import Blueprint

from ..db import get_db
from ..store import listmeta

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    """Status, list version and entry counts."""
    db = get_db()
    return {"status": "ok", "list_version": listmeta.current_version(db),
            "counts": listmeta.counts(db)}
