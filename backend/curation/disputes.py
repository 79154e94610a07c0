"""Sellers' disputes (the right of reply): filed anonymously, decided by a maintainer.

An open dispute changes no severity: it marks the entry's reasons `disputed`
(matching/disputes.py), so filing disputes can never take a listed seller off the list.
Only a maintainer's uphold does that, through the entries' own delete (audited).
"""

import secrets

from .. import check as checking
from ..errors import Conflict, InvalidInput, NotFound
from ..models.disputes import DECISIONS
from ..store import audit, disputes, entries, listmeta, transaction
from . import entries as curation_entries
from . import reports_transaction

UPHELD_REASON = "dispute upheld"


def public(dispute: dict) -> dict:
    """A dispute as GET /disputes/<id> shows it: never the contact, statement or who sent it."""
    return {"id": dispute["id"], "status": dispute["status"], "entry_id": dispute["entry_id"],
            "created_at": dispute["created_at"], "decided_at": dispute["decided_at"],
            "reply": dispute["reply"]}


def for_maintainers(dispute: dict) -> dict:
    """A dispute as maintainers see it: everything but the internal row number."""
    return {key: value for key, value in dispute.items() if key != "seq"}


def disputed_entry(db, catalog, *, entry_id: int | None = None, url: str | None = None) -> dict:
    """The listed counterfeit entry a dispute is about: by id, or the one a page matches
    (its seller, else its listing, else its shop domain). NotFound / Conflict if none."""
    if entry_id is not None:
        entry = entries.get(db, entry_id)
        if entry is None:
            raise NotFound(f"No entry {entry_id} on the list.")
    else:
        entry = _entry_of_page(db, checking.read_page(catalog, checking.CheckRequest(url=url)))
        if entry is None:
            raise NotFound("`url` matches no seller, listing or shop on the list.")
    if entry["status"] != "counterfeit":
        raise Conflict(f"Entry {entry['id']} is not listed as counterfeit; "
                       "there is nothing to dispute.")
    return entry


def _entry_of_page(db, page) -> dict | None:
    lookups = []
    if page.marketplace:
        lookups += [("seller", page.marketplace, page.seller_id),
                    ("listing", page.marketplace, page.listing_id)]
    else:
        lookups.append(("domain", None, page.domain))
    for kind, marketplace, key in lookups:
        if key:
            for entry in entries.find_by_keys(db, kind, marketplace, [key]):
                if entry["status"] == "counterfeit":
                    return entry
    return None


def submit(db, entry: dict, fields: dict, submitter: str, network: str) -> tuple[dict, bool]:
    """File a dispute about entry unless this submitter has one open about it.

    fields holds statement, contact, evidence_urls and url; returns (dispute, created).
    """
    dispute = {
        "id": secrets.token_urlsafe(12), "submitter": submitter, "network": network,
        "entry_id": entry["id"], "entry_kind": entry["kind"],
        "entry_marketplace": entry["marketplace"], "entry_key": entry["key"],
        "url": fields.get("url"), "statement": fields["statement"],
        "contact": fields.get("contact"), "evidence_urls": fields.get("evidence_urls") or [],
    }
    # The reports file alone: never waits for an import holding the main file.
    with reports_transaction(db):
        return disputes.insert_or_open(db, dispute)


def get(db, dispute_id: str) -> dict:
    """One dispute (every field); NotFound if there is none."""
    dispute = disputes.get(db, dispute_id)
    if dispute is None:
        raise NotFound(f"No dispute {dispute_id}.")
    return dispute


def newest(db, *, status: str | None = None, limit: int = 50,
           cursor: int | None = None) -> dict:
    """{"items", "next_cursor"}: disputes newest first, for maintainers (the console too)."""
    rows = disputes.newest(db, status=status, limit=limit + 1, before_seq=cursor)
    next_cursor = str(rows[limit - 1]["seq"]) if len(rows) > limit else None
    return {"items": [for_maintainers(row) for row in rows[:limit]], "next_cursor": next_cursor}


def about_entry(db, entry_id: int) -> list[dict]:
    """Every dispute about one entry, newest first (the console's entry history)."""
    return [for_maintainers(row) for row in disputes.about_entry(db, entry_id)]


def decide(db, dispute_id: str, decision: str, actor: str, *, reply: str | None = None,
           note: str | None = None) -> dict:
    """Uphold (take the entry off the list, audited as "dispute upheld") or dismiss.

    Returns {"id", "status", "entry_id", "list_version"}. Conflict if already decided.
    """
    if decision not in DECISIONS:
        raise InvalidInput(f"`decision` must be one of: {', '.join(DECISIONS)}.")
    status = "upheld" if decision == "uphold" else "dismissed"
    with transaction(db):
        dispute = get(db, dispute_id)
        if dispute["status"] != "open":
            raise Conflict(f"Dispute {dispute_id} was already {dispute['status']}.")
        entry_id = dispute["entry_id"]
        version = listmeta.current_version(db)
        # A dismissal leaves the list (and its version) alone.
        if status == "upheld" and entries.get(db, entry_id) is not None:
            version = listmeta.next_version(db)
            curation_entries.remove(db, entry_id, actor, version)
        disputes.decide(db, dispute_id, status, actor, reply, note)
        after = {"dispute": dispute_id, "status": status, "reply": reply, "note": note}
        if status == "upheld":
            after["reason"] = UPHELD_REASON
        audit.record(db, actor, f"dispute.{decision}", f"entry:{entry_id}",
                     {"dispute": dispute_id, "status": "open"}, after)
    return {"id": dispute_id, "status": status, "entry_id": entry_id,
            "list_version": version}


def check_relisting(db, entry: dict, override_dispute: bool) -> None:
    """Refuse to list a counterfeit key whose dispute was upheld, unless the maintainer
    overrides it with a note (the entry's note says why it is listed again)."""
    if entry.get("status") != "counterfeit":
        return
    if not disputes.upheld_about(db, entry["kind"], entry["marketplace"], entry["key"]):
        return
    if not override_dispute:
        raise Conflict(f"A dispute about {entry['kind']} {entry['key']!r} was upheld: to list "
                       "it again, send \"override_dispute\": true and a `note` saying why.")
    if not entry.get("note"):
        raise InvalidInput("`note` is required with `override_dispute`: say why the key is "
                           "listed again after its dispute was upheld.")
