"""Title rules: replica phrases and prohibited items (read: maintainers; change: admins)."""

from flask import Blueprint, g, request

from .. import auth
from ..curation import rules as curation_rules
from ..db import get_db
from ..errors import NotFound
from ..models.feeds import Paging, page_of
from ..models.fields import changes_of
from ..models.reference import Rule, RuleFields, RuleQuery
from ..store import rules
from .paging import paged
from .validation import shape

bp = Blueprint("rules", __name__)


class _ListQuery(RuleQuery, Paging):
    """The filter and the page."""


_Changes = changes_of(RuleFields, "RuleChanges")


@bp.get("/rules")
@auth.require("maintainer")
@shape(query=_ListQuery, answer=page_of(Rule))
def list_rules(query):
    """Rules in id order, optionally of one kind; paged by `cursor`."""
    return paged(query.limit, lambda limit: rules.page(
        get_db(), kind=query.kind, after_id=query.cursor, limit=limit))


@bp.post("/rules")
@auth.require("admin")
@shape(body=RuleFields, answer=Rule, status=201, errors=(409,))
def create_rule(body):
    """Add a rule; its patterns must compile."""
    rule = curation_rules.create(get_db(), body.model_dump(), g.actor)
    return rule, 201, {"Location": f"{request.path}/{rule['id']}"}


@bp.get("/rules/<int:rule_id>")
@auth.require("maintainer")
@shape(answer=Rule)
def get_rule(rule_id):
    """One rule."""
    rule = rules.get(get_db(), rule_id)
    if rule is None:
        raise NotFound(f"No rule {rule_id}.")
    return rule


@bp.patch("/rules/<int:rule_id>")
@auth.require("admin")
@shape(body=_Changes, answer=Rule, errors=(409,))
def update_rule(rule_id, body):
    """Change some of a rule's fields."""
    return curation_rules.update(get_db(), rule_id, body.model_dump(exclude_unset=True),
                                 g.actor)


@bp.delete("/rules/<int:rule_id>")
@auth.require("admin")
@shape(status=204)
def delete_rule(rule_id):
    """Delete a rule."""
    curation_rules.delete(get_db(), rule_id, g.actor)
    return "", 204
