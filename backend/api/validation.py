"""Reading requests against the model layer (backend/models/): every failure names the field.

A route declares its shapes once with @shape(body=..., query=..., answer=...); the
decorator validates the request and passes the results as `body` and `query`, and
the OpenAPI document (openapi.py) is built from the same declarations.
"""

import functools
import re

from flask import current_app, request

from ..errors import InvalidInput, UnsupportedMediaType
from ..models.parse import parse

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_body() -> dict:
    """The request's JSON object; 415 if it is not JSON, 400 if malformed."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
    try:
        body = request.get_json(silent=True)
        if body is None:
            raise InvalidInput("The body is not valid JSON.", code="malformed_json")
        if not isinstance(body, dict):
            raise InvalidInput("The body must be a JSON object.")
        return _well_formed(body)
    except RecursionError:
        # Arrays in arrays a thousand deep: the parser (and _well_formed) give up.
        raise InvalidInput("The body is nested too deeply.") from None


def _well_formed(value):
    """value with lone surrogates (JSON escapes such as \\ud800) replaced by U+FFFD.

    They are not text UTF-8 can hold, so SQLite and the extractors fail on them; yet a
    client that cuts a string by UTF-16 units (as the extension cuts titles) sends one
    whenever the cut splits an emoji. U+FFFD is what a browser's own encoder makes of it.
    """
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _LONE_SURROGATE.sub("\ufffd", value)
        return value
    if isinstance(value, dict):
        return {_well_formed(key): _well_formed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_well_formed(item) for item in value]
    return value


def _limits() -> dict:
    """The app's own limits for the shapes' settings-bound fields (URL and snapshot sizes)."""
    config = current_app.config
    return {"max_url_length": config["MAX_URL_LENGTH"], "max_html_bytes": config["MAX_HTML_BYTES"]}


def read_body(model, raw: dict | None = None):
    """The JSON body (or raw) as model; 400 naming the field, 413/415 as the contract says."""
    return parse(model, json_body() if raw is None else raw, context=_limits())


def read_query(model):
    """The query string as model (an empty value is a value: `limit=` is not a number)."""
    return parse(model, request.args.to_dict(), context=_limits())


def shape(*, body=None, query=None, answer=None, status: int | tuple = 200, errors=(),
          headers=None, not_modified: bool = False, media_types=None, path=None,
          request_headers=None):
    """Declare a route's shapes: validate body and query (passed as keyword arguments) and
    describe the route in the OpenAPI document. The rest is for the document alone:
    status (the success statuses), errors (statuses beyond the ones that follow from the
    declaration, e.g. 409), headers (of the answer), not_modified (answers 304 to
    If-None-Match), media_types (of an answer that is not JSON), path (schemas of string
    path parameters), request_headers (parameter objects)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if query is not None:
                kwargs["query"] = read_query(query)
            if body is not None:
                kwargs["body"] = read_body(body)
            return view(*args, **kwargs)

        wrapped.openapi = {"body": body, "query": query, "answer": answer, "status": status,
                           "errors": tuple(errors), "headers": headers,
                           "not_modified": not_modified, "media_types": media_types,
                           "path": path, "request_headers": request_headers}
        return wrapped

    return decorator
