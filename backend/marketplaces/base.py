"""What every marketplace module declares: how its URLs name listings and sellers."""

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import SplitResult


@dataclass(frozen=True)
class IdPattern:
    """Where an id sits in a URL: a regex on the path, on the host, or a query parameter.

    The regex's first group is the id. For query patterns the regex must match
    the whole parameter value.
    """

    where: str  # "path" | "host" | "query"
    regex: re.Pattern
    param: str | None = None

    def find(self, url: SplitResult, query: dict[str, list[str]]) -> str | None:
        """The id this pattern finds in url, or None."""
        if self.where == "query":
            for value in query.get(self.param, []):
                match = self.regex.fullmatch(value)
                if match:
                    return match.group(1) if match.groups() else match.group(0)
            return None
        text = url.path if self.where == "path" else (url.hostname or "")
        match = self.regex.search(text)
        return match.group(1) if match else None


def path(regex: str, flags: int = re.IGNORECASE) -> IdPattern:
    """An id found in the URL path."""
    return IdPattern("path", re.compile(regex, flags))


def host(regex: str) -> IdPattern:
    """An id found in the host name."""
    return IdPattern("host", re.compile(regex, re.IGNORECASE))


def query(param: str, regex: str = r"(.+)") -> IdPattern:
    """An id found in a query parameter."""
    return IdPattern("query", re.compile(regex, re.IGNORECASE), param)


def _same(value: str) -> str:
    return value


def upper(value: str) -> str:
    """Canonical form of upper-case ids (Amazon ASINs and merchant ids)."""
    return value.upper()


def lower(value: str) -> str:
    """Canonical form of lower-case ids (user, shop and supplier names, hex ids)."""
    return value.lower()


def decimal(value: str) -> str:
    """Canonical form of numeric ids: the decimal string without leading zeros."""
    return str(int(value)) if value.isdigit() else value


@dataclass(frozen=True)
class Marketplace:
    """One marketplace's URL knowledge (its hosts are data: seed_data/marketplaces.csv)."""

    name: str
    listing_patterns: tuple[IdPattern, ...] = ()
    seller_patterns: tuple[IdPattern, ...] = ()
    canonical_listing: Callable[[str], str] = _same
    canonical_seller: Callable[[str], str] = _same
    extractor: Callable | None = field(default=None, compare=False)
    # The marketplace's own retail arm (Amazon selling itself): never a report's target
    # nor a counterfeit seller entry; reports about its pages accuse the listing.
    retail_seller_ids: frozenset[str] = frozenset()

    def is_retail_seller(self, seller_id: str | None) -> bool:
        """Whether seller_id is the marketplace itself."""
        return seller_id in self.retail_seller_ids

    def listing_id(self, url: SplitResult, query: dict) -> str | None:
        """The canonical listing id the URL names, if any."""
        return self._first(self.listing_patterns, url, query, self.canonical_listing)

    def seller_id(self, url: SplitResult, query: dict) -> str | None:
        """The canonical seller id the URL names, if any."""
        return self._first(self.seller_patterns, url, query, self.canonical_seller)

    @staticmethod
    def _first(patterns, url, query, canonical) -> str | None:
        for pattern in patterns:
            found = pattern.find(url, query)
            if found:
                return canonical(found)
        return None
