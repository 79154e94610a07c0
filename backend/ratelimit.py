"""Rate limits (Flask-Limiter) per client network, with limits read from the settings.

The key is submitters.network(): an IPv4 /24 or IPv6 /64 by default, so the
addresses of one network share one budget.

Counters live in RATELIMIT_STORAGE_URI. The default, memory://, is per
process: under gunicorn with several workers each worker counts on its own, so
production should point it at a shared store (redis://...). A 429 comes out in
the one error shape (errors.py) and, with RATELIMIT_HEADERS_ENABLED, carries
Retry-After.
"""

from flask import Flask, current_app
from flask_limiter import Limiter

from . import submitters


def _setting(name: str):
    """A limit provider that reads the setting at request time (so tests can change it)."""
    return lambda: current_app.config[name]


def _message(name: str):
    return lambda: (f"Too many requests from this network (limit: {current_app.config[name]}); "
                    "try again after the number of seconds in Retry-After.")


def init_app(app: Flask, limited: dict[str, list[str]]) -> Limiter:
    """Create the app's limiter and wrap each endpoint in limited with its setting's limit.

    limited maps a setting name (e.g. "REPORTS_RATE_LIMIT") to endpoint names
    ("reports.create_report"); each endpoint counts on its own. Call it after the
    blueprints are registered: the app's view functions are wrapped in place, so
    the blueprint modules stay free of any one app's limiter.
    """
    limiter = Limiter(key_func=submitters.network, app=app)
    for setting, endpoints in limited.items():
        for endpoint in endpoints:
            app.view_functions[endpoint] = limiter.limit(
                _setting(setting), error_message=_message(setting)
            )(app.view_functions[endpoint])
    app.extensions["radar_limiter"] = limiter
    return limiter
