"""Errors on console pages: a readable page with the message for a browser, the API's
JSON shape (backend/errors.py) for a script (a bearer token, or no HTML asked for)."""

from flask import g, render_template, request
from werkzeug.exceptions import MethodNotAllowed, NotFound, RequestEntityTooLarge

from ..errors import ApiError, error_response, http_error_parts
from . import bp
from .security import HEADERS

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


@bp.app_errorhandler(NotFound)
@bp.app_errorhandler(MethodNotAllowed)
def unrouted(error):
    # Registered on the app: a mistyped console address matches no console route, so the
    # blueprint's own handlers never see it. Elsewhere the answer is the API's, unchanged.
    status, code, message, headers = http_error_parts(error)
    if request.path == bp.url_prefix or request.path.startswith(bp.url_prefix + "/"):
        if status == 404:
            message = "No such console page."
        # The blueprint's after_request (its security headers) runs only for its own routes.
        return _page(status, code, message, {**HEADERS, **headers})
    return error_response(status, code, message, headers)
