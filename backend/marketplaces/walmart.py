"""Walmart: item ids in /ip/[slug/]ID; seller ids in /seller/ID."""

from .base import Marketplace, decimal, path, query

MARKETPLACE = Marketplace(
    name="walmart",
    listing_patterns=(
        path(r"/ip/(?:[^/]+/)?(\d{5,20}|[0-9A-Z]{10,14})(?=[/?]|$)", 0),
    ),
    seller_patterns=(
        path(r"/seller/(\d{1,20})(?=[/?]|$)"),
        query("sellerId", r"(\d{1,20})"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
)
