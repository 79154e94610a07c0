"""The HTTP API (contract: ../shared/spec/api-v1.md), one blueprint per resource."""

from flask import Flask

from ..matching.catalog import CatalogCache
from .. import ratelimit
from . import audit, brands, changes, check, entries, health, openapi, reports, review, rules
from . import export

PREFIX = "/api/v1"


def register(app: Flask):
    """Mount every blueprint under /api/v1."""
    app.extensions["radar_catalog"] = CatalogCache()
    for module in (health, check, export, openapi):
        app.register_blueprint(module.bp, url_prefix=PREFIX)
    for module in (reports, review, entries, brands, rules, audit, changes):
        app.register_blueprint(module.bp, url_prefix=PREFIX)
    ratelimit.init_app(app, {
        "REPORTS_RATE_LIMIT": ["reports.create_report"],
        "CHECK_RATE_LIMIT": ["check.check_post", "check.check_get"],
    })
