"""eBay: item numbers in /itm/[slug/]ID and item=; user names in /usr/NAME and _ssn=."""

from .base import Marketplace, decimal, lower, path, query

_USER = r"([A-Za-z0-9][A-Za-z0-9._*-]{0,63})"

MARKETPLACE = Marketplace(
    name="ebay",
    listing_patterns=(
        path(r"/itm/(?:[^/]+/)?(\d{9,15})(?=[/?]|$)"),
        query("item", r"(\d{9,15})"),
        query("itm", r"(\d{9,15})"),
    ),
    seller_patterns=(
        path(r"/usr/" + _USER + r"(?=[/?]|$)"),
        query("_ssn", _USER),
        query("sid", _USER),
    ),
    canonical_listing=decimal,
    canonical_seller=lower,
)
