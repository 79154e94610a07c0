"""GET /openapi.json: the OpenAPI 3.1 description of the API (the contract, machine-readable)."""

from flask import Blueprint

from ..matching.reasons import SEVERITY_OF

bp = Blueprint("openapi", __name__)

MARKETPLACE_IDS = ["amazon", "ebay", "aliexpress", "alibaba", "walmart", "etsy", "temu",
                   "dhgate", "wish", "facebook"]

_ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}}}},
}
_PRICE = {"type": "object", "required": ["amount", "currency"], "properties": {
    "amount": {"type": "number", "minimum": 0},
    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}}
_SELLER = {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}

SCHEMAS = {
    "Error": _ERROR,
    "Price": _PRICE,
    "Seller": _SELLER,
    "CheckRequest": {"type": "object", "required": ["url"], "properties": {
        "url": {"type": "string", "format": "uri", "maxLength": 2048},
        "title": {"type": "string", "maxLength": 1000},
        "seller": {"$ref": "#/components/schemas/Seller"},
        "price": {"$ref": "#/components/schemas/Price"},
        "brand": {"type": "string", "maxLength": 100},
        "html": {"type": "string", "description": "Page snapshot, at most 2 MB."}}},
    "Reason": {"type": "object", "required": ["code", "severity", "message", "evidence_url"],
               "properties": {
                   "code": {"type": "string", "enum": list(SEVERITY_OF)},
                   "severity": {"type": "string", "enum": ["high", "medium", "low", "info"]},
                   "message": {"type": "string"},
                   "evidence_url": {"type": ["string", "null"]}}},
    "Page": {"type": "object", "properties": {
        "marketplace": {"type": ["string", "null"], "enum": [*MARKETPLACE_IDS, None]},
        "domain": {"type": "string"},
        "listing_id": {"type": ["string", "null"]},
        "seller_id": {"type": ["string", "null"]},
        "seller_name": {"type": ["string", "null"]},
        "title": {"type": ["string", "null"]},
        "price": {"oneOf": [{"$ref": "#/components/schemas/Price"}, {"type": "null"}]},
        "brand": {"type": ["string", "null"]}}},
    "CheckResponse": {"type": "object",
                      "required": ["verdict", "score", "page", "reasons", "list_version"],
                      "properties": {
                          "verdict": {"type": "string", "enum": [
                              "counterfeit", "suspicious", "authorized", "unknown"]},
                          "score": {"type": "integer", "minimum": 0, "maximum": 100},
                          "page": {"$ref": "#/components/schemas/Page"},
                          "reasons": {"type": "array",
                                      "items": {"$ref": "#/components/schemas/Reason"}},
                          "list_version": {"type": "integer"}}},
    "Health": {"type": "object", "properties": {
        "status": {"type": "string"}, "list_version": {"type": "integer"},
        "counts": {"type": "object", "properties": {
            k: {"type": "integer"} for k in ("sellers", "listings", "domains", "rules")}}}},
}


def error_responses(*statuses: int) -> dict:
    """Response objects for the given error statuses, all in the one error shape."""
    return {str(status): {"description": "Error", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for status in statuses}


def _ok(schema: str, description: str = "OK", status: int = 200) -> dict:
    return {str(status): {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}}


PATHS = {
    "/api/v1/health": {"get": {"tags": ["health"], "summary": "Service status and list size",
                               "responses": _ok("Health")}},
    "/api/v1/check": {
        "post": {"tags": ["check"], "summary": "Check a product page",
                 "requestBody": {"required": True, "content": {"application/json": {
                     "schema": {"$ref": "#/components/schemas/CheckRequest"}}}},
                 "responses": {**_ok("CheckResponse"), **error_responses(400, 413, 415, 429)}},
        "get": {"tags": ["check"], "summary": "Check a page by URL alone",
                "parameters": [{"name": "url", "in": "query", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {**_ok("CheckResponse"), **error_responses(400, 429)}},
    },
}


def document() -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Counterfeit Radar API", "version": "1",
                 "description": "Is this product page a known or likely counterfeit?"},
        "paths": PATHS,
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document."""
    return document()
