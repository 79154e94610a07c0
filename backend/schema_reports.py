"""The reports file's schema (REPORTS_DATABASE, attached to requests' connections as reports_db).

Reports live apart from the list so that a bulk import, which holds the main file's
write lock for minutes, never makes a report wait (docs/bulk.md). The schema is one
idempotent script rather than numbered migrations: processes starting together may
all run it.
"""

from sqlite_utils import Database

from .schema import _run_script
from .store import sightings, transaction

# The columns reports had in the main file (m003), copied when they move out of it.
MOVED_REPORT_COLUMNS = (
    "id", "submitter", "network", "target_kind", "target_marketplace", "target_key", "url",
    "reason", "details", "brand", "title", "listing_id", "seller_id", "seller_name",
    "price_amount", "price_currency", "evidence_urls", "status", "created_at", "decided_at",
    "decided_by", "note",
)

# Idempotent (IF NOT EXISTS), so that processes starting together may all run it.
REPORTS_SCRIPT = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,
    -- Keyed hashes (HMAC-SHA256), never the raw address: the submitter is the
    -- address plus the optional install id; the network is the address's /24 or /64
    -- (submitters.py).
    submitter TEXT NOT NULL,
    network TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('seller', 'listing', 'domain')),
    target_marketplace TEXT,
    target_key TEXT NOT NULL,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT,
    brand TEXT,
    title TEXT,
    listing_id TEXT,
    seller_id TEXT,
    seller_name TEXT,
    price_amount REAL,
    price_currency TEXT,
    evidence_urls TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    -- The maintainer's internal note, and the one GET /reports/<id> shows.
    note TEXT,
    public_note TEXT,
    -- 1 on the first report about a target that a maintainer approved: its submitter
    -- has a track record. Those who piled on later earn none (docs/security.md).
    credited INTEGER NOT NULL DEFAULT 0
);
-- One report per submitter and target: a repeat returns the first.
CREATE UNIQUE INDEX IF NOT EXISTS reports_submitter_target
    ON reports (submitter, target_kind, ifnull(target_marketplace, ''), target_key);
-- The check's `reported` rule and settling a target's reports: by target and status.
CREATE INDEX IF NOT EXISTS reports_target
    ON reports (target_kind, target_marketplace, target_key, status, network);
CREATE INDEX IF NOT EXISTS reports_status ON reports (status, created_at);
-- Decisions by date, for the transparency page's weeks (store/transparency.py).
CREATE INDEX IF NOT EXISTS reports_decided ON reports (decided_at) WHERE decided_at IS NOT NULL;
-- A submitter's track record (has a report of theirs been approved and credited?).
CREATE INDEX IF NOT EXISTS reports_submitter_status ON reports (submitter, status);

-- Sellers' disputes (the right of reply): anonymous writes like reports, so they live
-- here too and are never lost while an import holds the main file.
CREATE TABLE IF NOT EXISTS disputes (
    seq INTEGER PRIMARY KEY,  -- paging order (newest first); the public id is `id`
    id TEXT NOT NULL UNIQUE,
    -- Keyed hashes as for reports (one open dispute per submitter and entry); dropped
    -- with the contact REPORT_SUBMITTER_RETENTION_DAYS after the decision.
    submitter TEXT NOT NULL,
    network TEXT NOT NULL,
    entry_id INTEGER NOT NULL,
    -- The entry's identity when disputed: it outlives the entry (relisting an upheld key).
    entry_kind TEXT NOT NULL,
    entry_marketplace TEXT,
    entry_key TEXT NOT NULL,
    url TEXT,
    statement TEXT NOT NULL,
    contact TEXT,  -- personal data: never published
    evidence_urls TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    created_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    reply TEXT,  -- shown to the disputer
    note TEXT    -- internal
);
-- A repeat by the same submitter about the same entry returns the open dispute.
CREATE UNIQUE INDEX IF NOT EXISTS disputes_open_submitter_entry
    ON disputes (submitter, entry_id) WHERE status = 'open';
-- "Is this entry disputed?" (checks) and "was this key upheld?" (relisting).
CREATE INDEX IF NOT EXISTS disputes_entry ON disputes (entry_id, status);
CREATE INDEX IF NOT EXISTS disputes_identity
    ON disputes (entry_kind, entry_marketplace, entry_key, status);
CREATE INDEX IF NOT EXISTS disputes_status ON disputes (status, seq);

-- The page a report was sent with (`html`), scrubbed (extraction/scrub.py) and
-- zlib-compressed: maintainers turn it into a test fixture (`flask fixture`). Kept
-- REPORT_SNAPSHOT_RETENTION_DAYS after the report was sent (retention.py).
CREATE TABLE IF NOT EXISTS report_snapshots (
    report_id TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    html BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS report_snapshots_created ON report_snapshots (created_at);
"""


def migrate(db: Database):
    """Create the reports file's schema on a connection to that file alone; idempotent."""
    with transaction(db):
        _run_script(db, REPORTS_SCRIPT)
        _run_script(db, sightings.SCRIPT)
        columns = {row[1] for row in db.execute("PRAGMA table_info(reports)").fetchall()}
        if "credited" not in columns:  # a reports file made before track records were credited
            db.execute("ALTER TABLE reports ADD COLUMN credited INTEGER NOT NULL DEFAULT 0")
            db.execute("UPDATE reports SET credited = 1 WHERE status = 'approved' AND id = ("
                       "SELECT other.id FROM reports AS other "
                       "WHERE other.target_kind = reports.target_kind "
                       "AND other.target_marketplace IS reports.target_marketplace "
                       "AND other.target_key = reports.target_key "
                       "ORDER BY other.created_at, other.rowid LIMIT 1)")


def move_out_of_main(db: Database, attached_as: str):
    """Copy the main file's reports table into the reports file (attached as attached_as),
    then drop it: two commits, so a crash in between leaves rows in both, and the next
    run copies nothing new (same ids) and drops the old table."""
    columns = ", ".join(MOVED_REPORT_COLUMNS)
    with transaction(db):
        db.execute(f"INSERT OR IGNORE INTO {attached_as}.reports ({columns}) "
                   f"SELECT {columns} FROM main.reports")
    db.execute("DROP TABLE main.reports")
