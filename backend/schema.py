"""The schema, as an ordered set of migrations; add a new function (in schema_v2.py) to change it."""

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("counterfeit_radar")


@migrations()
def m001_list(db: Database):
    """Curated entries, reference data for the rules, and the list version."""
    _run_script(
        db,
        """
        CREATE TABLE list_meta (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        );
        INSERT INTO list_meta (id, version, updated_at) VALUES (1, 0, datetime('now'));

        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('seller', 'listing', 'domain')),
            marketplace TEXT,
            key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('counterfeit', 'authorized')),
            name TEXT,
            name_norm TEXT,
            title TEXT,
            brand TEXT,
            evidence_url TEXT,
            evidence_level TEXT,
            note TEXT,
            source TEXT,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- Identity of an entry; domains have no marketplace, hence ifnull.
        CREATE UNIQUE INDEX entries_identity ON entries (kind, ifnull(marketplace, ''), key);
        -- Lookup paths: by id (seller, listing, domain) and by seller display name.
        CREATE INDEX entries_lookup ON entries (kind, marketplace, key);
        CREATE INDEX entries_alias ON entries (kind, marketplace, name_norm)
            WHERE name_norm IS NOT NULL;
        CREATE INDEX entries_version ON entries (version);

        CREATE TABLE marketplace_hosts (
            host TEXT PRIMARY KEY,
            marketplace TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT
        );

        CREATE TABLE brands (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            aliases TEXT NOT NULL DEFAULT '[]',
            category TEXT,
            source TEXT
        );
        CREATE TABLE brand_domains (
            domain TEXT PRIMARY KEY,
            brand_id INTEGER NOT NULL REFERENCES brands (id) ON DELETE CASCADE
        );
        CREATE INDEX brand_domains_brand ON brand_domains (brand_id);
        CREATE TABLE price_floors (
            id INTEGER PRIMARY KEY,
            brand_id INTEGER NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
            product_type TEXT NOT NULL,
            keywords TEXT NOT NULL DEFAULT '[]',
            min_price REAL NOT NULL,
            currency TEXT NOT NULL,
            source TEXT,
            UNIQUE (brand_id, product_type)
        );
        CREATE TABLE currencies (
            code TEXT PRIMARY KEY,
            units_per_usd REAL NOT NULL,
            date TEXT,
            source TEXT
        );

        CREATE TABLE rules (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('replica_phrase', 'prohibited_item')),
            name TEXT NOT NULL,
            pattern TEXT NOT NULL,
            except_pattern TEXT,
            needs_brand INTEGER NOT NULL DEFAULT 0,
            case_sensitive INTEGER NOT NULL DEFAULT 0,
            category TEXT,
            evidence_url TEXT,
            source TEXT,
            UNIQUE (kind, name)
        );

        CREATE TABLE notorious_markets (
            id INTEGER PRIMARY KEY,
            review_year INTEGER NOT NULL,
            release_date TEXT,
            name TEXT NOT NULL,
            marketplace TEXT,
            domains TEXT NOT NULL DEFAULT '[]',
            source TEXT,
            UNIQUE (review_year, name)
        );
        """
    )


@migrations()
def m002_listing_titles_search(db: Database):
    """Full-text index of listing titles, kept in step with entries by triggers."""
    _run_script(
        db,
        """
        CREATE VIRTUAL TABLE listing_titles USING fts5(
            title, content='entries', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER entries_titles_insert AFTER INSERT ON entries
        WHEN new.kind = 'listing' AND new.title IS NOT NULL BEGIN
            INSERT INTO listing_titles (rowid, title) VALUES (new.id, new.title);
        END;
        CREATE TRIGGER entries_titles_delete AFTER DELETE ON entries
        WHEN old.kind = 'listing' AND old.title IS NOT NULL BEGIN
            INSERT INTO listing_titles (listing_titles, rowid, title)
            VALUES ('delete', old.id, old.title);
        END;
        CREATE TRIGGER entries_titles_update AFTER UPDATE OF title, kind ON entries BEGIN
            INSERT INTO listing_titles (listing_titles, rowid, title)
            SELECT 'delete', old.id, old.title
            WHERE old.kind = 'listing' AND old.title IS NOT NULL;
            INSERT INTO listing_titles (rowid, title)
            SELECT new.id, new.title WHERE new.kind = 'listing' AND new.title IS NOT NULL;
        END;
        INSERT INTO listing_titles (rowid, title)
            SELECT id, title FROM entries WHERE kind = 'listing' AND title IS NOT NULL;
        """,
    )


@migrations()
def m003_curation(db: Database):
    """Volunteer reports, maintainer tokens, the audit log and tombstones of deleted entries."""
    _run_script(
        db,
        """
        CREATE TABLE reports (
            id TEXT PRIMARY KEY,
            -- Keyed hashes (HMAC-SHA256), never the raw address: the submitter is the
            -- address plus the optional install id; the network is the address alone.
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
            note TEXT
        );
        -- One report per submitter and target: a repeat returns the first.
        CREATE UNIQUE INDEX reports_submitter_target
            ON reports (submitter, target_kind, ifnull(target_marketplace, ''), target_key);
        -- The check's `reported` rule and settling a target's reports: by target and status.
        CREATE INDEX reports_target
            ON reports (target_kind, target_marketplace, target_key, status, network);
        CREATE INDEX reports_status ON reports (status, created_at);

        CREATE TABLE tokens (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('maintainer', 'admin')),
            token_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT
        );
        CREATE UNIQUE INDEX tokens_active_name ON tokens (name) WHERE revoked_at IS NULL;

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_target ON audit (target);

        -- What GET /changes reports as deleted: entries removed at a list version.
        CREATE TABLE deleted_entries (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            marketplace TEXT,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            deleted_at TEXT NOT NULL
        );
        CREATE INDEX deleted_entries_version ON deleted_entries (version);
        """,
    )


@migrations()
def m004_seed_state(db: Database):
    """What the seed last wrote to each seeded row, so that a sync never undoes curation."""
    _run_script(
        db,
        """
        -- One row per seeded row: its table, its natural key (JSON array; brands by
        -- name, never id) and the content the seed last wrote (JSON object). A seeded
        -- row that is absent while its record exists was deleted: a tombstone.
        CREATE TABLE seed_state (
            seed_table TEXT NOT NULL,
            seed_key TEXT NOT NULL,
            content TEXT NOT NULL,
            PRIMARY KEY (seed_table, seed_key)
        ) WITHOUT ROWID;
        """,
    )


def _run_script(db: Database, script: str):
    """Run a multi-statement script inside the migration's transaction.

    sqlite3's executescript() commits first, which would break the migration's
    all-or-nothing promise, so statements are run one by one.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def migrate(db: Database):
    """Apply every pending migration."""
    migrations.apply(db)


# Imported last: it registers the migrations from m005 on, after the ones above.
from . import schema_v2  # noqa: E402,F401
