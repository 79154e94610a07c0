"""GET /openapi.json: the OpenAPI 3.1 description of the API (the contract, machine-readable)."""

from flask import Blueprint

from ..matching.reasons import SEVERITY_OF
from . import openapi_lookups

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
    "/api/v1/openapi.json": {"get": {"tags": ["openapi"], "summary": "This document",
                                     "responses": {"200": {"description": "OpenAPI 3.1",
                                                           "content": {"application/json": {
                                                               "schema": {"type": "object"}}}}}}},
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

# Bulk: the public list file (docs/bulk.md); the same format `flask import` reads.
_LIST_FILE_HEADERS = {
    "ETag": {"description": "The list version and format; send it back in If-None-Match.",
             "schema": {"type": "string"}},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
    "X-List-Version": {"schema": {"type": "integer"}},
}
PATHS["/api/v1/export"] = {"get": {
    "tags": ["export"],
    "summary": "The whole curated list as CSV or JSON Lines (no reporter data)",
    "parameters": [{"name": "format", "in": "query", "required": False,
                    "schema": {"type": "string", "enum": ["csv", "jsonl"], "default": "csv"}}],
    "responses": {
        "200": {"description": "One entry per row: kind, marketplace, key, status, name, "
                               "title, brand, evidence_url, note, source, evidence_level.",
                "headers": _LIST_FILE_HEADERS,
                "content": {"text/csv": {"schema": {"type": "string"}},
                            "application/x-ndjson": {"schema": {"type": "string"}}}},
        "304": {"description": "Not modified since the ETag in If-None-Match.",
                "headers": _LIST_FILE_HEADERS},
        **error_responses(400),
    },
}}


# Curation (docs/curation.md): volunteers' reports, the review queue, maintainers' edits.
# A list version, or a position inside one version ("V:d:ID" / "V:u:ID") from /changes.
_SINCE = {"oneOf": [{"type": "integer", "minimum": 0},
                    {"type": "string", "pattern": "^[0-9]{1,19}:[du]:[0-9]{1,19}$"}]}
_NULLABLE_STRING = {"type": ["string", "null"]}
_TARGET = {"type": "object", "required": ["kind", "marketplace", "key"], "properties": {
    "kind": {"type": "string", "enum": ["seller", "listing", "domain"]},
    "marketplace": _NULLABLE_STRING, "key": {"type": "string"}}}
_ENTRY_FIELDS = {
    "kind": {"type": "string", "enum": ["seller", "listing", "domain"]},
    "marketplace": _NULLABLE_STRING, "key": {"type": "string"},
    "status": {"type": "string", "enum": ["counterfeit", "authorized"]},
    "name": _NULLABLE_STRING, "title": _NULLABLE_STRING, "brand": _NULLABLE_STRING,
    "evidence_url": _NULLABLE_STRING, "note": _NULLABLE_STRING, "source": _NULLABLE_STRING,
    "evidence_level": {"type": ["string", "null"], "enum": [
        "test_purchase", "rights_holder", "seller_admission", "volunteer_reports",
        "published_list", "pattern", None]},
}
_RULE_FIELDS = {
    "kind": {"type": "string", "enum": ["replica_phrase", "prohibited_item"]},
    "name": {"type": "string"}, "pattern": {"type": "string", "description": "An RE2 "
             "regular expression (linear time: no lookaround, backreferences or possessive "
             "quantifiers), matched as a whole word; see docs/curation.md."},
    "except_pattern": _NULLABLE_STRING, "needs_brand": {"type": "boolean"},
    "case_sensitive": {"type": "boolean"}, "category": _NULLABLE_STRING,
    "evidence_url": _NULLABLE_STRING, "source": _NULLABLE_STRING,
}
_BRAND_FIELDS = {
    "name": {"type": "string"}, "aliases": {"type": "array", "items": {"type": "string"}},
    "category": _NULLABLE_STRING, "domains": {"type": "array", "items": {"type": "string"}},
    "source": _NULLABLE_STRING,
}


def _page_of(schema: str) -> dict:
    return {"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
        "next_cursor": {"type": ["string", "null"],
                        "description": "Pass as `cursor` for the next page."}}}


SCHEMAS.update({
    "Target": _TARGET,
    "ReportRequest": {"type": "object", "required": ["url", "reason"], "properties": {
        "url": {"type": "string", "format": "uri", "maxLength": 2048},
        "reason": {"type": "string", "enum": ["counterfeit", "replica_wording", "price_too_low",
                                              "seller_admitted", "prohibited_item", "other"]},
        "details": {"type": "string", "maxLength": 2000},
        "brand": {"type": "string", "maxLength": 100},
        "title": {"type": "string", "maxLength": 1000},
        "seller": {"$ref": "#/components/schemas/Seller"},
        "price": {"$ref": "#/components/schemas/Price"},
        "evidence_urls": {"type": "array", "maxItems": 5,
                          "items": {"type": "string", "format": "uri"}},
        "html": {"type": "string", "description": "Page snapshot, at most 2 MB."}}},
    "Report": {"type": "object", "required": ["id", "status", "created_at", "decided_at", "note"],
               "properties": {
                   "id": {"type": "string"},
                   "status": {"type": "string", "enum": ["pending", "approved", "rejected"]},
                   "target": {"$ref": "#/components/schemas/Target"},
                   "created_at": {"type": "string"}, "decided_at": _NULLABLE_STRING,
                   "note": _NULLABLE_STRING}},
    "ReviewQueue": {"type": "object", "required": ["items"], "properties": {"items": {
        "type": "array", "items": {"type": "object",
                                   "required": ["target", "count", "report_ids"], "properties": {
            "target": {"$ref": "#/components/schemas/Target"},
            "count": {"type": "integer"},
            "networks": {"type": "integer", "description": "Distinct client networks."},
            "report_ids": {"type": "array", "items": {"type": "string"}},
            "first_reported_at": {"type": "string"}, "last_reported_at": {"type": "string"},
            "urls": {"type": "array", "items": {"type": "string"}},
            "evidence": {"type": "array", "items": {"type": "object", "properties": {
                "report_id": {"type": "string"}, "reason": {"type": "string"},
                "details": _NULLABLE_STRING, "url": {"type": "string"},
                "evidence_urls": {"type": "array", "items": {"type": "string"}},
                "title": _NULLABLE_STRING, "seller_name": _NULLABLE_STRING,
                "price": {"oneOf": [{"$ref": "#/components/schemas/Price"}, {"type": "null"}]},
                "created_at": {"type": "string"}}}}}}}}},
    "DecisionRequest": {"type": "object", "required": ["decision"], "properties": {
        "decision": {"type": "string", "enum": ["approve", "reject"]},
        "note": {"type": "string", "maxLength": 2000,
                 "description": "Internal: kept in the audit log, never published."},
        "public_note": {"type": ["string", "null"], "maxLength": 2000,
                        "description": "The listed entry's note, also shown by GET "
                                       "/reports/<id>; default: a neutral sentence."},
        "public_evidence_url": {"type": ["string", "null"], "format": "uri",
                                "description": "The listed entry's evidence link (volunteers' "
                                               "links are never published)."},
        "brand": {"type": ["string", "null"], "maxLength": 100,
                  "description": "The brand to list, as the maintainer confirms it; a "
                                 "volunteer's page or typed brand is never listed."},
        "name": {"type": ["string", "null"], "maxLength": 300,
                 "description": "The seller's display name to list, as the maintainer "
                                "confirms it; a volunteer's typed name is never listed."},
        "title": {"type": ["string", "null"], "maxLength": 1000,
                  "description": "The listing title to list, as the maintainer confirms it."}}},
    "Decision": {"type": "object", "required": ["id", "status"], "properties": {
        "id": {"type": "string"}, "status": {"type": "string", "enum": ["approved", "rejected"]},
        "settled": {"type": "array", "items": {"type": "string"},
                    "description": "Every pending report on the same target, this one included."},
        "entry": {"oneOf": [{"$ref": "#/components/schemas/Entry"}, {"type": "null"}]},
        "list_version": {"type": "integer"}}},
    "EntryInput": {"type": "object", "properties": _ENTRY_FIELDS,
                   "required": ["kind", "key", "status", "evidence_level"]},
    "Entry": {"type": "object", "required": ["id", "kind", "marketplace", "key", "status"],
              "properties": {"id": {"type": "integer"}, **_ENTRY_FIELDS,
                             "version": {"type": "integer"}, "created_at": {"type": "string"},
                             "updated_at": {"type": "string"}}},
    "EntryPage": _page_of("Entry"),
    "BrandInput": {"type": "object", "required": ["name"], "properties": _BRAND_FIELDS},
    "Brand": {"type": "object", "properties": {"id": {"type": "integer"}, **_BRAND_FIELDS}},
    "BrandPage": _page_of("Brand"),
    "RuleInput": {"type": "object", "required": ["kind", "name", "pattern"],
                  "properties": _RULE_FIELDS},
    "Rule": {"type": "object", "properties": {"id": {"type": "integer"}, **_RULE_FIELDS}},
    "RulePage": _page_of("Rule"),
    "AuditRecord": {"type": "object", "properties": {
        "id": {"type": "integer"}, "at": {"type": "string"},
        "actor": {"type": "string", "description": "Token name, or cli."},
        "action": {"type": "string", "description": "e.g. entry.create, report.approve"},
        "target": {"type": "string", "description": "e.g. entry:12, report:<id>"},
        "before": {}, "after": {}}},
    "AuditPage": _page_of("AuditRecord"),
    "Changes": {"type": "object",
                "required": ["since", "list_version", "changes", "next_since", "more", "entries",
                             "deleted"],
                "properties": {
                    "since": _SINCE, "list_version": {"type": "integer"},
                    "changes": {"type": "array", "description": "Apply in order.", "items": {
                        "type": "object", "required": ["op", "id"], "properties": {
                            "op": {"enum": ["upsert", "delete"]}, "id": {"type": "integer"}},
                        "description": "An upsert carries the whole Entry; a delete the "
                                       "tombstone (id, kind, marketplace, key, version, "
                                       "deleted_at)."}},
                    "next_since": _SINCE, "more": {"type": "boolean"},
                    "entries": {"type": "array", "items": {"$ref": "#/components/schemas/Entry"}},
                    "deleted": {"type": "array", "items": {"type": "object", "properties": {
                        "id": {"type": "integer"}, "kind": {"type": "string"},
                        "marketplace": _NULLABLE_STRING, "key": {"type": "string"},
                        "version": {"type": "integer"}, "deleted_at": {"type": "string"}}}}}},
})

_BEARER = [{"bearer": []}]
_INSTALL_ID = {"name": "X-Install-Id", "in": "header", "required": False,
               "schema": {"type": "string", "maxLength": 200},
               "description": "The extension's install id; with the client address, it "
                              "identifies the submitter (stored only as a keyed hash)."}
_LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                     "maximum": 500, "default": 50}}
_CURSOR = {"name": "cursor", "in": "query", "schema": {"type": "string"}}


def _body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _id(name: str, kind: str = "integer") -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


def _crud(tag: str, name: str, role_to_write: str, filters: list[dict]) -> dict:
    """Paths of a list-and-item resource: GET/POST on the list, GET/PATCH/DELETE on an item."""
    single = name.capitalize()
    read_errors = error_responses(400, 401, 403, 404)
    write_errors = error_responses(400, 401, 403, 404, 409, 415)
    deleted = ({"200": {"description": "Deleted; the new list version", "content": {
        "application/json": {"schema": {"type": "object", "properties": {
            "id": {"type": "integer"}, "deleted": {"type": "boolean"},
            "list_version": {"type": "integer"}}}}}}} if name == "entry"
        else {"204": {"description": "Deleted"}})
    note = f" ({role_to_write} role)"
    return {
        f"/api/v1/{tag}": {
            "get": {"tags": [tag], "summary": f"List {tag}", "security": _BEARER,
                    "parameters": [*filters, _LIMIT, _CURSOR],
                    "responses": {**_ok(f"{single}Page"), **read_errors}},
            "post": {"tags": [tag], "summary": f"Add a {name}{note}", "security": _BEARER,
                     "requestBody": _body(f"{single}Input"),
                     "responses": {**_ok(single, "Created", 201), **write_errors}},
        },
        f"/api/v1/{tag}/{{id}}": {
            "parameters": [_id("id")],
            "get": {"tags": [tag], "summary": f"One {name}", "security": _BEARER,
                    "responses": {**_ok(single), **read_errors}},
            "patch": {"tags": [tag], "summary": f"Change a {name}{note}", "security": _BEARER,
                      "requestBody": _body(f"{single}Input"),
                      "responses": {**_ok(single), **write_errors}},
            "delete": {"tags": [tag], "summary": f"Delete a {name}{note}", "security": _BEARER,
                       "responses": {**deleted, **error_responses(401, 403, 404)}},
        },
    }


def _query(name: str, values=None) -> dict:
    schema = {"type": "string", **({"enum": list(values)} if values else {})}
    return {"name": name, "in": "query", "required": False, "schema": schema}


PATHS.update({
    "/api/v1/reports": {"post": {
        "tags": ["reports"], "summary": "Report a page as counterfeit (anonymous, rate limited)",
        "parameters": [_INSTALL_ID], "requestBody": _body("ReportRequest"),
        "responses": {**_ok("Report", "A new report", 201),
                      **_ok("Report", "This submitter's earlier report on the same target"),
                      **error_responses(400, 413, 415, 429)}}},
    "/api/v1/reports/{id}": {"get": {
        "tags": ["reports"], "summary": "A report's status", "parameters": [_id("id", "string")],
        "responses": {**_ok("Report"), **error_responses(404)}}},
    "/api/v1/reports/{id}/decision": {"post": {
        "tags": ["review"], "summary": "Approve or reject (settles the target's pending reports)",
        "security": _BEARER, "parameters": [_id("id", "string")],
        "requestBody": _body("DecisionRequest"),
        "responses": {**_ok("Decision"),
                      **error_responses(400, 401, 403, 404, 409, 415, 503)}}},
    "/api/v1/review/queue": {"get": {
        "tags": ["review"], "summary": "Pending reports by target, most-reported first",
        "security": _BEARER, "parameters": [_LIMIT, {"name": "offset", "in": "query",
                                                     "schema": {"type": "integer"}}],
        "responses": {**_ok("ReviewQueue"), **error_responses(400, 401, 403)}}},
    **_crud("entries", "entry", "maintainer", [
        _query("kind", ("seller", "listing", "domain")), _query("marketplace"),
        _query("status", ("counterfeit", "authorized")), _query("q"),
        {"name": "offset", "in": "query", "schema": {"type": "integer"}}]),
    **_crud("brands", "brand", "admin", [_query("q")]),
    **_crud("rules", "rule", "admin", [_query("kind", ("replica_phrase", "prohibited_item"))]),
    "/api/v1/audit": {"get": {
        "tags": ["audit"], "summary": "Who changed what, newest first", "security": _BEARER,
        "parameters": [_query("target"), _LIMIT, _CURSOR],
        "responses": {**_ok("AuditPage"), **error_responses(400, 401, 403)}}},
    "/api/v1/changes": {"get": {
        "tags": ["changes"], "summary": "Entries changed and deleted since a list version",
        "parameters": [{"name": "since", "in": "query", "required": True, "schema": _SINCE,
                        "description": "A list version (0 for all), or the next_since of the "
                                       "page before."},
                       {"name": "limit", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 10000,
                                   "default": 1000}}],
        "responses": {**_ok("Changes"), **error_responses(400)}}},
})
openapi_lookups.describe(PATHS, SCHEMAS, ok=_ok, errors=error_responses,
                         nullable_string=_NULLABLE_STRING)
SECURITY_SCHEMES = {"bearer": {"type": "http", "scheme": "bearer",
                               "description": "A token from `flask --app backend create-token`."}}


def document() -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Counterfeit Radar API", "version": "1",
                 "description": "Is this product page a known or likely counterfeit?"},
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "securitySchemes": SECURITY_SCHEMES},
    }


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI document."""
    return document()
