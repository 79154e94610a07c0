"""Wish: product ids (24 hex digits) in /product/ID and /c/ID; merchants in /merchant/ID."""

from .base import Marketplace, lower, path, query

_HEX_ID = r"([0-9a-f]{24})(?=[/?]|$)"

MARKETPLACE = Marketplace(
    name="wish",
    listing_patterns=(
        path(r"/(?:product|c)/(?:[^/]+-)?" + _HEX_ID),
        query("cid", r"([0-9a-f]{24})"),
    ),
    seller_patterns=(
        path(r"/merchant/" + r"([0-9a-z_.-]{3,40})(?=[/?]|$)"),
    ),
    canonical_listing=lower,
    canonical_seller=lower,
)
