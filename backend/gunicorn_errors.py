"""Gunicorn's own error answers in the API's error shape, and without client addresses.

Gunicorn answers a request it cannot parse (a request line or headers over its limits,
malformed HTTP) itself, before the app runs, with an HTML page. This worker class makes
those answers {"error": {"code", "message"}} like every other error of the API:

    gunicorn --worker-class backend.gunicorn_errors.JsonErrorWorker ...

It is gunicorn's threaded worker (gthread) otherwise unchanged.
"""

import json
import logging

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

# Gunicorn's status for a request it refused -> our code and message. Fixed sentences:
# gunicorn's own text echoes the offending bytes back, and names its internals.
ERRORS = {
    400: ("invalid_input", "The request is not valid HTTP."),
    403: ("forbidden", "This request is not allowed."),
    414: ("uri_too_long", "The request line is too long. Send long URLs in the body of "
                          "POST /api/v1/check instead."),
    417: ("expectation_failed", "The Expect header is not supported."),
    431: ("headers_too_large", "The request headers are too large."),
    500: ("internal_error", "Something went wrong on our side."),
    501: ("not_implemented", "This transfer coding is not supported."),
}


def error_bytes(status: int, reason: str) -> bytes:
    """A whole HTTP/1.1 response, closing the connection, with the JSON error body."""
    code, message = ERRORS.get(status, ("http_error", reason))
    body = json.dumps({"error": {"code": code, "message": message}}).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


def write_json_error(sock, status_int, reason, mesg):
    """Stand-in for gunicorn.util.write_error (same arguments) that writes JSON."""
    util.write_nonblock(sock, error_bytes(int(status_int), reason))


class _NoRequestText(logging.Filter):
    """Keeps gunicorn's error-log events about requests it could not handle, without the
    request line or URI they quote (which holds the URL being checked)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if message.startswith("Invalid request from ip="):
            record.msg, record.args = "Invalid request refused", ()
        elif message.startswith("Error handling request"):
            record.msg, record.args = "Error handling request", ()
        return True


class JsonErrorWorker(ThreadWorker):
    """Gunicorn's gthread worker whose parse-error answers are JSON in the error shape."""

    def init_process(self):
        # Gunicorn has no hook for its error page; every worker writes it through
        # util.write_error, so this worker process swaps that one function.
        util.write_error = write_json_error
        self.log.error_log.addFilter(_NoRequestText())
        super().init_process()

    def handle_error(self, req, client, addr, exc):
        # Gunicorn logs every malformed request with the client's address; the
        # project keeps addresses out of logs (docs/deploy.md), so it gets none.
        super().handle_error(req, client, None, exc)
