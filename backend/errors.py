"""One exception family and one error body for every failure the API reports."""

import sqlite3

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """An error the client can act on; rendered as the contract's error shape."""

    status = 400
    code = "invalid_input"

    def __init__(self, message, *, code=None, status=None, headers=None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status
        self.headers = headers or {}


class InvalidInput(ApiError):
    """A field is missing or invalid; the message names the field."""


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


# Codes for the HTTP errors werkzeug raises before our code runs (routing,
# body limits), so they come out in the same shape as our own.
_HTTP_CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "busy",
}

# SQLite's primary result codes for "another connection holds the lock".
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
BUSY_RETRY_AFTER_SECONDS = 5


def is_busy(error: Exception) -> bool:
    """Whether error is SQLite saying another writer holds the lock (busy or locked)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    return any(text in str(error) for text in ("database is locked", "database is busy"))

_HTTP_MESSAGES = {
    404: "No such resource. The API lives under /api/v1; see /api/v1/openapi.json.",
    405: "This method is not allowed here.",
    413: "The request body is too large.",
}


def error_response(status, code, message, headers=None):
    """Build the contract's error body: {"error": {"code", "message"}}."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def http_error_parts(error: HTTPException) -> tuple[int, str, str, dict]:
    """(status, code, message, headers) of werkzeug's error, in the contract's terms."""
    status = error.code or 500
    code = _HTTP_CODES.get(status, "http_error")
    message = _HTTP_MESSAGES.get(status) or error.description or error.name
    headers = {}
    if status == 405 and error.get_response().headers.get("Allow"):
        headers["Allow"] = error.get_response().headers["Allow"]
    if status == 429 and getattr(error, "retry_after", None):
        headers["Retry-After"] = str(error.retry_after)
    return status, code, message, headers


def register_error_handlers(app: Flask):
    """Route every error, ours or werkzeug's, through error_response."""

    @app.errorhandler(ApiError)
    def handle_api_error(error: ApiError):
        return error_response(error.status, error.code, error.message, error.headers)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        status, code, message, headers = http_error_parts(error)
        return error_response(status, code, message, headers)

    @app.errorhandler(sqlite3.OperationalError)
    def handle_database_error(error: sqlite3.OperationalError):
        if is_busy(error):
            # A writer (a bulk import) held the lock longer than WRITE_WAIT_SECONDS:
            # nothing was written, and the client may simply retry.
            return error_response(
                503, "busy", "The list is being updated; nothing was changed. Retry shortly.",
                {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)},
            )
        return handle_unexpected(error)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        # A 500 is always a bug: log it with its traceback, tell the client little.
        app.logger.exception("Unhandled error")
        return error_response(500, "internal_error", "Something went wrong on our side.")
