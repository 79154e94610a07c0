"""Who sent a request, as a keyed hash: accountable without keeping anyone's address.

A submitter is the client address plus the optional X-Install-Id header; a
network is the address alone. Both are HMAC-SHA256 under a secret that is
never in the code: SUBMITTER_SECRET, or one generated into the instance folder
on first start. Rate limits count per network, so changing the install id
does not buy more reports.
"""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .errors import InvalidInput

SECRET_FILE = "submitter_secret"
INSTALL_ID_HEADER = "X-Install-Id"
_MAX_INSTALL_ID = 200


def load_secret(folder) -> str:
    """The secret stored in folder, generated (readable by the owner only) if absent."""
    path = Path(folder) / SECRET_FILE
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


def _client_address() -> str:
    return request.remote_addr or "unknown"


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
    return keyed_hash(secret, "submitter", _client_address(), install_id())


def network() -> str:
    """The request's client address, hashed (the rate-limit key, too)."""
    return keyed_hash(current_app.config["SUBMITTER_SECRET"], "network", _client_address())


def init_app(app: Flask):
    """Load or create the secret, and trust X-Forwarded-For only from configured proxies."""
    if not app.config["SUBMITTER_SECRET"]:
        app.config["SUBMITTER_SECRET"] = load_secret(app.instance_path)
    proxies = int(app.config["TRUSTED_PROXIES"] or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
