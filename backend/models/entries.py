"""Curated entries: what a maintainer sends, what a list-file row holds, what the API shows.

Adding a field to an entry: declare it on EntryFields (the list file, the API's
validation and the OpenAPI document follow), then add a migration and the store's column.
"""

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from .. import marketplaces
from . import fields
from .fields import EvidenceUrl, Query, Shape, changes_of, text
from .keys import KINDS, canonical_key, key_schemas, listable_seller

STATUSES = ("counterfeit", "authorized")
EVIDENCE_LEVELS = (
    "test_purchase", "rights_holder", "seller_admission", "volunteer_reports",
    "published_list", "pattern",
)
MARKETPLACE_IDS = tuple(marketplaces.MARKETPLACES)

Kind = Literal[KINDS]
Status = Literal[STATUSES]
Marketplace = Literal[MARKETPLACE_IDS]


class EntryFields(Shape):
    """One curated entry as a maintainer sends it and a list-file row holds it."""

    kind: Kind
    marketplace: Marketplace | None = Field(
        None, description="Empty for a domain; one of the marketplaces otherwise.")
    key: Annotated[str, StringConstraints(max_length=fields.KEY), Field(
        description="Seller id, listing id or registered domain; made canonical "
                    "(contract: 'Canonical ids'), and it must fit the marketplace's id shape.")]
    status: Status
    name: text(fields.NAME) = None
    title: text(fields.TITLE) = None
    brand: text(fields.BRAND) = None
    evidence_url: EvidenceUrl = None
    note: text(fields.NOTE) = None
    source: text(fields.SOURCE) = None
    evidence_level: Literal[EVIDENCE_LEVELS] | None = None

    @model_validator(mode="after")
    def _listable(self):
        """The checks across fields: marketplace by kind, the canonical key, retail arms."""
        if self.kind == "domain":
            if self.marketplace:
                raise ValueError("`marketplace` must be empty for a domain")
        elif self.marketplace is None:
            raise ValueError(f"`marketplace` must be one of: {', '.join(MARKETPLACE_IDS)}")
        try:
            self.key = canonical_key(self.kind, self.marketplace, self.key)
            if self.kind == "seller":
                listable_seller(self.marketplace, self.key, self.status)
        except ValueError as error:
            raise ValueError(f"`key` {str(error).removeprefix('key ')}") from None
        return self


# The entry's fields in list-file column order.
FIELDS = tuple(EntryFields.model_fields)


class EntryInput(EntryFields):
    """POST /entries: an entry with the evidence behind it."""

    # The document shows which keys each kind and marketplace takes (models/keys.py).
    model_config = ConfigDict(json_schema_extra={"oneOf": key_schemas()})

    evidence_level: Literal[EVIDENCE_LEVELS]
    override_dispute: bool = Field(
        False, description="List a key whose dispute was upheld again (with a `note` why).")


EntryChanges = changes_of(EntryInput, "EntryChanges")


class Entry(EntryFields):
    """An entry as the API shows it."""

    id: int
    version: int | None = None
    created_at: str | None = None
    updated_at: str | None = None


class EntryQuery(Query):
    """GET /entries: filters; paged by `cursor` (from next_cursor) or `offset`."""

    kind: Kind | None = None
    marketplace: str | None = None
    status: Status | None = None
    q: str | None = Field(None, description="Text in the key, name or title.")
    offset: int = Field(0, ge=0, le=fields.MAX_SQLITE_INTEGER)
