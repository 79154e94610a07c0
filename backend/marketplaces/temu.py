"""Temu: listings as ...-g-ID.html and goods_id=; sellers (malls) as ...-m-ID.html and mall_id=."""

from .base import Marketplace, decimal, path, query

MARKETPLACE = Marketplace(
    name="temu",
    listing_patterns=(
        path(r"-g-(\d{6,20})\.html"),
        query("goods_id", r"(\d{6,20})"),
    ),
    seller_patterns=(
        path(r"-m-(\d{4,20})\.html"),
        query("mall_id", r"(\d{4,20})"),
    ),
    canonical_listing=decimal,
    canonical_seller=decimal,
)
