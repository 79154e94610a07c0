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
    """Canonical form of numeric ids: the decimal string without leading zeros.

    Only ASCII digits are numbers here: str.isdigit() is also true for "²" (which
    int() refuses) and for other scripts' digits, which no marketplace uses in ids.
    """
    if value.isascii() and value.isdigit():
        return value.lstrip("0") or "0"
    return value


@dataclass(frozen=True)
class IdShape:
    """What a marketplace's canonical id looks like: a whole-match regex, and in words."""

    regex: re.Pattern
    description: str

    def fits(self, value: str) -> bool:
        """Whether value (in canonical form) has this shape."""
        return self.regex.fullmatch(value) is not None


def shape(regex: str, description: str) -> IdShape:
    """The shape of canonical ids (ASCII: \\d and \\w mean ASCII digits and letters)."""
    return IdShape(re.compile(regex, re.ASCII), description)


def digits(fewest: int, most: int) -> IdShape:
    """The shape of numeric ids of fewest to most ASCII digits (after leading zeros go)."""
    return shape(rf"[1-9][0-9]{{{fewest - 1},{most - 1}}}", f"{fewest} to {most} digits")


# Any printable text: for a marketplace that declares nothing better.
ANY_ID = shape(r"[^\x00-\x1f\x7f]{1,300}", "printable text")


@dataclass(frozen=True)
class CheckedPages:
    """Which pages the browser extension checks unasked, and where its content script runs.

    product and seller are regexes searched in the path and query ("/sp?seller=A1..."),
    seller_hosts in the host name. A single-page site changes pages without a reload, so
    its content script runs on every path; others only on content_paths (match-pattern
    paths, "/itm/*"), plus extra_matches (whole match patterns). Only the extension reads
    these: backend/extension_gen.py writes them into it (python3 tasks.py gen-extension).
    """

    product: tuple[re.Pattern, ...]
    seller: tuple[re.Pattern, ...] = ()
    seller_hosts: tuple[re.Pattern, ...] = ()
    single_page: bool = False
    content_paths: tuple[str, ...] = ()
    extra_matches: tuple[str, ...] = ()

    def names_product(self, url: SplitResult) -> bool:
        """Whether url's path and query are a product page's."""
        text = url.path + (f"?{url.query}" if url.query else "")
        return any(pattern.search(text) for pattern in self.product)

    def names_seller(self, url: SplitResult) -> bool:
        """Whether url is a seller's page (a store, a profile) by its path and query or host."""
        text = url.path + (f"?{url.query}" if url.query else "")
        host = (url.hostname or "").lower()
        return (any(pattern.search(text) for pattern in self.seller)
                or any(pattern.search(host) for pattern in self.seller_hosts))

    def match_paths(self) -> tuple[str, ...]:
        """The content script's match-pattern paths on each of the marketplace's domains."""
        return ("/*",) if self.single_page else self.content_paths


def checked_pages(product: tuple, seller: tuple = (), *, flags: int = 0,
                  seller_hosts: tuple = (), **options) -> CheckedPages:
    """CheckedPages from regexes: sources (compiled with flags) or compiled patterns."""
    def compiled(patterns) -> tuple[re.Pattern, ...]:
        return tuple(pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
                     for pattern in patterns)
    return CheckedPages(product=compiled(product), seller=compiled(seller),
                        seller_hosts=compiled(seller_hosts), **options)


def title_affixes(*sources: str) -> tuple[re.Pattern, ...]:
    """Title patterns (case-insensitive, whole-title, group 1 = the product's title)."""
    return tuple(re.compile(source, re.IGNORECASE) for source in sources)


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
    # What canonical ids can look like: entries, reports and imports refuse keys of
    # any other shape (they could never match a page), and URLs' ids must fit too.
    listing_shape: IdShape = ANY_ID
    seller_shape: IdShape = ANY_ID
    checked_pages: CheckedPages | None = field(default=None, compare=False)
    # How people write its name ("AliExpress"), where capitalising name is not it.
    label: str = ""
    # Hosts of its share/short links (amzn.to, ebay.us): they name no ids until resolved.
    short_link_hosts: frozenset[str] = frozenset()
    # Page titles that carry the marketplace's name (" | eBay", "Amazon.de: ... : Küche"):
    # each fullmatches such a title and its group 1 is the product's own title.
    title_affixes: tuple[re.Pattern, ...] = field(default=(), compare=False)

    @property
    def display_name(self) -> str:
        """The name shoppers know it by: "AliExpress", "eBay", "Amazon"."""
        return self.label or self.name.capitalize()

    def product_title(self, title: str | None) -> str | None:
        """title without the marketplace's affixes (each declared pattern applied once, in order)."""
        for pattern in self.title_affixes:
            match = pattern.fullmatch(title or "")
            if match and match.group(1).strip():
                title = match.group(1).strip()
        return title

    def is_product_url(self, url: SplitResult, query: dict) -> bool:
        """Whether url is a product page's: it names a listing or has a product page's path.

        A marketplace that declares no checked pages has every URL counted as one.
        """
        if self.checked_pages is None or self.listing_id(url, query) is not None:
            return True
        return self.checked_pages.names_product(url)

    def is_seller_url(self, url: SplitResult, query: dict) -> bool:
        """Whether url is a seller's page: it names a seller or has a store's path or host."""
        if self.checked_pages is None or self.seller_id(url, query) is not None:
            return True
        return self.checked_pages.names_seller(url)

    def is_short_link(self, host: str | None) -> bool:
        """Whether host (or a host under it) serves the marketplace's short links."""
        host = (host or "").lower().rstrip(".")
        return any(host == short or host.endswith("." + short) for short in self.short_link_hosts)

    def is_retail_seller(self, seller_id: str | None) -> bool:
        """Whether seller_id is the marketplace itself."""
        return seller_id in self.retail_seller_ids

    def listing_key(self, value: str) -> str:
        """value as a canonical listing id; ValueError (saying the shape) if it cannot be one."""
        return self._key(value, self.canonical_listing, self.listing_shape, "listing")

    def seller_key(self, value: str) -> str:
        """value as a canonical seller id; ValueError (saying the shape) if it cannot be one."""
        return self._key(value, self.canonical_seller, self.seller_shape, "seller")

    def _key(self, value: str, canonical, id_shape: IdShape, what: str) -> str:
        key = canonical(value.strip())
        if not id_shape.fits(key):
            raise ValueError(f"{value!r} is not a {what} id on {self.name} ({id_shape.description})")
        return key

    def listing_id(self, url: SplitResult, query: dict) -> str | None:
        """The canonical listing id the URL names, if any."""
        return self._first(self.listing_patterns, url, query, self.canonical_listing,
                           self.listing_shape)

    def seller_id(self, url: SplitResult, query: dict) -> str | None:
        """The canonical seller id the URL names, if any."""
        return self._first(self.seller_patterns, url, query, self.canonical_seller,
                           self.seller_shape)

    @staticmethod
    def _first(patterns, url, query, canonical, id_shape: IdShape) -> str | None:
        for pattern in patterns:
            found = pattern.find(url, query)
            key = canonical(found) if found else None
            if key and id_shape.fits(key):
                return key
        return None
