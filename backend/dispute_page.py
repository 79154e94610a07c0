"""The public page /dispute?entry=<id> (or ?url=<page>): a seller sees the entry as listed and files a
dispute with a plain form (no script), then follows it at /dispute/<id>.

The form posts to /dispute, which files through the API's own path (api/disputes.py's
file_dispute: the same validation, storage and rate limit as POST /api/v1/disputes).
The poster is anonymous, so CSRF is the signed double-submit pattern: a random token in
a SameSite=Strict, HttpOnly cookie scoped to /dispute, and its HMAC (under
SUBMITTER_SECRET) in a hidden field; a POST from another web origin is refused first.
"""

import hmac
import secrets

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for

from .api.disputes import file_dispute
from .curation import disputes as curation_disputes
from .db import get_db
from .errors import ApiError, Forbidden, InvalidInput, NotFound
from .models.disputes import DisputeRequest
from .models.parse import parse
from .store import entries
from .submitters import keyed_hash

bp = Blueprint("dispute_page", __name__)

CSRF_COOKIE = "radar_dispute_csrf"
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Referrer-Policy same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null`
# with the page's own form post, which is refused as another site's (as in the console).
HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Frame-Options": "DENY",
           "Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff",
           "Cache-Control": "no-store"}
# What the page shows of an entry: what the public list already shows.
PUBLIC_FIELDS = ("kind", "marketplace", "key", "name", "title", "brand", "evidence_url",
                 "evidence_level", "note")


def _signed(token: str) -> str:
    return keyed_hash(current_app.config["SUBMITTER_SECRET"], "dispute-form", token)


def _check_csrf() -> None:
    """Refuse a POST from another web origin or without the cookie and its signed twin."""
    origin = request.headers.get("Origin")
    own = {request.host_url.rstrip("/"), *current_app.extensions["radar_cors"]["console"]}
    if origin is not None and origin.rstrip("/") not in own:
        raise Forbidden("This form can only be sent from its own page.")
    token, sent = request.cookies.get(CSRF_COOKIE, ""), request.form.get("csrf_token", "")
    if not token or not hmac.compare_digest(_signed(token), sent):
        raise InvalidInput("The form's security token is missing or stale: reload the page "
                           "and send it again.", code="csrf_failed")


def _public_entry(entry_id: str | None) -> dict:
    if entry_id is None or not entry_id.isdigit() or len(entry_id) > 18:
        raise NotFound("Open this page from a listed entry: /dispute?entry=<id>.")
    entry = entries.get(get_db(), int(entry_id))
    if entry is None or entry["status"] != "counterfeit":
        raise NotFound(f"Entry {entry_id} is not on the counterfeit list.")
    return {"id": entry["id"], **{field: entry[field] for field in PUBLIC_FIELDS}}


def _form_page(entry: dict | None, form: dict, error: str | None = None, status: int = 200):
    token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    page = render_template("dispute.html", entry=entry, form=form, error=error,
                           csrf_token=_signed(token))
    response = current_app.make_response((page, status, HEADERS))
    response.set_cookie(CSRF_COOKIE, token, path="/dispute", httponly=True, samesite="Strict",
                        secure=request.is_secure)
    return response


@bp.get("/dispute")
def dispute_form():
    """The entry as listed and the dispute form."""
    try:
        entry_id = request.args.get("entry")
        if entry_id is None and request.args.get("url"):
            # The extension's banner knows the page, not the entry: find the listed one.
            entry_id = str(_entry_of_url(request.args["url"])["id"])
        entry = _public_entry(entry_id)
    except ApiError as error:
        return _form_page(None, {}, error.message, 404)
    return _form_page(entry, {})


def _entry_of_url(url: str) -> dict:
    """The listed counterfeit entry a page address matches (NotFound / InvalidInput if none)."""
    parse(DisputeRequest, {"url": url, "statement": "-"})  # the API's own URL checks
    db = get_db()
    catalog = current_app.extensions["radar_catalog"].get(db)
    return curation_disputes.disputed_entry(db, catalog, url=url)


@bp.post("/dispute")
def file_from_form():
    """File the form's dispute (same validation and limit as the API); then its status."""
    form = {name: request.form.get(name, "") for name in
            ("entry_id", "statement", "contact", "evidence_urls")}
    try:
        entry = _public_entry(form["entry_id"])
    except NotFound as error:
        return _form_page(None, form, error.message, 404)
    try:
        _check_csrf()
        limiter = current_app.extensions["radar_limiter"]
        if current_app.config["RATELIMIT_ENABLED"]:
            limiter.hit("REPORTS_RATE_LIMIT", "disputes.create_dispute")
        body = parse(DisputeRequest, {
            "entry_id": entry["id"], "statement": form["statement"],
            "contact": form["contact"] or None,
            "evidence_urls": [line.strip() for line in form["evidence_urls"].splitlines()
                              if line.strip()]})
        dispute, _created = file_dispute(body)
    except ApiError as error:
        response = _form_page(entry, form, error.message, error.status)
        response.headers.update(error.headers)
        return response
    return redirect(url_for("dispute_page.dispute_status", dispute_id=dispute["id"]), 303)


@bp.get("/dispute/<dispute_id>")
def dispute_status(dispute_id):
    """A dispute's receipt and status (as GET /api/v1/disputes/<id> gives it)."""
    try:
        dispute = curation_disputes.public(curation_disputes.get(get_db(), dispute_id))
    except NotFound as error:
        return render_template("dispute_status.html", dispute=None, error=error.message), 404, HEADERS
    return render_template("dispute_status.html", dispute=dispute, error=None), 200, HEADERS


def init_app(app: Flask):
    """Serve the page at /dispute (outside the API's /api/v1)."""
    app.register_blueprint(bp)
