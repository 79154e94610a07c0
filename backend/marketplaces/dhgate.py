"""DHgate: product ids in /product/slug/ID.html; store ids in /store/ID."""

from .base import Marketplace, decimal, path

MARKETPLACE = Marketplace(
    name="dhgate",
    listing_patterns=(
        path(r"/product/(?:[^/]+/)?(\d{5,15})\.html"),
        path(r"/goods/(\d{5,15})\.html"),
    ),
    seller_patterns=(
        path(r"/store/(?:[a-z-]+/)?(\d{3,15})(?=[/?._]|$)"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
)
