"""Rate limits per client network, with limits read from the settings.

The key is the client's network (submitters.network(): an IPv4 /24 or IPv6 /64
by default), so the addresses of one network share one budget. Each limited
endpoint counts on its own, in fixed windows ("600 per minute" is 600 from the
first request of a minute-long window).

Counters live in RATELIMIT_STORAGE_URI, any storage of the `limits` library
(the one under Flask-Limiter): the default mmap:// is a file that every process
on the machine maps (limitstore.py), so the limits are exact however many
gunicorn workers serve; redis://host:port is for several machines.

This is a lean limiter rather than Flask-Limiter's decorator: with Flask-Limiter
a limit cost a request ~107 µs and three store steps; this costs ~19 µs over the
shared file and one step (two for Redis, whose incr does not say when the window
ends); bench/bench_limits.py. A 429 comes out in the one error shape with
Retry-After; with RATELIMIT_HEADERS_ENABLED every limited response also carries
X-RateLimit-Limit, -Remaining and -Reset.
"""

import functools
import math
import os
import time
import urllib.parse

from flask import Flask, current_app, g, request
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string

from . import limitstore, submitters
from .errors import ApiError

STORE_UNREACHABLE_RETRY_SECONDS = 5
assert limitstore.SharedFileStorage.STORAGE_SCHEME == ["mmap"]  # registered with limits


def storage_uri(config) -> str:
    """RATELIMIT_STORAGE_URI, with a bare mmap:// pointed at the file beside DATABASE."""
    uri = config["RATELIMIT_STORAGE_URI"]
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "mmap" or parsed.path:
        return uri
    stem = os.path.splitext(os.path.abspath(config["DATABASE"]))[0]
    query = f"?{parsed.query}" if parsed.query else ""
    return f"mmap://{stem}-ratelimits.mmap{query}"


@functools.lru_cache(maxsize=64)
def parse_limits(text: str) -> tuple[RateLimitItem, ...]:
    """The limits of a setting ("20 per hour;5 per minute"), shortest window first."""
    return tuple(sorted(parse_many(text), key=lambda item: item.GRANULARITY.seconds))


@functools.lru_cache(maxsize=8192)
def _network_key(secret: str, address: str, v4_prefix: int, v6_prefix: int) -> str:
    # submitters.network() for one address: parsing the address and the HMAC
    # cost ~10 µs, and a client sends many requests from one address.
    return submitters.keyed_hash(secret, "network",
                                 submitters.network_of(address, v4_prefix, v6_prefix))


def network_key(config=None) -> str:
    """The request's client network, hashed, as submitters.network() gives it (cached)."""
    config = config or current_app.config
    return _network_key(config["SUBMITTER_SECRET"], request.remote_addr or "unknown",
                        config["REPORTER_NETWORK_V4_PREFIX"], config["REPORTER_NETWORK_V6_PREFIX"])


@functools.lru_cache(maxsize=8192)
def _counters(text: str, scope: str, key: str) -> tuple[tuple[int, str, int], ...]:
    # (limit, store key, window seconds) of each limit of a setting, for one
    # network and endpoint: worked out once, not on each of its requests.
    return tuple((item.amount, item.key_for(key, scope), item.get_expiry())
                 for item in parse_limits(text))


class RateLimiter:
    """The app's counters: counts a request against a setting's limits, or refuses it."""

    def __init__(self, storage: Storage):
        self.storage = storage
        # The shared file answers a hit and its window's end in one step; other
        # stores (redis) take a second round trip for the end, for the headers.
        self._count = getattr(storage, "incr_with_expiry", None)

    def hit(self, setting: str, scope: str, config=None):
        """Count this request against the setting's limits for scope; 429 if one is spent.

        Leaves (limit, remaining, window end) for the response headers in g: the
        spent limit's, or else the shortest window's.
        """
        config = config or current_app.config
        counters = _counters(config[setting], scope, network_key(config))
        for position, (amount, storage_key, expiry) in enumerate(counters):
            count, ends = self._store(self._count_hit, storage_key, expiry)
            spent = count > amount
            if position == 0 or spent:
                if ends is None:
                    ends = self._store(self.storage.get_expiry, storage_key)
                g.rate_limit = (amount, max(0, amount - count), ends)
            if spent:
                retry_after = max(1, math.ceil(ends - time.time()))
                raise ApiError(
                    f"Too many requests from this network (limit: {config[setting]}); "
                    "try again after the number of seconds in Retry-After.",
                    code="rate_limited", status=429, headers={"Retry-After": str(retry_after)})

    def _count_hit(self, storage_key: str, expiry: int) -> tuple[int, float | None]:
        """The key's count after this hit, and its window's end if the store tells it at once."""
        if self._count:
            return self._count(storage_key, expiry)
        return self.storage.incr(storage_key, expiry), None

    def _store(self, operation, *args):
        """operation(*args) on the store; 503 (retry shortly) if the store is unreachable."""
        try:
            return operation(*args)
        except Exception as error:
            if not isinstance(error, self.storage.base_exceptions):
                raise
            current_app.logger.exception("Rate-limit store unreachable")
            raise ApiError("The rate-limit store is unreachable; retry shortly.",
                           code="busy", status=503,
                           headers={"Retry-After": str(STORE_UNREACHABLE_RETRY_SECONDS)}
                           ) from error

    def limit(self, view, setting: str, scope: str):
        """view, counted against the setting's limits (per endpoint) before it runs."""

        @functools.wraps(view)
        def limited_view(*args, **kwargs):
            config = current_app.config
            if config["RATELIMIT_ENABLED"]:
                self.hit(setting, scope, config)
            return view(*args, **kwargs)

        return limited_view


def _add_headers(response):
    shown = g.get("rate_limit")
    if shown is not None and current_app.config["RATELIMIT_HEADERS_ENABLED"]:
        amount, remaining, ends = shown
        response.headers["X-RateLimit-Limit"] = str(amount)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
        response.headers["X-RateLimit-Reset"] = str(math.ceil(ends))
    return response


def init_app(app: Flask, limited: dict[str, list[str]]) -> RateLimiter:
    """Create the app's limiter and wrap each endpoint in limited with its setting's limit.

    limited maps a setting name (e.g. "REPORTS_RATE_LIMIT") to endpoint names
    ("reports.create_report"); each endpoint counts on its own. Call it after the
    blueprints are registered: the app's view functions are wrapped in place, so
    the blueprint modules stay free of any one app's limiter. A limit that does
    not parse stops the app here, not on the first request.
    """
    limiter = RateLimiter(storage_from_string(storage_uri(app.config)))
    for setting, endpoints in limited.items():
        parse_limits(app.config[setting])
        for endpoint in endpoints:
            app.view_functions[endpoint] = limiter.limit(
                app.view_functions[endpoint], setting, endpoint)
    app.after_request(_add_headers)
    app.extensions["radar_limiter"] = limiter
    return limiter
