"""What a check knows about the page: from the URL, the request and the snapshot."""

from dataclasses import dataclass


@dataclass
class Price:
    amount: float
    currency: str

    def to_json(self) -> dict:
        return {"amount": self.amount, "currency": self.currency}


@dataclass
class PageFacts:
    """Who sells what, for how much, under which brand; None where nothing says."""

    listing_id: str | None = None
    seller_id: str | None = None
    seller_name: str | None = None
    title: str | None = None
    price: Price | None = None
    brand: str | None = None


@dataclass(kw_only=True)
class Page(PageFacts):
    """The facts a check reasons about, in the contract's `page` shape (plus url and host)."""

    url: str
    host: str
    domain: str
    marketplace: str | None = None
    # Other ids the page itself shows for the listing (a variant's own id, its
    # parent's); the list is matched on these too, but the response names listing_id.
    alternate_listing_ids: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "marketplace": self.marketplace,
            "domain": self.domain,
            "listing_id": self.listing_id,
            "seller_id": self.seller_id,
            "seller_name": self.seller_name,
            "title": self.title,
            "price": self.price.to_json() if self.price else None,
            "brand": self.brand,
        }
