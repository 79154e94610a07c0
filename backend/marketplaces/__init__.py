"""The ten supported marketplaces, one module each; hosts come from seed_data/marketplaces.csv."""

from . import aliexpress, alibaba, amazon, dhgate, ebay, etsy, facebook, temu, walmart, wish
from .base import Marketplace

MARKETPLACES: dict[str, Marketplace] = {
    module.MARKETPLACE.name: module.MARKETPLACE
    for module in (amazon, ebay, aliexpress, alibaba, walmart, etsy, temu, dhgate, wish, facebook)
}


def get(name: str | None) -> Marketplace | None:
    """The marketplace called name, or None."""
    return MARKETPLACES.get(name) if name else None
