"""What extraction finds on a page: the fields a check reasons about, each optional."""

from dataclasses import dataclass, field, fields

from ..page import PageFacts

FIELDS = tuple(f.name for f in fields(PageFacts))


@dataclass
class Extracted(PageFacts):
    """Facts read from a page snapshot; None where the page does not say.

    parent_listing_id is set when the page shows a variant (an Amazon child
    ASIN, say) of a parent listing; a check matches it against the list too.
    not_generic names the fields the generic
    extractor must not fill because this marketplace's structured data misuses
    them (Etsy puts the shop name in JSON-LD `brand`).
    """

    parent_listing_id: str | None = None
    not_generic: frozenset = field(default_factory=frozenset)

    def fill_from(self, other: "Extracted") -> "Extracted":
        """Fill this object's empty fields from other (except the not_generic ones)."""
        for name in FIELDS:
            if getattr(self, name) is None and name not in self.not_generic:
                setattr(self, name, getattr(other, name))
        return self

    def is_complete(self) -> bool:
        """Whether every field the generic extractor could fill is already known."""
        return all(getattr(self, name) is not None or name in self.not_generic
                   for name in ("title", "price", "brand"))
