"""POST /check and GET /check: the page a client asks about, and the answer."""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema

from ..matching.reasons import SEVERITY_OF
from ..page import Price as PagePrice
from . import fields
from .entries import Marketplace
from .fields import Answer, OpenShape, PageUrl, Query, Shape, text

_CURRENCY = re.compile(r"\s*[A-Za-z]{3}\s*")


def _currency(value: str) -> str:
    if not _CURRENCY.fullmatch(value):
        raise ValueError("must be a three-letter ISO 4217 code")
    return value.strip().upper()


class Price(Shape):
    """An amount in a currency (ISO 4217; taken in any case, answered in upper case)."""

    amount: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)]
    currency: Annotated[str, AfterValidator(_currency),
                        Field(json_schema_extra={"pattern": r"^\s*[A-Za-z]{3}\s*$"})]

    def to_page(self) -> PagePrice:
        return PagePrice(self.amount, self.currency)


class Seller(Shape):
    """Who sells on the page, as the client read it."""

    id: text(fields.SELLER_ID) = None
    name: text(fields.NAME) = None


def _snapshot(value, info: ValidationInfo) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("must be a string")
    limit = (info.context or {}).get("max_html_bytes", fields.MAX_HTML_BYTES)
    # Cheap bound first: a str of n characters is at least n bytes in UTF-8.
    if len(value) > limit or len(value.encode("utf-8")) > limit:
        raise SnapshotTooLarge(limit)
    return value


class SnapshotTooLarge(ValueError):
    """The `html` field is over MAX_HTML_BYTES: a 413, not a 400."""

    code, status = "payload_too_large", 413

    def __init__(self, limit: int):
        super().__init__(f"is larger than {limit // (1024 * 1024)} MB")


# Checked by hand, not as pydantic's str: its strict str check copies a 2 MB snapshot.
Snapshot = Annotated[Any, AfterValidator(_snapshot), WithJsonSchema({
    "type": ["string", "null"],
    "description": f"Page snapshot, at most {fields.MAX_HTML_BYTES // 2**20} MB of UTF-8."})]


class PageFields(OpenShape):
    """What a client tells about a page; fields it does not know are ignored."""

    url: PageUrl
    title: text(fields.TITLE, "What the page shows as the product's title.") = None
    seller: Seller | None = None
    price: Price | None = None
    brand: text(fields.BRAND) = None
    html: Snapshot = None


class CheckRequest(PageFields):
    """POST /check."""


class CheckQuery(Query):
    """GET /check?url=..."""

    url: PageUrl


class Reason(Answer):
    code: Literal[tuple(SEVERITY_OF)]
    severity: Literal["high", "medium", "low", "info"]
    message: str
    evidence_url: str | None
    # A listed entry's reasons only (matching/listed_dates.py): dates, YYYY-MM-DD, or null.
    listed_since: str | None = Field(None, description="When the entry was listed.")
    reported_to_platform_at: str | None = Field(
        None, description="When the platform was first told (a takedown).")
    last_seen_at: str | None = Field(None, description="The last day a check saw it for sale.")
    # Present (true) only while a seller's dispute about the entry is open (matching/disputes.py).
    disputed: bool = Field(False, description="A seller disputes this listing; the dispute "
                           "is open. Severity and verdict do not change.")


class Page(Answer):
    marketplace: Marketplace | None
    domain: str
    listing_id: str | None
    seller_id: str | None
    seller_name: str | None
    title: str | None
    price: Price | None
    brand: str | None


class CheckResponse(Answer):
    verdict: Literal["counterfeit", "suspicious", "authorized", "unknown"]
    score: Annotated[int, Field(ge=0, le=100)]
    page: Page
    reasons: list[Reason]
    list_version: int
