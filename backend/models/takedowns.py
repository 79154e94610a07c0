"""Takedowns: what maintainers told a platform about a listed entry, and its answer."""

import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from . import fields
from .feeds import DEFAULT_LIMIT, Limit
from .fields import Answer, Query, Shape, text

CHANNELS = ("ip_portal", "report_button", "legal_notice", "email", "other")
OUTCOMES = ("removed", "refused", "no_answer")
REFERENCE = 300


def _utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()


def _past_day(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError("must be a date, YYYY-MM-DD") from None
    if len(value) != 10:
        raise ValueError("must be a date, YYYY-MM-DD")
    # Tomorrow is allowed: it is already tomorrow somewhere when it is today in UTC.
    if day > _utc_today() + datetime.timedelta(days=1):
        raise ValueError("cannot be in the future")
    return value


# A day no later than tomorrow (UTC). "past-date" tells schemathesis which dates to make
# (tests/test_fuzz_openapi.py); the pattern alone would admit 2026-13-45.
PastDay = Annotated[str, AfterValidator(_past_day), Field(
    json_schema_extra={"format": "past-date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    description="A date, YYYY-MM-DD, no later than tomorrow (UTC).")]


class TakedownInput(Shape):
    """POST /entries/<id>/takedowns: what the platform was told, when and how."""

    channel: Literal[CHANNELS]
    reported_at: PastDay
    reference: text(REFERENCE, "The platform's case number or the notice's reference.") = None


class TakedownAnswer(Shape):
    """PATCH /takedowns/<id>: what the platform answered, and when."""

    outcome: Literal[OUTCOMES]
    answered_at: PastDay


class Takedown(Answer):
    """One takedown as stored."""

    id: int
    entry_id: int
    channel: Literal[CHANNELS]
    reported_at: str
    reference: str | None
    outcome: Literal[OUTCOMES] | None
    answered_at: str | None
    recorded_by: str = Field(description="The token name that recorded it.")
    created_at: str
    updated_at: str


class TakedownList(Answer):
    """GET /entries/<id>/takedowns: oldest report first, with the entry's sighting days."""

    items: list[Takedown]
    sightings: list[str] = Field(description="Days a check saw the entry, newest first.")


class TakedownQuery(Query):
    """GET /takedowns: newest first; `open` keeps those still without an answer."""

    open: bool = False
    limit: Limit = DEFAULT_LIMIT
    cursor: Annotated[int, Field(ge=1, le=fields.MAX_SQLITE_INTEGER)] | None = Field(
        None, description="The next_cursor of the page before.")
