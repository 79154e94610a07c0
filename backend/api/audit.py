"""GET /audit: who changed what, when, before and after; newest first (maintainers)."""

from flask import Blueprint

from .. import auth
from ..db import get_db
from ..models.feeds import AuditQuery, AuditRecord, page_of
from ..store import audit
from .paging import paged
from .validation import shape

bp = Blueprint("audit", __name__)


@bp.get("/audit")
@auth.require("maintainer")
@shape(query=AuditQuery, answer=page_of(AuditRecord))
def audit_log(query):
    """Audit records newest first, optionally about one target (e.g. entry:12);
    older pages by `cursor` (from next_cursor)."""
    return paged(query.limit, lambda limit: audit.newest(
        get_db(), limit=limit, before_id=query.cursor, target=query.target or None))
