"""POST /reports (volunteers, anonymous, rate limited) and GET /reports/<id>."""

from flask import Blueprint, current_app

from .. import check as checking
from .. import submitters
from ..curation import reports as curation_reports
from ..db import get_db
from ..errors import InvalidInput, NotFound
from ..listfile import is_evidence_url
from ..store import reports
from .validation import choice_field, json_body, page_fields, text_field, url_field

bp = Blueprint("reports", __name__)
MAX_EVIDENCE_URLS = 5


def _evidence_urls(body: dict) -> list[str]:
    value = body.get("evidence_urls")
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_EVIDENCE_URLS:
        raise InvalidInput(f"`evidence_urls` must be a list of at most {MAX_EVIDENCE_URLS} URLs.")
    urls = [url_field({"evidence_urls": url}, "evidence_urls") for url in value]
    # An approved report's first evidence URL becomes its entry's evidence_url.
    if not all(is_evidence_url(url) for url in urls):
        raise InvalidInput("`evidence_urls` must be plain http(s) URLs with a host name.")
    return urls


@bp.post("/reports")
def create_report():
    """Report a page as counterfeit: 201 for a new report, 200 with the one this
    submitter already made about the same target."""
    body = json_body()
    fields = {
        "reason": choice_field(body, "reason", curation_reports.REASONS),
        "details": text_field(body, "details", 2000),
        "evidence_urls": _evidence_urls(body),
    }
    check_request = page_fields(body)
    db = get_db()
    catalog = current_app.extensions["radar_catalog"].get(db)
    # The check's own page reading (URL, fields, snapshot): reports and checks agree
    # on what a page is about.
    page = checking.read_page(catalog, check_request, strict_ids=True)
    report, created = curation_reports.submit(
        db, page, fields, submitters.submitter(), submitters.network()
    )
    return curation_reports.public(report), 201 if created else 200


@bp.get("/reports/<report_id>")
def get_report(report_id):
    """A report's status (anyone holding its id may ask)."""
    report = reports.get(get_db(), report_id)
    if report is None:
        raise NotFound(f"No report {report_id}.")
    return curation_reports.public(report)
