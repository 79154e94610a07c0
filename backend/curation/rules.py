"""Admins' edits to title rules; a pattern must run in RE2 before it reaches the catalog."""

import sqlite3

from ..errors import Conflict
from ..models.parse import parse
from ..models.reference import RuleFields
from ..store import rules
from .resource import ReferenceResource

FIELDS = rules.RULE_FIELDS


def validate(row: dict) -> dict:
    """A rule from fields (the stored row with a request's changes); InvalidInput naming one."""
    return parse(RuleFields, row).model_dump()


def _save(db, rule: dict, rule_id: int | None) -> int:
    try:
        return rules.save(db, rule, rule_id)
    except sqlite3.IntegrityError:
        raise Conflict(f"A {rule['kind']} rule called {rule['name']!r} already exists.") from None


RESOURCE = ReferenceResource("rule", FIELDS, validate, _save, rules.get, rules.delete)
create, update, delete = RESOURCE.create, RESOURCE.update, RESOURCE.delete
