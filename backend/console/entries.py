"""Entries: search (index-backed, keyset pages), edit, delist, and an entry's history."""

from flask import flash, g, redirect, render_template, url_for

from .. import marketplaces
from ..curation import disputes as curation_disputes
from ..curation import entries as curation_entries
from ..curation import takedowns as curation_takedowns
from ..db import get_db
from ..errors import ApiError, NotFound
from ..matching import signatures
from ..models.console import CONSOLE_PAGE, EmptyForm, EntryEditForm, EntrySearch
from ..models.entries import EVIDENCE_LEVELS, KINDS, STATUSES
from ..models.takedowns import CHANNELS, OUTCOMES
from ..store import audit, entries, entry_search, reporters
from . import bp
from .forms import read_args, read_form


def search(db, query: EntrySearch) -> tuple[list[dict], int | None]:
    """One page of entries for the search form (store/entry_search.py picks the index),
    and the cursor of the next page (None at the end)."""
    filters = query.model_dump(include={"kind", "marketplace", "status", "evidence_level"})
    markets = [query.marketplace] if query.marketplace else list(marketplaces.MARKETPLACES)
    page = (CONSOLE_PAGE, )
    if query.key:
        rows = entry_search.by_key(db, query.key, markets, filters, query.after, *page)
    elif query.name:
        rows = entry_search.by_name(db, query.name, markets, filters, query.after, *page)
    elif query.title:
        rows = entry_search.by_title(db, query.title, markets, filters, query.after, *page,
                                     band_keys=signatures.band_keys)
    else:
        return entry_search.browse(db, filters, query.after, *page)
    return rows, (rows[-1]["id"] if len(rows) == CONSOLE_PAGE else None)


@bp.get("/entries")
def entry_list():
    query = read_args(EntrySearch)
    rows, after = search(get_db(), query)
    next_page = (url_for("console.entry_list", **query.model_dump(exclude={"after"}, exclude_none=True),
                         after=after) if after is not None else None)
    return render_template("console/entries.html", rows=rows, query=query,
                           next_page=next_page, choices=_choices())


def _choices() -> dict:
    return {"kind": KINDS, "marketplace": tuple(marketplaces.MARKETPLACES),
            "status": STATUSES, "evidence_level": EVIDENCE_LEVELS}


def _entry(db, entry_id: int) -> dict:
    entry = entries.get(db, entry_id)
    if entry is None:
        raise NotFound(f"No entry {entry_id}.")
    return entry


def history(db, entry: dict) -> dict:
    """What happened to an entry: its audit records, the reports about it, and (as
    `extra` sections) its disputes, takedowns and the days checks saw it."""
    tracked = curation_takedowns.of_entry(db, entry["id"])
    disputes = [{**dispute, "evidence_urls": " ".join(dispute["evidence_urls"])}
                for dispute in curation_disputes.about_entry(db, entry["id"])]
    return {
        "audit": audit.newest(db, limit=200, target=f"entry:{entry['id']}"),
        "reports": reporters.about(db, entry["kind"], entry["marketplace"], entry["key"]),
        "extra": [
            {"title": "Disputes", "rows": disputes,
             "columns": ("id", "created_at", "status", "statement", "evidence_urls",
                         "decided_at", "decided_by", "reply", "note")},
            {"title": "Takedowns", "rows": tracked["items"],
             "columns": ("id", "channel", "reported_at", "reference", "outcome",
                         "answered_at", "recorded_by")},
            {"title": "Sightings (days a check saw it)", "columns": ("day",),
             "rows": [{"day": day} for day in tracked["sightings"]]},
        ],
        "open_takedowns": [item for item in tracked["items"] if item["outcome"] is None],
    }


@bp.get("/entries/<int:entry_id>")
def entry_page(entry_id):
    db = get_db()
    entry = _entry(db, entry_id)
    return render_template("console/entry.html", entry=entry, history=history(db, entry),
                           choices=_choices(), channels=CHANNELS, outcomes=OUTCOMES)


@bp.post("/entries/<int:entry_id>")
def entry_edit(entry_id):
    """Change an entry's status and descriptive fields (the API's PATCH, whole form)."""
    form = read_form(EntryEditForm)
    try:
        curation_entries.update(get_db(), entry_id, form.model_dump(), g.actor)
        flash(f"Entry {entry_id} saved.", "done")
    except ApiError as error:
        flash(error.message, "error")
    return redirect(url_for("console.entry_page", entry_id=entry_id), code=303)


@bp.post("/entries/<int:entry_id>/delist")
def entry_delist(entry_id):
    """Delete the entry (the API's DELETE); /changes reports it as deleted."""
    read_form(EmptyForm)
    try:
        curation_entries.delete(get_db(), entry_id, g.actor)
    except ApiError as error:
        flash(error.message, "error")
        return redirect(url_for("console.entry_page", entry_id=entry_id), code=303)
    flash(f"Entry {entry_id} delisted.", "done")
    return redirect(url_for("console.entry_list"), code=303)
