"""Reasons about an entry a seller disputes: marked `disputed`, severity unchanged."""

import dataclasses

from ..store import disputes
from .reasons import Reason

DISPUTED_CLAUSE = " The seller disputes this listing; a maintainer is reviewing it."


def marked(reason: Reason) -> Reason:
    """reason, saying that it is disputed (the severity, and so the verdict, stay)."""
    return dataclasses.replace(reason, message=reason.message + DISPUTED_CLAUSE, disputed=True)


def mark_listed(db, listed: list[tuple[dict, Reason]]) -> list[Reason]:
    """The reasons of (entry, reason) pairs, marked where the entry has an open dispute."""
    if not listed:
        return []
    open_ids = disputes.open_entry_ids(db, [entry["id"] for entry, _reason in listed])
    return [marked(reason) if entry["id"] in open_ids else reason for entry, reason in listed]
