"""Volunteers' reports and maintainers' decisions on them."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema

from . import fields
from .check import PageFields, Price, Seller
from .entries import Entry, Kind, Marketplace
from .feeds import DEFAULT_LIMIT, Limit
from .fields import Answer, EvidenceUrl, PageUrl, Query, Shape, text

REASONS = ("counterfeit", "replica_wording", "price_too_low", "seller_admitted",
           "prohibited_item", "other")
DECISIONS = ("approve", "reject")

# An entry listed from reports names them in its source, for maintainers. A report id
# lets whoever holds it read the report's status and note, so public outputs (the
# export, /changes) show only where the entry came from: public_source().
REPORTS_SOURCE = "reports: "


def public_source(source: str | None) -> str | None:
    """The source as the public may see it: report ids replaced by 'volunteer reports'."""
    if source and source.startswith(REPORTS_SOURCE):
        return "volunteer reports"
    return source


def _listable_link(value: str) -> str:
    # An approved report's first evidence URL may become an entry's evidence_url.
    if not fields.is_evidence_url(value):
        raise ValueError("must be a plain http(s) URL with a host name")
    return value


class ReportSeller(Seller):
    """A report's seller: its id may become a key, so it holds no control characters
    (and on a marketplace it must fit the marketplace's id shape: models/keys.py)."""

    id: Annotated[text(fields.SELLER_ID), WithJsonSchema({"anyOf": [
        {"type": "string", "maxLength": fields.SELLER_ID,
         "pattern": fields.NO_CONTROL_CHARACTERS}, {"type": "null"}]})] = None


class ReportRequest(PageFields):
    """POST /reports: the page, why it is a fake, and the volunteer's evidence."""

    seller: ReportSeller | None = None
    reason: Literal[REASONS]
    details: text(fields.DETAILS) = None
    evidence_urls: Annotated[list[Annotated[PageUrl, AfterValidator(_listable_link)]],
                             Field(max_length=fields.MAX_EVIDENCE_URLS)] = []


class Target(Answer):
    """What reports accuse: a seller, a listing or a shop's domain."""

    kind: Kind
    marketplace: Marketplace | None
    key: str


class Report(Answer):
    """GET /reports/<id>: a report's status, never who sent it."""

    id: str
    status: Literal["pending", "approved", "rejected"]
    target: Target | None = None
    created_at: str
    decided_at: str | None
    note: str | None = Field(description="What the maintainer wrote for the public.")


class DecisionRequest(Shape):
    """POST /reports/<id>/decision. `note` is internal (audit only); the list shows only what
    the maintainer publishes: public_note, public_evidence_url and the seller `name`,
    listing `title` and `brand` they confirm (a volunteer's are never listed)."""

    decision: Literal[DECISIONS]
    note: text(fields.NOTE, "Internal: kept in the audit log, never published.") = None
    public_note: text(fields.NOTE, "The listed entry's note, also shown by GET /reports/<id>; "
                                   "default: a neutral sentence.") = None
    public_evidence_url: EvidenceUrl = None
    brand: text(fields.BRAND) = None
    name: text(fields.NAME) = None
    title: text(fields.TITLE) = None


class Decision(Answer):
    id: str
    status: Literal["approved", "rejected"]
    settled: list[str] = Field(
        description="Every pending report on the same target, this one included.")
    entry: Entry | None
    list_version: int


class QueueQuery(Query):
    """The queue is ordered by count, so it pages by offset."""

    limit: Limit = DEFAULT_LIMIT
    offset: int = Field(0, ge=0, le=fields.MAX_SQLITE_INTEGER)


class Evidence(Answer):
    report_id: str
    reason: str
    details: str | None
    url: str
    evidence_urls: list[str]
    title: str | None
    seller_name: str | None
    price: Price | None
    created_at: str


class QueueItem(Answer):
    target: Target
    count: int
    networks: int = Field(description="Distinct client networks.")
    report_ids: list[str]
    first_reported_at: str
    last_reported_at: str
    urls: list[str]
    evidence: list[Evidence]


class ReviewQueue(Answer):
    items: list[QueueItem]
