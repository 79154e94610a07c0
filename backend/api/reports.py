"""POST /reports (volunteers, anonymous, rate limited) and GET /reports/<id>."""

from flask import Blueprint, current_app

from .. import check as checking
from .. import submitters
from ..curation import reports as curation_reports
from ..db import get_db
from ..errors import NotFound
from ..models.reports import Report, ReportRequest
from ..store import reports
from .check import page_request
from .validation import shape

bp = Blueprint("reports", __name__)
INSTALL_ID_HEADER = {"name": "X-Install-Id", "in": "header", "required": False,
                     "schema": {"type": "string", "maxLength": 200},
                     "description": "The extension's install id; with the client address, it "
                                    "identifies the submitter (stored only as a keyed hash)."}


@bp.post("/reports")
@shape(body=ReportRequest, answer=Report, status=(201, 200), request_headers=[INSTALL_ID_HEADER])
def create_report(body):
    """Report a page as counterfeit: 201 for a new report, 200 with the one this
    submitter already made about the same target."""
    fields = {"reason": body.reason, "details": body.details,
              "evidence_urls": body.evidence_urls}
    db = get_db()
    catalog = current_app.extensions["radar_catalog"].get(db)
    # The check's own page reading (URL, fields, snapshot): reports and checks agree
    # on what a page is about.
    page = checking.read_page(catalog, page_request(body), strict_ids=True)
    keep_snapshot = current_app.config["REPORT_SNAPSHOT_RETENTION_DAYS"] > 0
    report, created = curation_reports.submit(
        db, page, fields, submitters.submitter(), submitters.network(),
        snapshot=body.html if keep_snapshot else None,
    )
    return curation_reports.public(report), 201 if created else 200


@bp.get("/reports/<report_id>")
@shape(answer=Report)
def get_report(report_id):
    """A report's status (anyone holding its id may ask)."""
    report = reports.get(get_db(), report_id)
    if report is None:
        raise NotFound(f"No report {report_id}.")
    return curation_reports.public(report)
