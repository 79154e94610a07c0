"""Title rules: replica phrases and prohibited items (read: maintainers; change: admins)."""

from flask import Blueprint, g, request

from .. import auth
from ..curation import rules as curation_rules
from ..db import get_db
from ..errors import InvalidInput, NotFound
from ..store import rules
from .paging import int_arg, limit_arg, page_of
from .validation import json_body

bp = Blueprint("rules", __name__)


@bp.get("/rules")
@auth.require("maintainer")
def list_rules():
    """Rules in id order, optionally of one kind; paged by `cursor`."""
    kind = request.args.get("kind") or None
    if kind is not None and kind not in curation_rules.KINDS:
        raise InvalidInput(f"`kind` must be one of: {', '.join(curation_rules.KINDS)}.")
    limit = limit_arg()
    found = rules.page(get_db(), kind=kind, after_id=int_arg("cursor", 0), limit=limit + 1)
    items, next_cursor = page_of(found, limit)
    return {"items": items, "next_cursor": next_cursor}


@bp.post("/rules")
@auth.require("admin")
def create_rule():
    """Add a rule; its patterns must compile."""
    rule = curation_rules.create(get_db(), json_body(), g.actor)
    return rule, 201, {"Location": f"{request.path}/{rule['id']}"}


@bp.get("/rules/<int:rule_id>")
@auth.require("maintainer")
def get_rule(rule_id):
    """One rule."""
    rule = rules.get(get_db(), rule_id)
    if rule is None:
        raise NotFound(f"No rule {rule_id}.")
    return rule


@bp.patch("/rules/<int:rule_id>")
@auth.require("admin")
def update_rule(rule_id):
    """Change some of a rule's fields."""
    return curation_rules.update(get_db(), rule_id, json_body(), g.actor)


@bp.delete("/rules/<int:rule_id>")
@auth.require("admin")
def delete_rule(rule_id):
    """Delete a rule."""
    curation_rules.delete(get_db(), rule_id, g.actor)
    return "", 204
