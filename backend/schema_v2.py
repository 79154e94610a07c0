"""The schema's migrations from issue 8 on (m005 to m010), registered after schema.py's.

One Migrations set (schema.migrations) applies them all in registration order; this
module only keeps schema.py short.
"""

import json
import logging
import re

from sqlite_utils import Database

from .matching import signatures
from .schema import _run_script, migrations


@migrations()
def m006_unpublish_volunteer_evidence(db: Database):
    """Entries listed from reports before a decision chose what to publish: drop the
    volunteer's evidence link, the typed name or title and the internal note, where
    they are still as the approval wrote them (a maintainer's later edit stays)."""
    if not db.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'reports'"
    ).fetchone():
        return  # reports already moved out: nothing was listed the old way since
    listed = db.execute(
        "SELECT id, kind, name, title, evidence_url, note, source FROM entries "
        "WHERE source LIKE 'reports: %' AND evidence_level = 'volunteer_reports'"
    ).fetchall()
    changes = []
    for entry_id, kind, name, title, evidence_url, note, source in listed:
        # The source names the reports (ids are random 16-character tokens).
        rows = db.execute(
            "SELECT seller_name, title, evidence_urls, note FROM main.reports "
            "WHERE instr(?, id) > 0", [source]
        ).fetchall()
        evidence = {url for row in rows for url in json.loads(row[2] or "[]")}
        before = {"name": name, "title": title, "evidence_url": evidence_url, "note": note}
        after = dict(before)
        if evidence_url in evidence:
            after["evidence_url"] = None
        if note is not None and (note in {row[3] for row in rows} or re.fullmatch(
                r"Listed from \d+ volunteer report\(s\)\.", note)):
            # The text decisions now publish when the maintainer wrote no public note.
            after["note"] = "Listed after volunteer reports were reviewed."
        if kind == "seller" and name in {row[0] for row in rows}:
            after["name"] = None
        if kind == "listing" and title in {row[1] for row in rows}:
            after["title"] = None
        if after != before:
            changes.append((entry_id, before, after))
    if not changes:
        return
    # A new list version, so that /changes hands the scrubbed entries to every mirror.
    db.execute("UPDATE list_meta SET version = version + 1, updated_at = datetime('now')")
    version = db.execute("SELECT version FROM list_meta WHERE id = 1").fetchone()[0]
    for entry_id, before, after in changes:
        db.execute(
            "UPDATE entries SET name = ?, name_norm = CASE WHEN ? IS NULL THEN NULL "
            "ELSE name_norm END, title = ?, evidence_url = ?, note = ?, version = ?, "
            "updated_at = datetime('now') WHERE id = ?",
            [after["name"], after["name"], after["title"], after["evidence_url"],
             after["note"], version, entry_id],
        )
        db.execute(
            "INSERT INTO audit (at, actor, action, target, before, after) VALUES "
            "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', 'entry.update', ?, ?, ?)",
            [f"entry:{entry_id}", json.dumps(before, sort_keys=True),
             json.dumps(after, sort_keys=True)],
        )


@migrations()
def m005_brand_name_fold(db: Database):
    """Brand names unique in any case (ROLEX and Rolex): a case-folded name, uniquely indexed.

    Python's casefold (store.brands.fold_name), not SQLite's ASCII-only lower(). Brands
    that already differ only in case are all kept, nothing merged: the first keeps the
    folded name, later ones get none (the index passes them by) and an audit record
    (brand.case_duplicate) names each for an admin to rename or delete; saving one
    through the API then answers 409 until its name is unique.
    """
    db.execute("ALTER TABLE brands ADD COLUMN name_fold TEXT")
    first_of: dict[str, dict] = {}
    duplicates = []
    for brand_id, name in db.execute("SELECT id, name FROM brands ORDER BY id").fetchall():
        folded = name.casefold()
        if folded in first_of:
            duplicates.append(({"id": brand_id, "name": name}, first_of[folded]))
            continue
        first_of[folded] = {"id": brand_id, "name": name}
        db.execute("UPDATE brands SET name_fold = ? WHERE id = ?", [folded, brand_id])
    db.execute("CREATE UNIQUE INDEX brands_name_fold ON brands (name_fold)")
    for duplicate, first in duplicates:
        logging.getLogger(__name__).warning(
            "Brand %(id)s %(name)r differs only in case from brand %(first)s: rename or "
            "delete one", {**duplicate, "first": first["id"]})
        db.execute(
            "INSERT INTO audit (at, actor, action, target, before, after) "
            "VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'migration', "
            "'brand.case_duplicate', ?, ?, NULL)",
            [f"brand:{duplicate['id']}",
             json.dumps({**duplicate, "same_name_as": first}, ensure_ascii=False)],
        )


@migrations()
def m007_listing_bands(db: Database):
    """Near-duplicate titles by MinHash bands (listing_bands) instead of full-text search.

    One row per band of each counterfeit listing's title (matching/signatures.py), kept
    in step by triggers that call title_bands(), which db.connect registers. The FTS5
    index listing_titles served only the relisted rule: dropped.
    """
    _run_script(
        db,
        """
        DROP TRIGGER IF EXISTS entries_titles_insert;
        DROP TRIGGER IF EXISTS entries_titles_delete;
        DROP TRIGGER IF EXISTS entries_titles_update;
        DROP TABLE IF EXISTS listing_titles;
        CREATE TABLE listing_bands (
            band_key INTEGER NOT NULL,
            entry_id INTEGER NOT NULL,
            PRIMARY KEY (band_key, entry_id)
        ) WITHOUT ROWID;
        """ + LISTING_BANDS_TRIGGERS,
    )
    listings = db.conn.execute(
        "SELECT id, marketplace, title FROM entries WHERE kind = 'listing' "
        "AND status = 'counterfeit' AND title IS NOT NULL ORDER BY id")
    while batch := listings.fetchmany(10_000):
        ids, keys = signatures.band_rows(batch)
        db.conn.executemany(
            "INSERT OR IGNORE INTO listing_bands (band_key, entry_id) VALUES (?, ?)",
            zip(keys.ravel().tolist(), ids.repeat(signatures.BANDS).tolist()))


# Which listings have bands: counterfeit listings with a title (store/bulk.py does the
# same in bulk with the triggers dropped). title_bands() gives [] for short titles.
LISTING_BANDS_TRIGGERS = """
    CREATE TRIGGER entries_bands_insert AFTER INSERT ON entries
    WHEN new.kind = 'listing' AND new.status = 'counterfeit' AND new.title IS NOT NULL BEGIN
        INSERT OR IGNORE INTO listing_bands (band_key, entry_id)
        SELECT value, new.id FROM json_each(title_bands(new.marketplace, new.title));
    END;
    CREATE TRIGGER entries_bands_delete AFTER DELETE ON entries
    WHEN old.kind = 'listing' AND old.status = 'counterfeit' AND old.title IS NOT NULL BEGIN
        DELETE FROM listing_bands WHERE entry_id = old.id AND band_key IN
            (SELECT value FROM json_each(title_bands(old.marketplace, old.title)));
    END;
    CREATE TRIGGER entries_bands_update AFTER UPDATE OF kind, marketplace, status, title
    ON entries BEGIN
        DELETE FROM listing_bands WHERE old.kind = 'listing' AND old.status = 'counterfeit'
            AND entry_id = old.id AND band_key IN
            (SELECT value FROM json_each(title_bands(old.marketplace, old.title)));
        INSERT OR IGNORE INTO listing_bands (band_key, entry_id)
        SELECT value, new.id FROM json_each(title_bands(new.marketplace, new.title))
        WHERE new.kind = 'listing' AND new.status = 'counterfeit';
    END;
"""


@migrations()
def m008_private_lookups(db: Database):
    """Private lookups (backend/lookups.py): each entry's key prefix indexed, and the keys
    an edit replaced, so that a prefix diff since a version also removes those.

    key_prefix() is registered by db.connect, like title_bands(): a connection without it
    cannot insert entries or change their kind, marketplace or key.
    """
    _run_script(
        db,
        """
        CREATE INDEX entries_key_prefix ON entries (key_prefix(kind, marketplace, key));
        -- A maintainer's edit of an entry's kind, marketplace or key (the entry keeps its
        -- id, so /changes needs no tombstone): the old key, at the edit's version.
        CREATE TABLE replaced_keys (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            marketplace TEXT,
            key TEXT NOT NULL,
            version INTEGER NOT NULL
        );
        CREATE INDEX replaced_keys_version ON replaced_keys (version);
        """ + REPLACED_KEYS_TRIGGER,
    )


# The bulk rebuild never changes an identity, so it has nothing of this trigger's to replay.
REPLACED_KEYS_TRIGGER = """
    CREATE TRIGGER entries_key_replaced AFTER UPDATE OF kind, marketplace, key ON entries
    WHEN old.kind IS NOT new.kind OR old.marketplace IS NOT new.marketplace
        OR old.key IS NOT new.key BEGIN
        INSERT INTO replaced_keys (kind, marketplace, key, version)
        VALUES (old.kind, old.marketplace, old.key, new.version);
    END;
"""


@migrations()
def m009_takedowns(db: Database):
    """Takedowns: what a maintainer told a platform about an entry, when, and its answer.

    Sightings (the days a check saw a listed entry) live in the reports file instead
    (schema_reports.py): a check writes them, and must never wait behind an import.
    """
    _run_script(
        db,
        """
        CREATE TABLE takedowns (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN
                ('ip_portal', 'report_button', 'legal_notice', 'email', 'other')),
            reported_at TEXT NOT NULL,
            reference TEXT,
            outcome TEXT CHECK (outcome IN ('removed', 'refused', 'no_answer')),
            answered_at TEXT,
            recorded_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        -- An entry's takedowns (the check's reasons, the console's history).
        CREATE INDEX takedowns_entry ON takedowns (entry_id, reported_at);
        """,
    )


@migrations()
def m010_entry_counts(db: Database):
    """The counterfeit entries by marketplace and evidence level (transparency's figures),
    kept by triggers on entries, so that GET /transparency reads a few dozen rows instead
    of counting the list (docs/decisions.md). Counted once here from the entries.

    The marketplace and level are stored as published ('domains', 'unspecified' for
    none: store/transparency.py's NO_MARKETPLACE, NO_EVIDENCE_LEVEL), as the count over
    entries groups them. A bulk rebuild drops these triggers with the others and adds what
    it loaded itself (store/bulk.py). The SQL is written out here, not imported, so that
    this migration stays what it was when later ones change the triggers.
    """
    _run_script(
        db,
        """
        CREATE TABLE entry_counts (
            marketplace TEXT NOT NULL,
            evidence_level TEXT NOT NULL,
            listed INTEGER NOT NULL,
            PRIMARY KEY (marketplace, evidence_level)
        ) WITHOUT ROWID;
        INSERT INTO entry_counts (marketplace, evidence_level, listed)
        SELECT ifnull(marketplace, 'domains'), ifnull(evidence_level, 'unspecified'), count(*)
        FROM entries WHERE status = 'counterfeit' GROUP BY 1, 2;
        CREATE TRIGGER entry_counts_insert AFTER INSERT ON entries
        WHEN new.status = 'counterfeit' BEGIN
            INSERT INTO entry_counts (marketplace, evidence_level, listed)
            VALUES (ifnull(new.marketplace, 'domains'),
                    ifnull(new.evidence_level, 'unspecified'), 1)
            ON CONFLICT DO UPDATE SET listed = listed + 1;
        END;
        CREATE TRIGGER entry_counts_delete AFTER DELETE ON entries
        WHEN old.status = 'counterfeit' BEGIN
            UPDATE entry_counts SET listed = listed - 1
            WHERE marketplace = ifnull(old.marketplace, 'domains')
                AND evidence_level = ifnull(old.evidence_level, 'unspecified');
        END;
        CREATE TRIGGER entry_counts_update AFTER UPDATE OF marketplace, evidence_level, status
        ON entries WHEN (old.status = 'counterfeit' OR new.status = 'counterfeit')
            AND (old.status IS NOT new.status OR old.marketplace IS NOT new.marketplace
                 OR old.evidence_level IS NOT new.evidence_level) BEGIN
            UPDATE entry_counts SET listed = listed - 1 WHERE old.status = 'counterfeit'
                AND marketplace = ifnull(old.marketplace, 'domains')
                AND evidence_level = ifnull(old.evidence_level, 'unspecified');
            INSERT INTO entry_counts (marketplace, evidence_level, listed)
            SELECT ifnull(new.marketplace, 'domains'),
                   ifnull(new.evidence_level, 'unspecified'), 1
            WHERE new.status = 'counterfeit'
            ON CONFLICT DO UPDATE SET listed = listed + 1;
        END;
        """,
    )
