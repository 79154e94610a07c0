"""The console's session, CSRF and response headers: who is signed in, and what a page may do.

The session is Flask's signed cookie, holding the token's id, name and role and the time
of the last request, never the token. It is HttpOnly, SameSite=Strict (another site's
page cannot make the browser send it), Secure whenever the request came over TLS (or
always, with CONSOLE_SECURE_COOKIE), and scoped to /curate. Every request re-reads the
token by id: a revoked token ends its sessions at once. A session idle for
CONSOLE_IDLE_MINUTES ends. Every POST needs a signed-in session, then Flask-WTF's CSRF
token (bound to the session), or a bearer token as the API takes; a request from
another web origin is refused first.
"""

import functools
import secrets
import time
from pathlib import Path

from flask import current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import ValidationError

from ..auth import authenticate
from ..db import get_db
from ..errors import Forbidden, InvalidInput, Unauthorized
from ..store import tokens
from ..submitters import load_secret

SECRET_FILE = "console_secret"
_RANK = {"maintainer": 1, "admin": 2}
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="counterfeit-radar"'}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Frame-Options": "DENY",
    # Not no-referrer: under it browsers send `Origin: null` on the console's own form
    # posts, which same_origin() must refuse. same-origin sends no referrer elsewhere.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


SAME_SITE_RELOAD = ('<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" '
                    'content="0"><title>Counterfeit Radar console</title>')


class ConsoleSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, Secure per request (TLS, as ProxyFix reports it)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["CONSOLE_SECURE_COOKIE"]) or request.is_secure


def init_app(app):
    """The session's key and cookie flags (the key is generated beside DATABASE if unset)."""
    if not app.config["CONSOLE_SECRET"]:
        database = app.config["DATABASE"]
        # An in-memory database (a test's) has no folder, and its sessions nothing to outlive.
        app.config["CONSOLE_SECRET"] = (secrets.token_hex(32) if database == ":memory:"
                                        else load_secret(Path(database).parent, SECRET_FILE))
    app.secret_key = app.config["CONSOLE_SECRET"]
    app.config.update(SESSION_COOKIE_NAME="radar_console", SESSION_COOKIE_PATH="/curate",
                      SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
                      WTF_CSRF_FIELD_NAME="csrf_token")
    app.session_interface = ConsoleSessionInterface()
    app.jinja_env.globals["csrf_token"] = generate_csrf


def verify_token(token: str) -> dict:
    """The active token (id, name, role); Unauthorized if it is not one."""
    return authenticate(get_db(), f"Bearer {token}")


def start_session(found: dict) -> None:
    """A fresh session for a verified token (never the token itself)."""
    session.clear()
    session.update(token_id=found["id"], name=found["name"], role=found["role"],
                   seen=time.time())
    session.permanent = False  # ends with the browser, and after the idle timeout


def sign_out() -> None:
    session.clear()


def current_maintainer() -> dict | None:
    """The signed-in token (id, name, role) of this request, or None; ends idle or
    revoked sessions."""
    if "token_id" not in session:
        return None
    idle = time.time() - session.get("seen", 0)
    if idle > current_app.config["CONSOLE_IDLE_MINUTES"] * 60:
        session.clear()
        return None
    found = tokens.active_by_id(get_db(), session["token_id"])
    if found is None:  # revoked since sign-in
        session.clear()
        return None
    session["seen"] = time.time()
    return found


def same_origin() -> bool:
    """Whether a browser's request comes from the console's own origin (or names none).

    The console's authority is a host-bound, SameSite=Strict cookie plus a CSRF token,
    so a page on a name rebound to this server (DNS rebinding) holds neither.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = request.host_url.rstrip("/")
    allowed = current_app.extensions["radar_cors"]["console"]
    return origin.rstrip("/") in allowed or origin.rstrip("/") == own


def guard():
    """Before every console request: origin, then who is calling, then CSRF on writes.

    A bearer token (a script, as the API takes it) is accepted instead of the session and
    needs no CSRF token: browsers never attach an Authorization header by themselves.
    """
    g.bearer = "Authorization" in request.headers
    if g.bearer:
        g.maintainer = authenticate(get_db(), request.headers["Authorization"])
    else:
        g.maintainer = current_maintainer()
    if request.endpoint == "console.static":
        return None
    if request.method == "POST" and g.maintainer is None and request.endpoint != "console.sign_in":
        # Also what a cross-site form post meets: SameSite=Strict kept the cookie home.
        raise Unauthorized("Sign in to the console first (your session ended).",
                           headers=_CHALLENGE)
    if not same_origin():
        raise Forbidden("The console accepts requests from its own pages only.")
    if request.endpoint == "console.sign_in":
        return None
    if g.maintainer is None:
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            # A link from another site: the browser withheld the Strict cookie. Reload
            # from this origin (the cookie comes along) rather than sign the user out.
            return SAME_SITE_RELOAD, 200, {"Content-Type": "text/html; charset=utf-8"}
        back = request.full_path if request.query_string else request.path
        return redirect(url_for("console.sign_in", next=back))
    g.actor = g.maintainer["name"]
    if request.method == "POST" and not g.bearer:
        check_csrf()
    return None


def check_csrf() -> None:
    """Refuse a POST whose CSRF token is missing or not this session's (400)."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as error:
        raise InvalidInput(f"{error} Reload the page and send the form again.",
                           code="csrf_failed") from None


def role_required(role: str):
    """Decorate a console view so it needs at least role (403 page otherwise)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            have = g.maintainer["role"]
            if _RANK[have] < _RANK[role]:
                raise Forbidden(f"This needs the {role} role; you are signed in as a {have}.")
            return view(*args, **kwargs)

        wrapped.required_role = role
        return wrapped

    return decorator


def secure_headers(response):
    """After every console response: the strict CSP and its companions."""
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response
