"""Volunteers' reports: what they accuse, one per submitter, and maintainers' decisions."""

import secrets

from pydantic import ValidationError

from .. import marketplaces
from ..errors import Conflict, InvalidInput, NotFound
from ..extraction.scrub import scrub_html
from ..models.entries import EntryFields
from ..models.keys import canonical_key
from ..models.parse import sentence
from ..models.reports import DECISIONS, REASONS, REPORTS_SOURCE
from ..page import Page
from ..store import audit, entries, listmeta, reports
from . import reports_transaction, transaction

# What a listed entry says when the maintainer chose no public note: the internal note
# and the volunteers' words are never published.
LISTED_NOTE = "Listed after volunteer reports were reviewed."



def target_of(page: Page) -> dict:
    """What a report about page accuses: the seller, else the listing, else the shop domain.

    A page the marketplace sells itself (Amazon's retail arm) accuses the listing:
    three reports must not turn every page Amazon sells suspicious.
    """
    # Every key goes through the entries' own validation (models.keys.canonical_key):
    # a report is never about a target that approving it could not list.
    if page.marketplace:
        market = marketplaces.get(page.marketplace)
        if page.seller_id and not (market and market.is_retail_seller(page.seller_id)):
            return _target("seller", page.marketplace, page.seller_id, "The page's seller id")
        if page.listing_id:
            return _target("listing", page.marketplace, page.listing_id, "The page's listing id")
        if market and market.is_short_link(page.host):
            raise InvalidInput(
                f"`url` is a {market.display_name} short link ({page.host}), which names no "
                "listing or seller until it is resolved: open it and report the page it lands on."
            )
        raise InvalidInput(
            f"`url` names no listing or seller on {page.marketplace}: report the listing's "
            "page, or give `seller.id`."
        )
    return _target("domain", None, page.domain or "", "`url` names no shop domain that could "
                   "be listed: its domain")


def _target(kind: str, marketplace: str | None, key: str, what: str) -> dict:
    """A report's target with its key checked as an entry's; InvalidInput saying why not."""
    try:
        key = canonical_key(kind, marketplace, key)
    except ValueError as error:
        # canonical_key's reasons start with "key ..."; the reporter did not send a key.
        reason = str(error).removeprefix("key ")
        raise InvalidInput(f"{what} {reason}.") from None
    return {"kind": kind, "marketplace": marketplace, "key": key}


def public(report: dict) -> dict:
    """A report as GET /reports/<id> shows it: status, never who sent it."""
    return {
        "id": report["id"], "status": report["status"],
        "target": {"kind": report["target_kind"], "marketplace": report["target_marketplace"],
                   "key": report["target_key"]},
        "created_at": report["created_at"], "decided_at": report["decided_at"],
        # Only what the maintainer wrote for the public; the internal note stays in the audit.
        "note": report["public_note"],
    }


def submit(db, page: Page, fields: dict, submitter: str, network: str, *,
           snapshot: str | None = None) -> tuple[dict, bool]:
    """Store a report about page unless this submitter already reported its target.

    fields holds reason, details and evidence_urls; returns (report, created).
    snapshot, the page's HTML as sent, is kept scrubbed with a new report, in the same
    transaction (REPORT_SNAPSHOT_RETENTION_DAYS; the caller passes None to keep none).
    """
    target = target_of(page)
    # Scrubbed before the transaction: parsing a big page must not hold the write lock.
    kept = scrub_html(snapshot, page.url) if snapshot else None
    report = {
        "id": secrets.token_urlsafe(12), "submitter": submitter, "network": network,
        "target_kind": target["kind"], "target_marketplace": target["marketplace"],
        "target_key": target["key"], "url": page.url, "reason": fields["reason"],
        "details": fields.get("details"), "brand": page.brand, "title": page.title,
        "listing_id": page.listing_id, "seller_id": page.seller_id,
        "seller_name": page.seller_name,
        "price_amount": page.price.amount if page.price else None,
        "price_currency": page.price.currency if page.price else None,
        "evidence_urls": fields.get("evidence_urls") or [],
    }
    # Writes only the reports file: never waits for an import holding the main file.
    with reports_transaction(db):
        stored, created = reports.insert_or_existing(db, report)
        if created and kept:
            reports.keep_snapshot(db, stored["id"], kept)
        return stored, created


def decide(db, report_id: str, decision: str, note: str | None, actor: str, *,
           public_note: str | None = None, public_evidence_url: str | None = None,
           name: str | None = None, title: str | None = None,
           brand: str | None = None) -> dict:
    """Approve (list the target) or reject a report, settling its target's pending reports.

    note is internal (audit only). An approval publishes only what the maintainer chose:
    public_note, public_evidence_url, and the seller name, listing title and brand they
    confirm. The first report about the target earns its submitter a track record; those
    who piled on after it earn none, so sock puppets cannot buy one on a known fake.
    """
    if decision not in DECISIONS:
        raise InvalidInput(f"`decision` must be one of: {', '.join(DECISIONS)}.")
    with transaction(db):
        report = reports.get(db, report_id)
        if report is None:
            raise NotFound(f"No report {report_id}.")
        if report["status"] != "pending":
            raise Conflict(f"Report {report_id} was already {report['status']}.")
        pending = reports.pending_about(
            db, report["target_kind"], report["target_marketplace"], report["target_key"]
        )
        settled = [row["id"] for row in pending]
        status = "approved" if decision == "approve" else "rejected"
        published = {"note": public_note, "evidence_url": public_evidence_url,
                     "name": name, "title": title, "brand": brand}
        entry = _list_target(db, pending, published, actor) if status == "approved" else None
        reports.settle(db, settled, status, actor, note, public_note)
        if status == "approved":
            reports.credit(db, pending[0]["id"])
        audit.record(db, actor, f"report.{decision}", f"report:{report_id}",
                     {"status": "pending"},
                     {"status": status, "note": note, "public_note": public_note,
                      "public_evidence_url": public_evidence_url, "settled": settled,
                      "entry_id": entry["id"] if entry else None})
    return {"id": report_id, "status": status, "settled": settled, "entry": entry}


def _list_target(db, pending: list[dict], published: dict, actor: str) -> dict:
    """Put the reports' target on the list as counterfeit (or keep its existing entry).

    The entry holds only what the maintainer published: volunteers' evidence links,
    typed names and brands are never listed, so they can neither leak nor drive seller_alias.
    """
    first = pending[0]
    kind, marketplace, key = first["target_kind"], first["target_marketplace"], first["target_key"]
    existing = entries.find(db, kind, marketplace, key)
    if existing is not None:
        if existing["status"] == "authorized":
            raise Conflict(
                f"The {kind} {key!r} is on the list as authorized (entry {existing['id']}); "
                "change that entry instead."
            )
        return existing
    try:
        entry = EntryFields.model_validate({
            "kind": kind, "marketplace": marketplace, "key": key, "status": "counterfeit",
            "name": published["name"] if kind == "seller" else None,
            "title": published["title"] if kind == "listing" else None,
            "brand": published["brand"],
            "evidence_url": published["evidence_url"],
            "evidence_level": "volunteer_reports",
            "note": published["note"] or LISTED_NOTE,
            "source": REPORTS_SOURCE + ", ".join(row["id"] for row in pending)[:280],
        }).model_dump()
    except ValidationError as error:
        # Reports stored before submission checked their target this way.
        reason = sentence(error.errors(include_url=False)[0])
        raise Conflict(f"The reports' target cannot go on the list ({reason.rstrip('.')}); "
                       "reject them, or add an entry by hand.") from None
    entry_id = entries.insert(db, entry, listmeta.next_version(db))
    created = entries.get(db, entry_id)
    audit.record(db, actor, "entry.create", f"entry:{entry_id}", None,
                 {field: created[field] for field in ("id", *entries.ENTRY_FIELDS)})
    return created

