"""Admins' edits to title rules; a pattern must run in RE2 before it reaches the catalog."""

import sqlite3

from ..errors import Conflict, InvalidInput
from ..matching import patterns
from ..store import rules
from ..urls import InvalidUrl, canonicalize
from .resource import ReferenceResource

KINDS = ("replica_phrase", "prohibited_item")
FIELDS = rules.RULE_FIELDS
_LIMITS = {"name": 200, "pattern": 1000, "except_pattern": 1000, "category": 100,
           "evidence_url": 2048, "source": 300}


def _pattern(field: str, value: str | None, case_sensitive: bool, bounded: bool):
    """Compile value with RE2 as the catalog does; InvalidInput naming the field and why.

    pattern is checked alone and word-bounded: the catalog runs it both ways, and a
    value such as "a)|(b" compiles only inside the bounds (escaping them).
    """
    if value is None:
        return
    try:
        patterns.check(value, case_sensitive, bounded)
    except patterns.PatternError as error:
        raise InvalidInput(
            f"`{field}` is not a pattern the rule engine (RE2, linear time) can run: {error}."
        ) from None


def validate(body: dict) -> dict:
    """A rule from a request body; raises InvalidInput naming the field."""
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"Unknown rule field(s): {', '.join(unknown)}.")
    rule = {}
    for field, limit in _LIMITS.items():
        value = body.get(field)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            raise InvalidInput(f"`{field}` must be a string of at most {limit} characters.")
        rule[field] = value.strip() if value and value.strip() else None
    for field in ("name", "pattern"):
        if not rule[field]:
            raise InvalidInput(f"`{field}` is required.")
    if body.get("kind") not in KINDS:
        raise InvalidInput(f"`kind` must be one of: {', '.join(KINDS)}.")
    rule["kind"] = body["kind"]
    for field in ("needs_brand", "case_sensitive"):
        value = body.get(field, False)
        if not isinstance(value, bool):
            raise InvalidInput(f"`{field}` must be true or false.")
        rule[field] = value
    _pattern("pattern", rule["pattern"], rule["case_sensitive"], bounded=True)
    _pattern("except_pattern", rule["except_pattern"], case_sensitive=False, bounded=False)
    if rule["evidence_url"]:
        try:
            canonicalize(rule["evidence_url"])
        except InvalidUrl:
            raise InvalidInput("`evidence_url` must be an absolute http(s) URL.") from None
    return rule


def _save(db, rule: dict, rule_id: int | None) -> int:
    try:
        return rules.save(db, rule, rule_id)
    except sqlite3.IntegrityError:
        raise Conflict(f"A {rule['kind']} rule called {rule['name']!r} already exists.") from None


RESOURCE = ReferenceResource("rule", FIELDS, validate, _save, rules.get, rules.delete)
create, update, delete = RESOURCE.create, RESOURCE.update, RESOURCE.delete
