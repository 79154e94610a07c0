"""Brands (read: maintainers; change: admins)."""

from flask import Blueprint, g, request

from .. import auth
from ..curation import brands as curation_brands
from ..db import get_db
from ..errors import NotFound
from ..models.feeds import Paging, page_of
from ..models.fields import changes_of
from ..models.reference import Brand, BrandFields, NameQuery
from ..store import brands
from .paging import paged
from .validation import shape

bp = Blueprint("brands", __name__)


class _ListQuery(NameQuery, Paging):
    """The filter and the page."""


_Changes = changes_of(BrandFields, "BrandChanges")


@bp.get("/brands")
@auth.require("maintainer")
@shape(query=_ListQuery, answer=page_of(Brand))
def list_brands(query):
    """Brands in id order, optionally whose name contains q; paged by `cursor`."""
    return paged(query.limit, lambda limit: brands.page(
        get_db(), after_id=query.cursor, limit=limit, text=(query.q or "").strip() or None))


@bp.post("/brands")
@auth.require("admin")
@shape(body=BrandFields, answer=Brand, status=201, errors=(409,))
def create_brand(body):
    """Add a brand with aliases and official domains."""
    brand = curation_brands.create(get_db(), body.model_dump(), g.actor)
    return brand, 201, {"Location": f"{request.path}/{brand['id']}"}


@bp.get("/brands/<int:brand_id>")
@auth.require("maintainer")
@shape(answer=Brand)
def get_brand(brand_id):
    """One brand."""
    brand = brands.get(get_db(), brand_id)
    if brand is None:
        raise NotFound(f"No brand {brand_id}.")
    return brand


@bp.patch("/brands/<int:brand_id>")
@auth.require("admin")
@shape(body=_Changes, answer=Brand, errors=(409,))
def update_brand(brand_id, body):
    """Change some of a brand's fields (aliases and domains are replaced whole)."""
    return curation_brands.update(get_db(), brand_id, body.model_dump(exclude_unset=True),
                                  g.actor)


@bp.delete("/brands/<int:brand_id>")
@auth.require("admin")
@shape(status=204)
def delete_brand(brand_id):
    """Delete a brand, its domains and price floors."""
    curation_brands.delete(get_db(), brand_id, g.actor)
    return "", 204
