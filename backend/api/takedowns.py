"""Takedowns (maintainers): what a platform was told about a listed entry, and its answer."""

from flask import Blueprint, g

from .. import auth
from ..curation import takedowns as curation
from ..db import get_db
from ..models.feeds import page_of
from ..models.takedowns import (
    Takedown, TakedownAnswer, TakedownInput, TakedownList, TakedownQuery,
)
from .paging import paged
from .validation import shape

bp = Blueprint("takedowns", __name__)


@bp.post("/entries/<int:entry_id>/takedowns")
@auth.require("maintainer")
@shape(body=TakedownInput, answer=Takedown, status=201, errors=(409,))
def create_takedown(entry_id, body):
    """Record that the entry was reported to its platform; 409 for an authorized entry."""
    return curation.record(get_db(), entry_id, body, g.actor), 201


@bp.get("/entries/<int:entry_id>/takedowns")
@auth.require("maintainer")
@shape(answer=TakedownList, errors=(405,))  # 405: an id no row can have (openapi.py)
def entry_takedowns(entry_id):
    """An entry's takedowns, oldest report first, and the days checks saw it."""
    return curation.of_entry(get_db(), entry_id)


@bp.patch("/takedowns/<int:takedown_id>")
@auth.require("maintainer")
@shape(body=TakedownAnswer, answer=Takedown)
def answer_takedown(takedown_id, body):
    """Record the platform's answer (answered_at no earlier than reported_at)."""
    return curation.answer(get_db(), takedown_id, body, g.actor)


@bp.get("/takedowns")
@auth.require("maintainer")
@shape(query=TakedownQuery, answer=page_of(Takedown))
def list_takedowns(query):
    """Takedowns newest first; `open=true` keeps those still awaiting an answer."""
    return paged(query.limit, lambda limit: curation.newest(
        get_db(), limit=limit, before_id=query.cursor, open_only=query.open))
