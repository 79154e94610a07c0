"""Disputes, the right of reply: POST /disputes (anonymous, rate limited), GET
/disputes/<id> (public), and the maintainers' GET /disputes and decisions."""

from flask import Blueprint, current_app, g

from .. import auth, submitters
from ..curation import disputes as curation_disputes
from ..db import get_db
from ..models.disputes import (
    Dispute, DisputeDecision, DisputeDecisionRequest, DisputePage, DisputeQuery, DisputeReceipt,
    DisputeRequest,
)
from .validation import shape

bp = Blueprint("disputes", __name__)


@bp.post("/disputes")
@shape(body=DisputeRequest, answer=DisputeReceipt, status=(201, 200), errors=(404, 409))
def create_dispute(body):
    """Dispute a listed entry (by `entry_id`, or a page `url` that matches it): 201 for a
    new dispute, 200 with the open one this submitter already filed about the entry."""
    dispute, created = file_dispute(body)
    return {"id": dispute["id"], "status": dispute["status"]}, 201 if created else 200


def file_dispute(body: DisputeRequest) -> tuple[dict, bool]:
    """Store the dispute a validated body describes (the public page files through this too)."""
    db = get_db()
    catalog = current_app.extensions["radar_catalog"].get(db)
    entry = curation_disputes.disputed_entry(db, catalog, entry_id=body.entry_id, url=body.url)
    fields = {"statement": body.statement, "contact": body.contact,
              "evidence_urls": body.evidence_urls, "url": body.url}
    return curation_disputes.submit(db, entry, fields, submitters.submitter(),
                                    submitters.network())


@bp.get("/disputes/<dispute_id>")
@shape(answer=Dispute)
def get_dispute(dispute_id):
    """A dispute's status and the maintainers' reply (anyone holding its id may ask)."""
    return curation_disputes.public(curation_disputes.get(get_db(), dispute_id))


@bp.get("/disputes")
@auth.require("maintainer")
@shape(query=DisputeQuery, answer=DisputePage)
def list_disputes(query):
    """Disputes newest first, optionally of one status; paged by `cursor`."""
    return curation_disputes.newest(get_db(), status=query.status, limit=query.limit,
                                    cursor=query.cursor)


@bp.post("/disputes/<dispute_id>/decision")
@auth.require("maintainer")
@shape(body=DisputeDecisionRequest, answer=DisputeDecision, errors=(404, 409))
def decide_dispute(dispute_id, body):
    """Uphold (the entry leaves the list, audited as "dispute upheld") or dismiss."""
    return curation_disputes.decide(get_db(), dispute_id, body.decision, g.actor,
                                    reply=body.reply, note=body.note)
