"""AliExpress: item ids in /item/ID.html (and /i/ID.html); store ids in /store/ID."""

from .base import Marketplace, decimal, path, query

MARKETPLACE = Marketplace(
    name="aliexpress",
    listing_patterns=(
        path(r"/(?:item|i)/(?:[^/]+/)?(\d{6,20})\.html"),
        query("productId", r"(\d{6,20})"),
    ),
    seller_patterns=(
        path(r"/store/(?:[a-z-]+/)?(\d{3,15})(?=[/?._]|$)"),
        query("storeId", r"(\d{3,15})"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
)
