"""Takedowns: record what a platform was told about an entry, its answer, and the list of
those still awaiting one. Through curation/takedowns.py, as the API's routes."""

from flask import flash, g, redirect, render_template, request, url_for

from ..curation import takedowns as curation_takedowns
from ..db import get_db
from ..errors import ApiError
from ..models.console import CONSOLE_PAGE, TakedownAnswerForm, TakedownForm, TakedownPage
from ..models.takedowns import OUTCOMES, TakedownAnswer, TakedownInput
from . import bp
from .forms import read_args, read_form


def _back(entry_id: int | None):
    # Back to the page the form was on: the entry's, or the open takedowns.
    if entry_id is None or request.form.get("back") == "list":
        return redirect(url_for("console.takedown_list"), code=303)
    return redirect(url_for("console.entry_page", entry_id=entry_id), code=303)


@bp.post("/entries/<int:entry_id>/takedowns")
def takedown_record(entry_id):
    """Record that the entry was reported to its platform (curation.takedowns.record)."""
    form = read_form(TakedownForm)
    try:
        created = curation_takedowns.record(
            get_db(), entry_id, TakedownInput.model_validate(form.model_dump()), g.actor)
        flash(f"Takedown {created['id']} recorded ({created['channel']}, "
              f"{created['reported_at']}).", "done")
    except ApiError as error:
        flash(error.message, "error")
    return _back(entry_id)


@bp.post("/takedowns/<int:takedown_id>/answer")
def takedown_answer(takedown_id):
    """Record the platform's answer (curation.takedowns.answer)."""
    form = read_form(TakedownAnswerForm)
    try:
        answered = curation_takedowns.answer(
            get_db(), takedown_id, TakedownAnswer.model_validate(form.model_dump()), g.actor)
    except ApiError as error:
        flash(error.message, "error")
        return _back(None)
    flash(f"Takedown {takedown_id}: {answered['outcome']} on {answered['answered_at']}.",
          "done")
    return _back(answered["entry_id"])


@bp.get("/takedowns")
def takedown_list():
    """Takedowns still awaiting the platform's answer, newest first."""
    query = read_args(TakedownPage)
    rows = curation_takedowns.newest(get_db(), limit=CONSOLE_PAGE, before_id=query.before,
                                     open_only=True)
    before = rows[-1]["id"] if len(rows) == CONSOLE_PAGE else None
    return render_template("console/takedowns.html", rows=rows, before=before,
                           outcomes=OUTCOMES)
