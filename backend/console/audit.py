"""The audit log: every change, newest first, paged by keyset."""

from flask import render_template

from ..db import get_db
from ..models.console import AuditPage, CONSOLE_PAGE
from ..store import audit as audit_store
from . import bp
from .forms import read_args


@bp.get("/audit")
def audit_log():
    query = read_args(AuditPage)
    rows = audit_store.newest(get_db(), limit=CONSOLE_PAGE, before_id=query.before,
                              target=query.target)
    before = rows[-1]["id"] if len(rows) == CONSOLE_PAGE else None
    return render_template("console/audit.html", rows=rows, query=query, before=before)
