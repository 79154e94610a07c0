"""Counterfeit Radar backend: the Flask app factory."""

import os

from flask import Flask

from . import (
    api, auth, config, console, cors, db, dispute_page, errors, submitters, transparency_page,
)


def create_app(test_config=None):
    """Create the app: defaults, then instance config or test_config, then FLASK_* env."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.defaults())
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    if not app.config["DATABASE"]:
        app.config["DATABASE"] = os.path.join(app.instance_path, "radar.db")

    app.json.sort_keys = False
    errors.register_error_handlers(app)
    cors.init_app(app)
    db.init_app(app)
    submitters.init_app(app)
    auth.init_app(app)
    api.register(app)
    console.init_app(app)
    transparency_page.init_app(app)
    dispute_page.init_app(app)
    return app
