"""The HTTP API (contract: ../shared/spec/api-v1.md), one blueprint per resource."""

from flask import Flask

from ..matching.catalog import CatalogCache
from . import check, health, openapi

PREFIX = "/api/v1"


def register(app: Flask):
    """Mount every blueprint under /api/v1."""
    app.extensions["radar_catalog"] = CatalogCache()
    for module in (health, check, openapi):
        app.register_blueprint(module.bp, url_prefix=PREFIX)
