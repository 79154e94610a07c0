"""Sellers' disputes (the right of reply) and maintainers' decisions on them."""

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from . import fields
from .entries import Kind, Marketplace
from .feeds import DEFAULT_LIMIT, Limit
from .fields import Answer, PageUrl, Query, Shape, required_text, text
from .reports import _listable_link

STATUSES = ("open", "upheld", "dismissed")
DECISIONS = ("uphold", "dismiss")
STATEMENT, CONTACT, REPLY = 4000, 300, 2000


def _whole(value):
    # JSON Schema's integers include 5.0, and a client may well write it so.
    return int(value) if isinstance(value, float) and value.is_integer() else value


EntryId = Annotated[int, BeforeValidator(_whole), Field(ge=1, le=fields.MAX_SQLITE_INTEGER)]


class DisputeRequest(Shape):
    """POST /disputes: which listed entry (by id, or a page it matches) and the reply."""

    # Exactly one of entry_id and url (the document says so too).
    model_config = ConfigDict(json_schema_extra={"oneOf": [
        {"required": ["entry_id"], "not": {"required": ["url"]}},
        {"required": ["url"], "not": {"required": ["entry_id"]}},
    ]})

    entry_id: Annotated[EntryId | None, WithJsonSchema(
        {"type": "integer", "minimum": 1, "maximum": fields.MAX_SQLITE_INTEGER})] = Field(
        None, description="The listed entry disputed.")
    url: Annotated[PageUrl | None, WithJsonSchema(
        {"type": "string", "format": "http-url", "pattern": fields.HTTP_URL_PATTERN,
         "maxLength": fields.MAX_URL_LENGTH})] = Field(
        None, description="Or a page that matches the entry.")
    statement: required_text(STATEMENT, "Why the listing is wrong (shown to maintainers).")
    contact: text(CONTACT, "How maintainers may reach you; never published.") = None
    evidence_urls: Annotated[list[Annotated[PageUrl, AfterValidator(_listable_link)]],
                             Field(max_length=fields.MAX_EVIDENCE_URLS)] = []

    @model_validator(mode="after")
    def _one_entry(self):
        if (self.entry_id is None) == (self.url is None):
            raise ValueError("give exactly one of `entry_id` or `url`")
        return self


class DisputeReceipt(Answer):
    """What POST /disputes answers: the id to follow the dispute by."""

    id: str
    status: Literal[STATUSES]


class Dispute(Answer):
    """GET /disputes/<id>: a dispute's status and the maintainers' reply (never the contact)."""

    id: str
    status: Literal[STATUSES]
    entry_id: int
    created_at: str
    decided_at: str | None
    reply: str | None = Field(description="What the maintainer wrote to the disputer.")


class DisputeRecord(Dispute):
    """A dispute as maintainers see it (GET /disputes)."""

    entry_kind: Kind
    entry_marketplace: Marketplace | None
    entry_key: str
    url: str | None
    statement: str
    contact: str | None = Field(description="Personal data: never published.")
    evidence_urls: list[str]
    decided_by: str | None
    note: str | None = Field(description="Internal.")


class DisputeQuery(Query):
    """GET /disputes: newest first, paged by `cursor` (from next_cursor)."""

    status: Literal[STATUSES] | None = None
    limit: Limit = DEFAULT_LIMIT
    cursor: Annotated[int, Field(ge=1, le=fields.MAX_SQLITE_INTEGER)] | None = Field(
        None, description="The next_cursor of the page before.")


class DisputePage(Answer):
    items: list[DisputeRecord]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class DisputeDecisionRequest(Shape):
    """POST /disputes/<id>/decision: uphold takes the entry off the list."""

    decision: Literal[DECISIONS]
    reply: text(REPLY, "Shown to the disputer by GET /disputes/<id>.") = None
    note: text(fields.NOTE, "Internal: kept in the audit log, never published.") = None


class DisputeDecision(Answer):
    id: str
    status: Literal["upheld", "dismissed"]
    entry_id: int
    list_version: int
