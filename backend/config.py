"""Default settings, each with the help text that docs/configuration.md repeats.

Every setting can be overridden by instance/config.py or by a FLASK_<NAME>
environment variable (for example FLASK_DATABASE=/srv/radar.db).
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SETTINGS = {
    "DATABASE": (None, "Path of the SQLite database; default: instance/radar.db."),
    "REPORTS_DATABASE": (None, "Path of the SQLite file that holds volunteers' reports, apart "
                         "so that a long import never blocks them; default: beside DATABASE, "
                         "<name>-reports.db (instance/radar-reports.db)."),
    "WRITE_WAIT_SECONDS": (5, "How long a request waits for the write lock (e.g. during a bulk "
                           "import) before it answers 503 with Retry-After."),
    "SWAP_CHECK_SECONDS": (1.0, "How often at most each server thread looks whether DATABASE "
                           "names a new file (a swapped list copy) and reopens it if so."),
    "SEED_DIR": (str(PROJECT_ROOT / "seed_data"), "Folder of the curated seed list."),
    "AUTO_INIT_DB": (True, "Create and seed the database on first start if it does not exist."),
    "COMPILE_AT_START": (True, "Compile the list's rules when the app starts rather than on "
                         "the first check."),
    "MAX_CONTENT_LENGTH": (3 * 1024 * 1024, "Largest accepted request body in bytes (413 above)."),
    "MAX_HTML_BYTES": (2 * 1024 * 1024, "Largest accepted page snapshot (`html` field) in bytes."),
    "MAX_URL_LENGTH": (2048, "Longest accepted URL."),
    "CORS_ORIGINS": ("*", "Web origins allowed to call the public reads (/check, /health, "
                     "/export, ...) from a browser: * for any, or a list. Writes and maintainer "
                     "routes never answer another web origin, whatever this says."),
    "CONSOLE_ORIGINS": ([], "Web origins of the API's own pages (the maintainers' console) that "
                        "may call writes and maintainer routes from a browser, e.g. "
                        "[\"https://radar.example\"]. The Host header is never trusted for "
                        "this (DNS rebinding)."),
    "SUBMITTER_SECRET": (None, "Key of the HMAC that identifies report submitters without "
                         "storing their address; default: generated once into "
                         "instance/submitter_secret. Changing it makes old submitters new."),
    "CONSOLE_SECRET": (None, "Key that signs the maintainers' console session cookie and its "
                       "CSRF tokens; default: generated once into console_secret beside "
                       "DATABASE. Changing it signs every maintainer out."),
    "CONSOLE_IDLE_MINUTES": (30, "Minutes without a request after which a console session "
                             "ends (the maintainer signs in again)."),
    "CONSOLE_SECURE_COOKIE": (False, "Always mark the console's session cookie Secure; "
                              "otherwise it is Secure whenever the request came over TLS "
                              "(behind a proxy: X-Forwarded-Proto, with TRUSTED_PROXIES)."),
    "TRUSTED_PROXIES": (0, "How many reverse proxies in front of the app to trust for "
                        "X-Forwarded-For; 0 trusts none and uses the socket address."),
    "REPORTS_RATE_LIMIT": ("20 per hour;5 per minute",
                           "Reports one client address may send (POST /reports); disputes "
                           "(POST /disputes, the /dispute page) have the same limit, "
                           "counted apart."),
    "CHECK_RATE_LIMIT": ("600 per minute", "Checks one client address may ask for."),
    "LOOKUPS_RATE_LIMIT": ("1200 per minute", "Private lookups one client network may ask for, "
                           "counted apart for GET /prefixes and GET /hashes (generous: many "
                           "shoppers can share one network)."),
    "RULEFILE_RATE_LIMIT": ("300 per minute", "Downloads and revalidations of GET /rulefile one "
                            "client network may ask for (each extension asks every few hours)."),
    "RATELIMIT_STORAGE_URI": ("mmap://", "Where rate-limit counters live. mmap:// is a file "
                              "beside DATABASE that every process on the machine shares, so the "
                              "limits are exact with any number of gunicorn workers (mmap:///path "
                              "puts it elsewhere; ?slots=N sizes it). redis://host:6379 shares "
                              "them between machines; memory:// is per process."),
    "RATELIMIT_HEADERS_ENABLED": (True, "Send X-RateLimit-Limit, -Remaining and -Reset on "
                                  "limited routes (a 429 always has Retry-After)."),
    "RATELIMIT_ENABLED": (True, "Apply the rate limits at all."),
    "REPORTED_THRESHOLD": (3, "Distinct reporters (networks) with pending reports about a "
                           "seller, listing or shop before /check gives the `reported` reason."),
    "REPORT_SUBMITTER_RETENTION_DAYS": (90, "Days after a report is decided before its "
                                        "submitter and network hashes are dropped (at start "
                                        "and by `flask purge-reports`); the submitter loses "
                                        "the track record that report gave."),
    "REPORT_SNAPSHOT_RETENTION_DAYS": (90, "Days a report's page snapshot (`html`, scrubbed of "
                                       "personal data) is kept for maintainers to turn into a "
                                       "test fixture (`flask fixture`); dropped at start and by "
                                       "`flask purge-reports`. 0 keeps none."),
    "TRANSPARENCY_CACHE_SECONDS": (3600, "How long the transparency numbers (GET /transparency "
                                   "and its page) are kept before they are counted again "
                                   "(the counting reads no entry, but weeks of reports)."),
    "REPORTER_NETWORK_V4_PREFIX": (24, "IPv4 addresses in one network of this prefix length "
                                   "count as one reporter (for `reported` and rate limits)."),
    "REPORTER_NETWORK_V6_PREFIX": (64, "IPv6 addresses in one network of this prefix length "
                                   "count as one reporter (for `reported` and rate limits)."),
}


def defaults():
    """The default value of every setting."""
    return {name: value for name, (value, _help) in SETTINGS.items()}
