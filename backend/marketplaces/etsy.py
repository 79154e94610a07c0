"""Etsy: listing ids in /listing/ID/...; shop names in /shop/NAME."""

from .base import Marketplace, decimal, lower, path

MARKETPLACE = Marketplace(
    name="etsy",
    listing_patterns=(
        path(r"/listing/(\d{5,15})(?=[/?]|$)"),
    ),
    seller_patterns=(
        path(r"/shop/([A-Za-z0-9]{2,40})(?=[/?]|$)"),
    ),
    canonical_listing=decimal,
    canonical_seller=lower,
)
