"""The HTTP API (contract: ../shared/spec/api-v1.md), one blueprint per resource."""

import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from .. import ratelimit
from ..db import get_db
from ..lookups import PrefixSetCache
from ..matching.catalog import CatalogCache
from ..rulefile import RuleFileCache
from ..sightings import Sightings
from ..transparency import TransparencyCache
from . import (
    audit, brands, changes, check, disputes, entries, export, health, lookups, openapi, reports,
    review, rulefile, rules, takedowns, transparency,
)
from ..models.fields import MAX_SQLITE_INTEGER

PREFIX = "/api/v1"
BLUEPRINTS = (health, check, export, openapi, reports, review, entries, brands, rules, audit,
              changes, lookups, rulefile, disputes, transparency, takedowns)


# Each rate-limit setting and the endpoints it counts (the OpenAPI document gives them 429).
RATE_LIMITED = {
    # Disputes are anonymous writes like reports: the same limit, counted apart.
    "REPORTS_RATE_LIMIT": ["reports.create_report", "disputes.create_dispute"],
    "CHECK_RATE_LIMIT": ["check.check_post", "check.check_get"],
    "LOOKUPS_RATE_LIMIT": ["lookups.prefixes", "lookups.hashes"],
    "RULEFILE_RATE_LIMIT": ["rulefile.rulefile"],
}


class RowIdConverter(IntegerConverter):
    """<int:...> for row ids: one SQLite cannot hold matches no route (404), not a 500."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_SQLITE_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def register(app: Flask):
    """Mount every blueprint under /api/v1, set rate limits, compile the list's rules."""
    app.extensions["radar_catalog"] = CatalogCache()
    app.extensions["radar_prefixes"] = PrefixSetCache()
    app.extensions["radar_rulefile"] = RuleFileCache()
    app.extensions["radar_sightings"] = Sightings()
    app.extensions["radar_transparency"] = TransparencyCache()
    # Before the blueprints: their rules pick the converter up when they are added.
    app.url_map.converters["int"] = RowIdConverter
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp, url_prefix=PREFIX)
    ratelimit.init_app(app, RATE_LIMITED)
    _compile_catalog_at_start(app)


def _compile_catalog_at_start(app: Flask):
    """Compile the rules now (before gunicorn forks, with --preload), not on the first check."""
    if not app.config["COMPILE_AT_START"] or not os.path.exists(app.config["DATABASE"]):
        return
    with app.app_context():
        app.extensions["radar_catalog"].get(get_db())
