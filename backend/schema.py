"""The schema, as an ordered set of migrations; add a new function to change it."""

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
