"""The review queue: pending reports grouped by target, and the decision on them."""

from flask import current_app, flash, g, redirect, render_template, url_for

from .. import check as checking
from ..curation import reports as curation_reports
from ..db import get_db
from ..errors import ApiError
from ..models.console import DecisionForm
from ..models.feeds import Paging
from ..store import reporters, reports
from . import bp
from .forms import read_args, read_form

GROUPS_PER_PAGE = 20


def _check_of(db, report: dict) -> dict:
    """The check's current answer for the page a report is about (its URL and seller)."""
    catalog = current_app.extensions["radar_catalog"].get(db)
    return checking.run(db, catalog, checking.CheckRequest(
        url=report["url"], seller_id=report["seller_id"]),
        reported_threshold=current_app.config["REPORTED_THRESHOLD"])


@bp.get("/queue")
def queue():
    """Pending reports grouped by target, most-reported first (as GET /review/queue)."""
    page = read_args(Paging)
    db = get_db()
    groups = reports.queue(db, limit=GROUPS_PER_PAGE, offset=page.cursor)
    shown = [report["id"] for group in groups for report in group["reports"]]
    records = reporters.track_records(db, shown)
    for group in groups:
        group["check"] = _check_of(db, group["reports"][0])
    more = len(groups) == GROUPS_PER_PAGE
    # Kept pages are never rendered here (hostile HTML): the console says one is kept and
    # how to make it a test page (docs/extraction.md).
    return render_template("console/queue.html", groups=groups, records=records,
                           pages=reports.snapshot_sizes(db, shown),
                           next_cursor=page.cursor + GROUPS_PER_PAGE if more else None)


@bp.post("/reports/<report_id>/decision")
def decide(report_id):
    """Approve or reject, as POST /reports/<id>/decision (the same curation function)."""
    form = read_form(DecisionForm)
    try:
        result = curation_reports.decide(
            get_db(), report_id, form.decision, form.note, g.actor,
            **form.model_dump(include={"public_note", "public_evidence_url", "name", "title",
                                       "brand"}))
    except ApiError as error:
        flash(error.message, "error")
        return redirect(url_for("console.queue"), code=303)
    entry = result["entry"]
    flash(f"{'Approved' if result['status'] == 'approved' else 'Rejected'} "
          f"{len(result['settled'])} report(s)"
          + (f"; listed as entry {entry['id']}." if entry else "."), "done")
    return redirect(url_for("console.queue"), code=303)
