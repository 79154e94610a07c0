"""Who may call what from a web page (CORS), as the contract declares it.

Public reads answer any web origin (or the origins in CORS_ORIGINS). Everything
else (report and dispute writes, every maintainer route, and any route added
later that is not in PUBLIC_READS) never grants another web origin: its
preflights are refused, its responses carry no Access-Control-Allow-Origin, and
a request that arrives anyway with a foreign web Origin (a "simple" cross-site
POST, which browsers send without a preflight) is refused before it runs.

The browser extension is not a web origin: its service worker reaches the write
routes through its host permission, and its requests carry an extension Origin
(chrome-extension://...), which is let through. The API's own pages (the
maintainers' console) are named in CONSOLE_ORIGINS. The request's Host header is
never taken as the API's own origin: a page on a domain that the attacker points
at the API's address (DNS rebinding) sends a matching Origin and Host.
"""

from functools import lru_cache

import re

from flask import Flask, Response, current_app, request

from .errors import Forbidden

# The contract's list, by method and path under /api/v1; a path parameter is written
# <id> whatever the route calls it. A new public read is added here, nowhere else.
PUBLIC_READS = frozenset({
    ("GET", "/health"),
    ("GET", "/check"),
    ("POST", "/check"),
    ("GET", "/export"),
    ("GET", "/changes"),
    ("GET", "/openapi.json"),
    ("GET", "/transparency"),
    ("GET", "/prefixes"),
    ("GET", "/hashes/<id>"),
    ("GET", "/rulefile"),
    ("GET", "/reports/<id>"),
    ("GET", "/disputes/<id>"),
})
API_PREFIX = "/api/v1"
# Origins of browser extensions: not web pages; CORS does not apply to them.
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
# What a web page may send and read on a public read (X-Install-Id: the extension's header;
# If-None-Match: revalidating /prefixes and /rulefile by ETag).
ALLOWED_HEADERS = "Content-Type, X-Install-Id, If-None-Match"
EXPOSED_HEADERS = "ETag, Retry-After"
PREFLIGHT_MAX_AGE = "600"

_PARAMETER = re.compile(r"<[^>]*>")


def route_key(method: str, rule: str) -> tuple[str, str] | None:
    """(method, path under /api/v1 with parameters as <id>); None outside the API."""
    if not rule.startswith(API_PREFIX + "/"):
        return None
    method = "GET" if method.upper() == "HEAD" else method.upper()
    return method, _PARAMETER.sub("<id>", rule[len(API_PREFIX):])


@lru_cache(maxsize=1024)
def is_public_read(method: str, rule: str) -> bool:
    """Whether any web origin may make this call (the contract's public reads)."""
    return route_key(method, rule) in PUBLIC_READS


def _origins(setting) -> frozenset[str]:
    """A setting's origins (a list, or a comma/space-separated string), without trailing /."""
    if isinstance(setting, str):
        setting = setting.replace(",", " ").split()
    return frozenset(origin.rstrip("/") for origin in setting)


def _is_foreign_web_origin(origin: str) -> bool:
    # "null" is what sandboxed frames and file: pages send: a web page, not ours.
    return (not origin.startswith(EXTENSION_SCHEMES)
            and origin.rstrip("/") not in current_app.extensions["radar_cors"]["console"])


def _preflight_method() -> str | None:
    if request.method != "OPTIONS" or "Origin" not in request.headers:
        return None
    return request.headers.get("Access-Control-Request-Method")


def _refuse_foreign_callers():
    """Refuse preflights and foreign-origin calls to anything that is not a public read."""
    origin = request.headers.get("Origin")
    if origin is None or request.url_rule is None or not _is_foreign_web_origin(origin):
        return
    if request.blueprint in ("console", "dispute_page"):
        # The console's own pages post to it from its own origin, which only the Host
        # header names: backend/console/security.py's guard judges it (its authority is
        # a host-bound SameSite=Strict cookie and a CSRF token, which a rebound name lacks).
        # The public dispute page's form likewise: dispute_page.py's _check_csrf judges it.
        return
    method = _preflight_method() or request.method
    if method == "OPTIONS" or is_public_read(method, request.url_rule.rule):
        return
    raise Forbidden("This route cannot be called from another web site; "
                    "see \"Who may call what from a web page\" in the API contract.")


def _grant_public_reads(response: Response) -> Response:
    """Add the CORS headers to the answers of public reads (preflights included)."""
    origin = request.headers.get("Origin")
    if origin is None or request.url_rule is None:
        return response
    method = _preflight_method() or request.method
    if not is_public_read(method, request.url_rule.rule):
        return response
    allowed = current_app.extensions["radar_cors"]["public"]
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin.rstrip("/") in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return response
    if _preflight_method():
        public_methods = sorted(
            verb for verb in ("GET", "POST")
            if is_public_read(verb, request.url_rule.rule)
        )
        response.headers["Access-Control-Allow-Methods"] = ", ".join(public_methods)
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    else:
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def init_app(app: Flask):
    """Apply the rule to every route, present and future (the origins are read once, here)."""
    app.extensions["radar_cors"] = {"public": _origins(app.config["CORS_ORIGINS"]),
                                    "console": _origins(app.config["CONSOLE_ORIGINS"])}
    app.before_request(_refuse_foreign_callers)
    app.after_request(_grant_public_reads)
