"""Alibaba: product ids in /product-detail/slug_ID.html; suppliers as NAME.en.alibaba.com."""

from .base import Marketplace, decimal, host, lower, path

MARKETPLACE = Marketplace(
    name="alibaba",
    listing_patterns=(
        path(r"/product-detail/(?:[^/]*_)?(\d{6,20})\.html"),
        path(r"/product/(\d{6,20})(?:[/-][^/]*)?(?:\.html)?(?=[/?]|$)"),
    ),
    seller_patterns=(
        host(r"^(?!www\.|m\.)([a-z0-9][a-z0-9-]{1,62})\.(?:m\.)?en\.alibaba\.com$"),
    ),
    canonical_listing=decimal,
    canonical_seller=lower,
)
