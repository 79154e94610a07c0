"""The maintainers' review queue and decisions on reports."""

from flask import Blueprint, g

from .. import auth
from ..curation import reports as curation_reports
from ..db import get_db
from ..errors import InvalidInput
from ..listfile import is_evidence_url
from ..store import listmeta, reports
from .paging import int_arg, limit_arg
from .validation import choice_field, json_body, text_field, url_field

bp = Blueprint("review", __name__)


def _evidence(report: dict) -> dict:
    return {
        "report_id": report["id"], "reason": report["reason"], "details": report["details"],
        "evidence_urls": report["evidence_urls"], "url": report["url"],
        "title": report["title"], "seller_name": report["seller_name"],
        "price": ({"amount": report["price_amount"], "currency": report["price_currency"]}
                  if report["price_amount"] is not None else None),
        "created_at": report["created_at"],
    }


@bp.get("/review/queue")
@auth.require("maintainer")
def queue():
    """Pending reports grouped by what they accuse, most-reported first, with evidence."""
    groups = reports.queue(get_db(), limit=limit_arg(), offset=int_arg("offset", 0))
    return {"items": [{
        "target": {"kind": group["target_kind"], "marketplace": group["target_marketplace"],
                   "key": group["target_key"]},
        "count": group["count"],
        "networks": group["networks"],
        "report_ids": [report["id"] for report in group["reports"]],
        "first_reported_at": group["first_reported_at"],
        "last_reported_at": group["last_reported_at"],
        "urls": list(dict.fromkeys(report["url"] for report in group["reports"])),
        "evidence": [_evidence(report) for report in group["reports"]],
    } for group in groups]}


@bp.post("/reports/<report_id>/decision")
@auth.require("maintainer")
def decide(report_id):
    """Approve (list the target) or reject; either settles all pending reports on the target.

    `note` is internal; the list shows only public_note, public_evidence_url and the
    seller `name`, listing `title` and `brand` the maintainer confirms.
    """
    body = json_body()
    decision = choice_field(body, "decision", curation_reports.DECISIONS)
    note = text_field(body, "note", 2000)
    evidence_url = url_field(body, "public_evidence_url", required=False)
    # What the list can hold, checked here so a bad value is a 400 naming its field.
    if evidence_url is not None and not is_evidence_url(evidence_url):
        raise InvalidInput("`public_evidence_url` must be a plain http(s) URL with a host name.")
    published = {
        "public_note": text_field(body, "public_note", 2000),
        "public_evidence_url": evidence_url,
        "name": text_field(body, "name", 300),
        "title": text_field(body, "title", 1000),
        "brand": text_field(body, "brand", 100),
    }
    db = get_db()
    result = curation_reports.decide(db, report_id, decision, note, g.actor, **published)
    return {**result, "list_version": listmeta.current_version(db)}
