"""GET /audit: who changed what, when, before and after; newest first (maintainers)."""

from flask import Blueprint, request

from .. import auth
from ..db import get_db
from ..store import audit
from .paging import int_arg, limit_arg, page_of

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@auth.require("maintainer")
def audit_log():
    """Audit records newest first, optionally about one target (e.g. entry:12);
    older pages by `cursor` (from next_cursor)."""
    limit = limit_arg()
    found = audit.newest(get_db(), limit=limit + 1, before_id=int_arg("cursor", None, 1),
                         target=request.args.get("target") or None)
    items, next_cursor = page_of(found, limit)
    return {"items": items, "next_cursor": next_cursor}
