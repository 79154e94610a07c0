"""Facebook Marketplace: items in /marketplace/item/ID; sellers in /marketplace/profile/ID."""

from .base import Marketplace, decimal, path

MARKETPLACE = Marketplace(
    name="facebook",
    listing_patterns=(
        path(r"/marketplace/(?:[^/]+/)?item/(\d{5,25})(?=[/?]|$)"),
        path(r"/commerce/listing/(\d{5,25})(?=[/?]|$)"),
    ),
    seller_patterns=(
        path(r"/marketplace/profile/(\d{5,25})(?=[/?]|$)"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
)
