"""Understanding a URL: canonical form, registered domain, marketplace, listing and seller ids."""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlencode, urlsplit, urlunsplit

import idna
import tldextract

from . import marketplaces

# The bundled public-suffix list, never the network; private suffixes included so
# that shop.myshopify.com is its own domain, not all of myshopify.com.
_EXTRACT = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)

# Query parameters that only track the visit; dropped from the canonical URL.
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|gclid|gclsrc|dclid|fbclid|msclkid|yclid|mc_[ce]id|igshid|_ga|_gl|"
    r"ref|ref_|refrr|pf_rd_\w+|pd_rd_\w+|psc|th|qid|sr|keywords|crid|sprefix|content-id|"
    r"_trkparms|_trksid|hash|mkcid|mkrid|mkevt|campid|customid|toolid|amdata|"
    r"spm|scm|algo_\w+|aff_\w+|sk|dp|btsid|ws_ab_test|gatewayadapt|pdp_\w+|"
    r"terminal_id|afsmartredirect|gps-id|"
    r"athcpid|athpgid|athznid|athmtid|athieid|athena|adsredirect|wmlspartner|"
    r"click_key|click_sum|ga_order|ga_search_\w+|ref_key|pro|frs|sts|organic_search_click|"
    r"_x_\w+|refer_page_\w+|top_gallery_url|spec_gallery_id|goods_id_list|"
    r"dgs_\w+|f|fbaid|ff_\w+|fr|isinquiry)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class UrlFacts:
    """What a URL alone says about the page."""

    canonical: str
    host: str
    domain: str
    marketplace: str | None
    listing_id: str | None
    seller_id: str | None


class InvalidUrl(ValueError):
    """The text is not an absolute http(s) URL with a host."""


def registered_domain(host: str) -> str:
    """The registered domain of host (amazon.co.uk for www.amazon.co.uk); host if none."""
    host = host.lower().rstrip(".")
    parts = _EXTRACT(host)
    return parts.top_domain_under_public_suffix or host


def ascii_host(host: str) -> str:
    """Host name in lower-case ASCII as browsers make it (UTS #46); raises InvalidUrl.

    Browsers map hosts with UTS #46, non-transitional: full-width and upper-case
    letters fold, and ß stays ß (faß.de is xn--fa-hia.de, not fass.de), so a check
    names the shop the browser really went to. Unicode labels and xn-- labels must
    be valid IDNA; plain ASCII labels stay as lenient as a browser's.
    """
    host = unquote(host).strip().rstrip(".")
    if host.isascii():
        host = host.lower()  # UTS #46 on ASCII is only this: skip the slow path.
    else:
        try:
            host = idna.uts46_remap(host, std3_rules=False, transitional=False)
        except (idna.IDNAError, UnicodeError):
            raise InvalidUrl(f"the host {host!r} is not a valid domain name") from None
    labels = host.split(".")
    for index, label in enumerate(labels):
        if not label or len(label) > 63:
            # An empty or over-long label never resolves: no shop can live there.
            raise InvalidUrl(f"the host {host!r} is not a valid domain name")
        if label.isascii() and not label.startswith("xn--"):
            continue
        try:
            # Unicode labels become punycode; xn-- labels must decode to a valid name.
            unicode_label = idna.ulabel(label) if label.isascii() else label
            labels[index] = idna.alabel(unicode_label).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            raise InvalidUrl(f"the host {host!r} is not a valid domain name") from None
    return ".".join(labels)


def canonicalize(url: str):
    """Split url and return (canonical URL, parts, query dict) or raise InvalidUrl."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidUrl(str(error)) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise InvalidUrl("not an absolute http(s) URL")
    host = ascii_host(parts.hostname)
    if not host or " " in host:
        raise InvalidUrl("no host")
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    kept = [
        (name, value)
        for name, value in _parse_query_pairs(parts.query)
        if not _TRACKING_PARAMS.match(name)
    ]
    path_part = parts.path or "/"
    canonical_parts = parts._replace(
        scheme=scheme, netloc=netloc, path=path_part, query=urlencode(kept), fragment=""
    )
    query_dict: dict[str, list[str]] = {}
    for name, value in kept:
        query_dict.setdefault(name, []).append(value)
    return urlunsplit(canonical_parts), canonical_parts._replace(netloc=host), query_dict


def _parse_query_pairs(query: str):
    parsed = parse_qs(query, keep_blank_values=True)
    return [(name, value) for name, values in parsed.items() for value in values]


class UrlReader:
    """Reads URLs against a host → marketplace map (compiled from the list)."""

    def __init__(self, marketplace_hosts: dict[str, str]):
        self._hosts = dict(marketplace_hosts)
        # Many people check the same popular pages: their facts (immutable) are kept per
        # reader, that is per list version, since the host map comes from the list.
        self.read = lru_cache(maxsize=2048)(self.read)

    def marketplace_of(self, host: str, domain: str) -> str | None:
        """The marketplace a host belongs to (see _listed_parent)."""
        return self._listed_parent(host, domain)[0]

    def _listed_parent(self, host: str, domain: str) -> tuple[str | None, str]:
        """(marketplace, domain) of a host: by the host itself or its registered domain, else
        by its nearest listed parent, which is then its domain; (None, domain) if none.

        The parents matter for marketplace hosts under a name the Public Suffix List does not
        know as a suffix: "com.be" is not one, so www.amazon.com.be's registered domain reads
        as com.be, yet it is Amazon Belgium, amazon.com.be.
        """
        name = self._hosts.get(host) or self._hosts.get(domain)
        if name is not None:
            return name, domain
        labels = host.split(".")
        for start in range(1, len(labels) - 1):
            parent = ".".join(labels[start:])
            if parent in self._hosts:
                return self._hosts[parent], parent
        return None, domain

    def read(self, url: str) -> UrlFacts:
        """Canonicalise url and find its marketplace and ids; raises InvalidUrl."""
        canonical, parts, query_dict = canonicalize(url)
        host = parts.hostname or ""
        name, domain = self._listed_parent(host, _registered_domain_cached(host))
        market = marketplaces.get(name)
        listing = market.listing_id(parts, query_dict) if market else None
        seller = market.seller_id(parts, query_dict) if market else None
        return UrlFacts(canonical, host, domain, name, listing, seller)


@lru_cache(maxsize=4096)
def _registered_domain_cached(host: str) -> str:
    return registered_domain(host)


# The WHATWG URL parser's "ends in a number": a host whose last label is all digits or
# 0x-hex is parsed as IPv4 (0x7f.1 and 2130706433 are both 127.0.0.1), never as a name.
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*", re.IGNORECASE | re.ASCII)
_DOMAIN_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?", re.ASCII)


def is_ip_literal(host: str) -> bool:
    """Whether a browser would read host as an IP address (v4 in any notation, or v6)."""
    host = host.strip().lower()
    if host.startswith("[") or host.count(":") > 1:
        return True
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    return _NUMERIC_LABEL.fullmatch(labels[-1]) is not None


def domain_key_problem(host: str) -> str | None:
    """Why host (lower-case ASCII) cannot be listed as a shop's domain, or None if it can.

    A public suffix (co.uk, github.io) would list every shop under it, and an IP
    address or a single label is no shop's name.
    """
    if is_ip_literal(host):
        return "is an IP address, not a domain name"
    labels = host.split(".")
    if not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        return "is not a domain name"
    parts = _EXTRACT(host)
    if parts.suffix and not parts.domain:
        return "is a public suffix, under which anyone may register a shop"
    if len(labels) < 2:
        return "is not a domain name"
    return None
