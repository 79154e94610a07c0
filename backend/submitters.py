"""Who sent a request, as a keyed hash: accountable without keeping anyone's address.

A submitter is the client address plus the optional X-Install-Id header; a
network is the address's IPv4 /24 or IPv6 /64 (REPORTER_NETWORK_V4_PREFIX,
REPORTER_NETWORK_V6_PREFIX): one household, office or phone gets a whole /64
from its provider, so counting addresses would let one person be many
reporters. Both are HMAC-SHA256 under a secret that is never in the code:
SUBMITTER_SECRET, or one generated into the instance folder on first start.
Rate limits and the `reported` threshold count per network, so changing the
install id or the address inside one network buys nothing.
"""

import hashlib
import hmac
import ipaddress
import os
import secrets
from pathlib import Path

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import InvalidInput

SECRET_FILE = "submitter_secret"
INSTALL_ID_HEADER = "X-Install-Id"
_MAX_INSTALL_ID = 200


def load_secret(folder, name: str = SECRET_FILE) -> str:
    """The secret stored in folder/name, generated (readable by the owner only) if absent."""
    path = Path(folder) / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    # O_EXCL: if another worker wrote it first, use theirs rather than overwrite it.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret


def keyed_hash(secret: str, *parts: str) -> str:
    """HMAC-SHA256 of the parts (joined unambiguously) under secret, as hex."""
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _ip(raw: str):
    """raw as an IP address, an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as IPv4; or None."""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None  # not an IP address, e.g. a Unix socket's peer
    return address.ipv4_mapped or address if address.version == 6 else address


def client_address() -> str:
    """The client's address; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as IPv4."""
    raw = request.remote_addr or "unknown"
    address = _ip(raw)
    return raw if address is None else str(address)


def network_of(address: str, v4_prefix: int, v6_prefix: int) -> str:
    """The network an address counts as, e.g. '203.0.113.0/24' or '2001:db8:1:2::/64'."""
    parsed = _ip(address)
    if parsed is None:
        # No IP (a Unix socket, no proxy trusted): every client behind it is one network.
        return address
    prefix = v4_prefix if parsed.version == 4 else v6_prefix
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def install_id() -> str:
    """The request's X-Install-Id header ('' if none); 400 if it is not a short token."""
    value = (request.headers.get(INSTALL_ID_HEADER) or "").strip()
    if len(value) > _MAX_INSTALL_ID or not value.isprintable():
        raise InvalidInput(
            f"The {INSTALL_ID_HEADER} header must be printable and at most "
            f"{_MAX_INSTALL_ID} characters."
        )
    return value


def submitter() -> str:
    """The request's submitter: address plus install id, hashed."""
    secret = current_app.config["SUBMITTER_SECRET"]
    return keyed_hash(secret, "submitter", client_address(), install_id())


def network() -> str:
    """The request's client network, hashed: one reporter, and the rate-limit key."""
    config = current_app.config
    return keyed_hash(config["SUBMITTER_SECRET"], "network", network_of(
        client_address(), config["REPORTER_NETWORK_V4_PREFIX"],
        config["REPORTER_NETWORK_V6_PREFIX"],
    ))


def init_app(app: Flask):
    """Check the network prefixes, load or create the secret, and trust X-Forwarded-For only from configured proxies."""
    for setting, longest in (("REPORTER_NETWORK_V4_PREFIX", 32),
                             ("REPORTER_NETWORK_V6_PREFIX", 128)):
        value = app.config[setting]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= longest:
            raise ValueError(f"{setting} must be a whole number from 0 to {longest}.")
    if not app.config["SUBMITTER_SECRET"]:
        app.config["SUBMITTER_SECRET"] = load_secret(app.instance_path)
    proxies = int(app.config["TRUSTED_PROXIES"] or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
