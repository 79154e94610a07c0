"""Disputes: the sellers' statements, newest first, and the maintainer's decision on each.

Every read and decision goes through curation/disputes.py (as GET /disputes and
POST /disputes/<id>/decision do).
"""

from urllib.parse import urlsplit

from flask import flash, g, redirect, render_template, url_for

from ..curation import disputes as curation_disputes
from ..db import get_db
from ..errors import ApiError
from ..models.console import CONSOLE_PAGE, DisputeDecisionForm, DisputeFilter
from ..models.disputes import STATUSES
from ..store import entries
from . import bp
from .forms import read_args, read_form


def linkable(url: str) -> bool:
    """Whether a sender's URL may become a link: http(s) only, never javascript: or data:."""
    return urlsplit(url).scheme.lower() in ("http", "https")


@bp.get("/disputes")
def dispute_list():
    query = read_args(DisputeFilter)
    page = curation_disputes.newest(
        get_db(), status=None if query.status == "all" else query.status,
        limit=CONSOLE_PAGE, cursor=query.cursor)
    return render_template("console/disputes.html", page=page, query=query,
                           statuses=(*STATUSES, "all"))


@bp.get("/disputes/<dispute_id>")
def dispute_page(dispute_id):
    db = get_db()
    dispute = curation_disputes.for_maintainers(curation_disputes.get(db, dispute_id))
    return render_template("console/dispute.html", dispute=dispute,
                           entry=entries.get(db, dispute["entry_id"]), linkable=linkable)


@bp.post("/disputes/<dispute_id>/decision")
def dispute_decide(dispute_id):
    """Uphold or dismiss (curation.disputes.decide: an uphold delists the entry, audited)."""
    form = read_form(DisputeDecisionForm)
    try:
        result = curation_disputes.decide(get_db(), dispute_id, form.decision, g.actor,
                                          reply=form.reply, note=form.note)
    except ApiError as error:
        flash(error.message, "error")
    else:
        flash(f"Dispute {result['status']}"
              + (f"; entry {result['entry_id']} left the list."
                 if result["status"] == "upheld" else "; the entry stays listed."), "done")
    return redirect(url_for("console.dispute_page", dispute_id=dispute_id), code=303)
