"""Entry keys: one canonical validation per kind and marketplace (contract: 'Canonical ids').

Entries, reports, decisions, list files, the seed and `check-keys` all call
canonical_key, so a key one of them accepts the others accept too: a report is never
about a target that approving it could not list.
"""

from .. import marketplaces
from .fields import DOMAIN_PATTERN
from ..urls import ascii_host, canonicalize, domain_key_problem, registered_domain

KINDS = ("seller", "listing", "domain")


def canonical_key(kind: str, marketplace: str | None, key: str) -> str:
    """The canonical form of an entry key; raises ValueError starting "key ..." saying why not."""
    key = key.strip()
    if not key:
        raise ValueError("key is empty")
    if not key.isprintable():
        raise ValueError("key contains control characters")
    if kind == "domain":
        return _domain_key(key)
    market = marketplaces.get(marketplace)
    if market is None:
        raise ValueError(f"marketplace {marketplace!r} is not one of "
                         f"{', '.join(marketplaces.MARKETPLACES)}")
    # The shape each marketplace declares: a key of any other shape could never match.
    try:
        return market.seller_key(key) if kind == "seller" else market.listing_key(key)
    except ValueError as error:
        raise ValueError(f"key {error}") from None


def _domain_key(key: str) -> str:
    host = key.lower()
    if "://" in host:
        host = canonicalize(host)[1].hostname or ""
    host = host.split("/")[0].strip(".")
    try:
        host = ascii_host(host)
    except ValueError:
        raise ValueError(f"key {key!r} is not a domain name") from None
    problem = domain_key_problem(host)
    if problem:
        raise ValueError(f"key {key!r} {problem}")
    return registered_domain(host)


def listable_seller(marketplace: str, key: str, status: str) -> None:
    """ValueError if key is the marketplace's own retail arm listed as counterfeit."""
    if status == "counterfeit" and marketplaces.MARKETPLACES[marketplace].is_retail_seller(key):
        raise ValueError(f"key {key} is {marketplace}'s own retail arm; list the listing instead")


def _input_pattern(market, kind: str) -> str:
    """A JSON Schema pattern of the keys canonical_key accepts for kind on market."""
    shape = market.seller_shape if kind == "seller" else market.listing_shape
    canonical = market.canonical_seller if kind == "seller" else market.canonical_listing
    regex = shape.regex.pattern
    if canonical.__name__ in ("upper", "lower"):  # either case is taken, then folded
        regex = regex.replace("A-Z", "\0").replace("a-z", "A-Za-z").replace("\0", "A-Za-z")
        regex = regex.replace("A[", "[Aa][", 1) if regex.startswith("A[") else regex
    elif canonical.__name__ == "decimal":  # leading zeros are taken, then dropped
        regex = f"0*(?:{regex})"
    return f"^(?:{regex})$"


def key_schemas() -> list[dict]:
    """One JSON Schema per kind and marketplace: the keys an entry of that kind may hold."""
    branches = [{"properties": {"kind": {"const": "domain"}, "marketplace": {"type": "null"},
                                "key": {"type": "string", "format": "shop-domain",
                                        "pattern": DOMAIN_PATTERN}}}]
    for name, market in marketplaces.MARKETPLACES.items():
        for kind in ("seller", "listing"):
            branches.append({"properties": {
                "kind": {"const": kind}, "marketplace": {"const": name},
                "key": {"type": "string", "pattern": _input_pattern(market, kind)}},
                "required": ["marketplace"]})
    return branches
