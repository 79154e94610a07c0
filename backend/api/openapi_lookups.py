"""The OpenAPI description of the private lookups (GET /prefixes, GET /hashes/<prefix>) and
of the rule file of private mode (GET /rulefile)."""

# Private lookups (backend/lookups.py, docs/privacy.md): 4-byte SHA-256 prefixes of the keys
# "domain:<domain>", "seller:<marketplace>:<id>", "listing:<marketplace>:<id>".
_BASE64 = {"type": "string", "contentEncoding": "base64",
           "description": "Sorted 4-byte big-endian prefixes, concatenated, in base64."}
_PREFIX_HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Send it back in If-None-Match."},
    "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
}

_RULEFILE_HEADERS = {**_PREFIX_HEADERS, "Cache-Control": {
    "schema": {"type": "string"}, "description": "public, max-age=3600"}}


def describe(paths: dict, schemas: dict, *, ok, errors, nullable_string) -> None:
    """Add the lookups' paths and schemas to the document's (helpers from openapi.py)."""
    schemas["PrefixSet"] = {"type": "object", "properties": {
        "version": {"type": "integer"}, "since": {"type": "integer"},
        "prefix_bytes": {"type": "integer", "const": 4}, "count": {"type": "integer"},
        "prefixes": _BASE64,
        "added": {**_BASE64, "description": "With `since`: prefixes to add (apply as sets)."},
        "removed": {**_BASE64, "description": "With `since`: prefixes to remove (apply as sets)."},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                   "description": "SHA-256 of the whole set's bytes (after the diff)."}}}
    schemas["HashMatches"] = {"type": "object", "required": ["matches", "cache_seconds"],
                              "properties": {
        "matches": {"type": "array", "items": {"type": "object", "properties": {
            "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "kind": {"type": "string", "enum": ["seller", "listing", "domain"]},
            "marketplace": nullable_string,
            "status": {"type": "string", "enum": ["counterfeit", "authorized"]},
            "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}}}},
        "cache_seconds": {"type": "integer"}}}
    paths["/api/v1/prefixes"] = {"get": {
        "tags": ["lookups"], "summary": "The key prefix set, or its diff since a list version",
        "parameters": [{"name": "since", "in": "query", "required": False,
                        "schema": {"type": "integer", "minimum": 0},
                        "description": "The version of the set the client holds: answers "
                                       "added/removed, or the full set if that is no smaller."}],
        "responses": {
            "200": {"description": "OK", "headers": _PREFIX_HEADERS, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/PrefixSet"}}}},
            "304": {"description": "Not modified since the ETag in If-None-Match.",
                    "headers": _PREFIX_HEADERS},
            **errors(400, 429)}}}
    schemas["RuleFile"] = {
        "type": "object", "required": ["format", "list_version"],
        "description": "The page-content rules compiled for the extension's private mode "
                       "(backend/rulefile.py, docs/extension.md \"The rule file\"): patterns as "
                       "JavaScript RegExp source and flags, brands, price floors, sites, "
                       "lookalike data and message templates.",
        "properties": {
            "format": {"type": "integer", "const": 1},
            "list_version": {"type": "integer"},
            **{name: {"type": "object"} for name in (
                "text", "title_rules", "price", "sites", "reasons")},
            "brands": {"type": "array", "items": {"type": "object"}},
            "brand_forms": {"type": "array", "items": {"type": "array"}},
            "lookalike": {"type": ["object", "null"]}}}
    paths["/api/v1/rulefile"] = {"get": {
        "tags": ["lookups"], "summary": "The compiled page-content rules for private mode",
        "responses": {
            "200": {"description": "OK", "headers": _RULEFILE_HEADERS, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/RuleFile"}}}},
            "304": {"description": "Not modified since the ETag in If-None-Match.",
                    "headers": _RULEFILE_HEADERS},
            **errors(429)}}}
    paths["/api/v1/hashes/{prefix}"] = {"get": {
        "tags": ["lookups"], "summary": "Full hashes of listed keys under one 4-byte prefix",
        "parameters": [{"name": "prefix", "in": "path", "required": True,
                        "schema": {"type": "string", "pattern": "^[0-9a-fA-F]{8}$"}}],
        "responses": {**ok("HashMatches"), **errors(400, 429)}}}
