"""The maintainers' review queue and decisions on reports."""

from flask import Blueprint, g

from .. import auth
from ..curation import reports as curation_reports
from ..db import get_db
from ..models.reports import Decision, DecisionRequest, QueueQuery, ReviewQueue
from ..store import listmeta, reports
from .validation import shape

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
@shape(query=QueueQuery, answer=ReviewQueue)
def queue(query):
    """Pending reports grouped by what they accuse, most-reported first, with evidence."""
    groups = reports.queue(get_db(), limit=query.limit, offset=query.offset)
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
@shape(body=DecisionRequest, answer=Decision, errors=(404, 409))
def decide(report_id, body):
    """Approve (list the target) or reject; either settles all pending reports on the target.

    `note` is internal; the list shows only public_note, public_evidence_url and the
    seller `name`, listing `title` and `brand` the maintainer confirms.
    """
    db = get_db()
    result = curation_reports.decide(
        db, report_id, body.decision, body.note, g.actor,
        **body.model_dump(include={"public_note", "public_evidence_url", "name", "title",
                                   "brand"}))
    return {**result, "list_version": listmeta.current_version(db)}
