"""GET /openapi.json: the OpenAPI 3.1 document, generated from the app's routes and the
shapes each declares with @validation.shape (backend/models/); nothing here is written twice."""

import re

from flask import Blueprint, Flask, current_app
from pydantic.json_schema import models_json_schema

from ..models.fields import MAX_SQLITE_INTEGER
from .validation import shape

bp = Blueprint("openapi", __name__)

PREFIX = "/api/v1"
_REF = "#/components/schemas/{model}"
_ERROR = {
    "type": "object", "required": ["error"], "additionalProperties": False,
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}}}},
}
_DESCRIPTIONS = {304: "Not modified since the ETag in If-None-Match.", 400: "Invalid input",
                 401: "Missing or invalid token", 403: "The token's role may not do this",
                 404: "Not found", 409: "Conflicts with the list", 413: "Body too large",
                 405: "Method not allowed (for an id no row can have)",
                 415: "Not JSON", 429: "Rate limited (see Retry-After)",
                 503: "Briefly unable to write (see Retry-After); retry"}
_PATH_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
_BEARER = {"bearer": {"type": "http", "scheme": "bearer",
                      "description": "A token from `flask --app backend create-token`."}}


def _public_name(parameter: str) -> str:
    """The document's name of a path parameter: entry_id, report_id -> id."""
    return "id" if parameter.endswith("_id") else parameter


def _specs(app: Flask):
    """(path, method, rule, view, shape) for every API route, in path order."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.rule.startswith(PREFIX):
            continue
        view = app.view_functions[rule.endpoint]
        path = _PATH_PARAMETER.sub(lambda found: "{" + _public_name(found[2]) + "}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield path, method.lower(), rule, view, getattr(view, "openapi", {})


def _schemas(app: Flask) -> tuple[dict, dict]:
    """The components' schemas of every declared shape, and each model's reference."""
    models = {}
    for *_, spec in _specs(app):
        for role, mode in (("body", "validation"), ("answer", "serialization")):
            if spec.get(role) is not None:
                models[(spec[role], mode)] = None
    refs, generated = models_json_schema(list(models), ref_template=_REF)
    schemas = {"Error": _ERROR, **generated.get("$defs", {})}
    return {key: value for key, value in refs.items()}, schemas


def _parameters(rule, spec: dict) -> list[dict]:
    parameters = []
    for converter, name in _PATH_PARAMETER.findall(rule.rule):
        schema = ({"type": "integer", "minimum": 0, "maximum": MAX_SQLITE_INTEGER}
                  if converter == "int" else (spec.get("path") or {}).get(name, {"type": "string"}))
        parameters.append({"name": _public_name(name), "in": "path", "required": True,
                           "schema": schema})
    query = spec.get("query")
    if query is not None:
        schema = query.model_json_schema(ref_template=_REF)
        for name, field in schema["properties"].items():
            field = {key: value for key, value in field.items() if key not in ("title",)}
            # A query string has no null: an optional parameter is one that may be left out.
            options = [option for option in field.pop("anyOf", ()) if option != {"type": "null"}]
            if len(options) == 1:
                field.update(options[0])
            elif options:
                field["anyOf"] = options
            description = field.pop("description", None)
            parameters.append({"name": name, "in": "query",
                               "required": name in schema.get("required", ()), "schema": field,
                               **({"description": description} if description else {})})
    return parameters + list(spec.get("request_headers") or [])


def _errors(rule, method: str, view, spec: dict) -> set[int]:
    """The error statuses a route can answer, from what it declares and how it is mounted."""
    statuses = set(spec.get("errors", ()))
    if spec.get("body") is not None:
        statuses |= {400, 413, 415}
    if spec.get("query") is not None or spec.get("request_headers"):
        statuses.add(400)
    if rule.arguments:
        statuses.add(404)
    if "int" in (converter for converter, _ in _PATH_PARAMETER.findall(rule.rule)) \
            and method != "get":
        # An id beyond SQLite's integers matches no rule; werkzeug then answers 405 when
        # the GET rule of the same path matched the text before its converter refused it.
        statuses.add(405)
    if getattr(view, "required_role", None):
        statuses |= {401, 403}
    if method in ("post", "patch", "put", "delete"):
        statuses.add(503)
    from . import RATE_LIMITED  # noqa: PLC0415 (the package imports this module)
    if any(rule.endpoint in endpoints for endpoints in RATE_LIMITED.values()):
        statuses.add(429)
    return statuses


def _responses(rule, method, view, spec, refs) -> dict:
    answer, statuses = spec.get("answer"), spec.get("status", 200)
    headers = spec.get("headers") or {}
    responses = {}
    for status in (statuses if isinstance(statuses, tuple) else (statuses,)):
        response = {"description": {200: "OK", 201: "Created", 204: "No content"}[status]}
        if spec.get("media_types"):
            response["content"] = spec["media_types"]
        elif answer is not None:
            response["content"] = {"application/json": {
                "schema": refs[(answer, "serialization")]}}
        elif status != 204:
            response["content"] = {"application/json": {"schema": {"type": "object"}}}
        if headers:
            response["headers"] = headers
        responses[str(status)] = response
    if spec.get("not_modified"):
        responses["304"] = {"description": _DESCRIPTIONS[304], **({"headers": headers}
                                                                 if headers else {})}
    for status in sorted(_errors(rule, method, view, spec)):
        responses[str(status)] = {"description": _DESCRIPTIONS[status], "content": {
            "application/json": {"schema": {"$ref": _REF.format(model="Error")}}}}
    return responses


def document(app: Flask | None = None) -> dict:
    """The whole OpenAPI document of app (default: the current one)."""
    app = app or current_app
    refs, schemas = _schemas(app)
    paths = {}
    for path, method, rule, view, spec in _specs(app):
        summary, _, description = (view.__doc__ or "").strip().partition("\n")
        operation = {"tags": [rule.endpoint.split(".")[0]], "summary": summary.strip(),
                     "operationId": f"{rule.endpoint}.{method}"}
        if description.strip():
            operation["description"] = " ".join(description.split())
        parameters = _parameters(rule, spec)
        if parameters:
            operation["parameters"] = parameters
        if spec.get("body") is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": refs[(spec["body"], "validation")]}}}
        if getattr(view, "required_role", None):
            operation["security"] = [{"bearer": []}]
            operation["summary"] += f" ({view.required_role} role)"
        operation["responses"] = _responses(rule, method, view, spec, refs)
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Counterfeit Radar API", "version": "1",
                 "description": "Is this product page a known or likely counterfeit?"},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": _BEARER},
    }


@bp.get("/openapi.json")
@shape()
def openapi_json():
    """This document."""
    return document()
