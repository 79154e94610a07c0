"""The HTTP API (contract: ../shared/spec/api-v1.md), one blueprint per resource."""

import os

from flask import Flask

from .. import ratelimit
from ..db import get_db
from ..matching.catalog import CatalogCache
from . import (
    audit, brands, changes, check, entries, export, health, openapi, reports, review, rules,
)

PREFIX = "/api/v1"
BLUEPRINTS = (health, check, export, openapi, reports, review, entries, brands, rules, audit,
              changes)


def register(app: Flask):
    """Mount every blueprint under /api/v1, set rate limits, compile the list's rules."""
    app.extensions["radar_catalog"] = CatalogCache()
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp, url_prefix=PREFIX)
    ratelimit.init_app(app, {
        "REPORTS_RATE_LIMIT": ["reports.create_report"],
        "CHECK_RATE_LIMIT": ["check.check_post", "check.check_get"],
    })
    _compile_catalog_at_start(app)


def _compile_catalog_at_start(app: Flask):
    """Compile the rules now (before gunicorn forks, with --preload), not on the first check."""
    if not app.config["COMPILE_AT_START"] or not os.path.exists(app.config["DATABASE"]):
        return
    with app.app_context():
        app.extensions["radar_catalog"].get(get_db())
