"""Default settings, each with the help text that docs/configuration.md repeats.

Every setting can be overridden by instance/config.py or by a FLASK_<NAME>
environment variable (for example FLASK_DATABASE=/srv/radar.db).
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SETTINGS = {
    "DATABASE": (None, "Path of the SQLite database; default: instance/radar.db."),
    "SEED_DIR": (str(PROJECT_ROOT / "seed_data"), "Folder of the curated seed list."),
    "AUTO_INIT_DB": (True, "Create and seed the database on first start if it does not exist."),
    "MAX_CONTENT_LENGTH": (3 * 1024 * 1024, "Largest accepted request body in bytes (413 above)."),
    "MAX_HTML_BYTES": (2 * 1024 * 1024, "Largest accepted page snapshot (`html` field) in bytes."),
    "MAX_URL_LENGTH": (2048, "Longest accepted URL."),
    "CORS_ORIGINS": ("*", "Origins allowed to call the API from a browser."),
}


def defaults():
    """The default value of every setting."""
    return {name: value for name, (value, _help) in SETTINGS.items()}
