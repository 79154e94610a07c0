"""Amazon: ASINs in /dp/, /gp/product/, /gp/aw/d/ ...; merchant ids in seller=, smid=, me=."""

from .base import Marketplace, path, query, upper

_ASIN = r"([A-Z0-9]{10})(?=[/?#]|$)"
_MERCHANT = r"(A[A-Z0-9]{9,20})"

MARKETPLACE = Marketplace(
    name="amazon",
    listing_patterns=(
        path(r"/dp/(?:product/)?" + _ASIN),
        path(r"/gp/(?:product|aw/d|offer-listing)/(?:glance/)?" + _ASIN),
        path(r"/exec/obidos/(?:asin|tg/detail/-)/" + _ASIN),
        path(r"/o/(?:asin/)?" + _ASIN),
        query("asin", r"([A-Z0-9]{10})"),
    ),
    seller_patterns=(
        query("seller", _MERCHANT),
        query("smid", _MERCHANT),
        query("me", _MERCHANT),
        query("merchant", _MERCHANT),
        path(r"/shops/" + _MERCHANT + r"(?=[/?]|$)"),
    ),
    canonical_listing=upper,
    canonical_seller=upper,
)
