"""The maintainers' console at /curate: server-rendered pages over the same curation code
as the API (docs/console.md). No build step: Jinja templates in templates/console/,
vendored CSS and JS in static/console/.

- security.py: sign-in session, CSRF, idle timeout, the strict CSP
- session.py: sign in and out
- queue.py: the review queue and decisions
- entries.py: search, edit, delist, an entry's history
- audit.py: the audit log
- disputes.py: sellers' disputes and their decisions
- errors.py: error pages for browsers (the API's JSON for scripts)
- imports.py: importing a list file (admins), dry run first, with progress
- reference.py: the rules and brands editor (admins)
- takedowns.py: recording takedowns and the platforms' answers
"""

from flask import Blueprint, Flask

from . import security

bp = Blueprint("console", __name__, url_prefix="/curate",
               static_folder="../static/console", static_url_path="/static")
bp.before_request(security.guard)
bp.after_request(security.secure_headers)

# The views register themselves on bp when imported.
from . import (  # noqa: E402,F401
    audit, disputes, entries, errors, imports, queue, reference, session, takedowns,
)


def init_app(app: Flask):
    """Configure the session and mount the console."""
    security.init_app(app)
    app.register_blueprint(bp)
