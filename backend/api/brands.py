"""Brands (read: maintainers; change: admins)."""

from flask import Blueprint, g, request

from .. import auth
from ..curation import brands as curation_brands
from ..db import get_db
from ..errors import NotFound
from ..store import brands
from .paging import int_arg, limit_arg, page_of
from .validation import json_body

bp = Blueprint("brands", __name__)


@bp.get("/brands")
@auth.require("maintainer")
def list_brands():
    """Brands in id order, optionally whose name contains q; paged by `cursor`."""
    limit = limit_arg()
    found = brands.page(get_db(), after_id=int_arg("cursor", 0), limit=limit + 1,
                        text=(request.args.get("q") or "").strip() or None)
    items, next_cursor = page_of(found, limit)
    return {"items": items, "next_cursor": next_cursor}


@bp.post("/brands")
@auth.require("admin")
def create_brand():
    """Add a brand with aliases and official domains."""
    brand = curation_brands.create(get_db(), json_body(), g.actor)
    return brand, 201, {"Location": f"{request.path}/{brand['id']}"}


@bp.get("/brands/<int:brand_id>")
@auth.require("maintainer")
def get_brand(brand_id):
    """One brand."""
    brand = brands.get(get_db(), brand_id)
    if brand is None:
        raise NotFound(f"No brand {brand_id}.")
    return brand


@bp.patch("/brands/<int:brand_id>")
@auth.require("admin")
def update_brand(brand_id):
    """Change some of a brand's fields (aliases and domains are replaced whole)."""
    return curation_brands.update(get_db(), brand_id, json_body(), g.actor)


@bp.delete("/brands/<int:brand_id>")
@auth.require("admin")
def delete_brand(brand_id):
    """Delete a brand, its domains and price floors."""
    curation_brands.delete(get_db(), brand_id, g.actor)
    return "", 204
