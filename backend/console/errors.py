"""Errors on console pages: a readable page with the message for a browser, the API's
JSON shape (backend/errors.py) for a script (a bearer token, or no HTML asked for)."""

from flask import g, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import ApiError, error_response
from . import bp

TITLES = {400: "That did not work", 401: "Signed out", 403: "Not allowed", 404: "Not found",
          409: "Already done", 413: "Too large"}


def wants_html() -> bool:
    """Whether the caller is a browser on a console page: it asks for HTML first (a script
    sends */* or JSON, or a bearer token)."""
    if getattr(g, "bearer", False):
        return False
    named = {}
    for value, quality in request.accept_mimetypes:  # named types only, not */*
        named[value] = max(quality, named.get(value, 0))
    html = max(named.get("text/html", 0), named.get("application/xhtml+xml", 0))
    return html > 0 and html >= named.get("application/json", 0)


def _page(status: int, code: str, message: str, headers: dict):
    if not wants_html():
        return error_response(status, code, message, headers)
    html = render_template("console/error.html", status=status, code=code, message=message,
                           title=TITLES.get(status, "Error"))
    return html, status, {**headers, "Content-Type": "text/html; charset=utf-8"}


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return _page(error.status, error.code, error.message, error.headers)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    # An upload over MAX_CONTENT_LENGTH (the import page).
    return _page(413, "payload_too_large", "The file is too large for the console "
                 "(MAX_CONTENT_LENGTH); import it with the CLI (docs/bulk.md).", {})
