"""The public page /transparency: GET /api/v1/transparency's numbers as SVG charts, each
beside a table of the same numbers. Server-rendered, no script, a strict CSP."""

from flask import Blueprint, Flask, render_template

from . import charts
from .api.transparency import current_numbers

bp = Blueprint("transparency_page", __name__)

# Nothing runs and nothing loads from elsewhere: the page is HTML, inline SVG and one
# stylesheet of our own (presentation attributes on SVG are not inline styles).
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; "
                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SERIES = ("received", "decided")  # the weekly chart's bars, in legend order


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


@bp.get("/transparency")
def transparency():
    """The transparency page (docs/transparency.md)."""
    numbers, fresh_for = current_numbers()
    weeks = numbers["weeks"]
    names = [week["week"] for week in weeks]
    entries = numbers["entries"]
    takedowns = numbers["takedowns"]
    page = render_template(
        "transparency.html",
        numbers=numbers,
        label=_label,
        weekly=charts.weekly(names, [[week["reports_received"] for week in weeks],
                                     [week["reports_decided"] for week in weeks]]),
        median_chart=charts.weekly(names, [[week["median_hours_to_decision"] or 0
                                            for week in weeks]], height=140),
        by_marketplace=charts.horizontal(list(entries["by_marketplace"].items())),
        by_evidence_level=charts.horizontal(
            [(_label(level), count) for level, count in entries["by_evidence_level"].items()]),
        disputes=charts.horizontal([(_label(status), count)
                                    for status, count in numbers["disputes"].items()]),
        takedowns=charts.horizontal([
            (_label(outcome), takedowns[outcome])
            for outcome in ("reported", "removed", "refused", "no_answer")]),
    )
    return page, 200, {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "Cache-Control": f"public, max-age={fresh_for}",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def init_app(app: Flask):
    """Serve the page at /transparency (outside the API's /api/v1)."""
    app.register_blueprint(bp)
