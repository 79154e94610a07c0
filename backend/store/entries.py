"""Curated entries: sellers, listings and shop domains, each counterfeit or authorized."""

from collections import Counter

from sqlite_utils import Database

from ..text import normalize_name
from . import check_rows

ENTRY_FIELDS = (
    "kind", "marketplace", "key", "status", "name", "title", "brand",
    "evidence_url", "evidence_level", "note", "source",
)
_PUBLIC_COLUMNS = "id, " + ", ".join(ENTRY_FIELDS) + ", version, created_at, updated_at"
_KEYS_PER_QUERY = 500  # well under SQLite's limit on variables per statement


# One statement text per power of two of keys (1, 2, 4, ... 512), the last key repeated
# to fill it: each connection then keeps a handful of prepared statements for every
# count of keys, and a bulk lookup's many counts never push a check's out of the cache.
_BY_KEYS_SQL = {
    1 << power: f"SELECT {_PUBLIC_COLUMNS} FROM entries WHERE kind = ? AND marketplace IS ? "
                f"AND key IN ({', '.join('?' * (1 << power))})"
    for power in range((_KEYS_PER_QUERY - 1).bit_length() + 1)
}
_SELLERS_BY_NAME_SQL = (
    f"SELECT {_PUBLIC_COLUMNS} FROM entries "
    "WHERE kind = 'seller' AND marketplace = ? AND name_norm = ? LIMIT ?"
)


def find_by_keys(db: Database, kind: str, marketplace: str | None, keys: list[str]) -> list[dict]:
    """Entries of one kind on one marketplace (None for domains) whose key is in keys."""
    if not keys:
        return []
    if len(keys) > _KEYS_PER_QUERY:
        keys = list(dict.fromkeys(keys))  # a key repeated in two batches would be found twice
        return [row for start in range(0, len(keys), _KEYS_PER_QUERY)
                for row in find_by_keys(db, kind, marketplace, keys[start:start + _KEYS_PER_QUERY])]
    size = 1 << (len(keys) - 1).bit_length()
    return check_rows(
        db, _BY_KEYS_SQL[size], [kind, marketplace, *keys, *[keys[-1]] * (size - len(keys))])


def find_sellers_by_name(db: Database, marketplace: str, name: str, limit: int = 5) -> list[dict]:
    """Sellers on a marketplace whose normalised display name equals name's."""
    normalized = normalize_name(name)
    if not normalized:
        return []
    return check_rows(db, _SELLERS_BY_NAME_SQL, [marketplace, normalized, limit])


def find_identities(db: Database, identities) -> dict[tuple, dict]:
    """Entries by identity (kind, marketplace, key), read a few hundred keys per query."""
    by_group: dict[tuple, list[str]] = {}
    for kind, marketplace, key in identities:
        by_group.setdefault((kind, marketplace), []).append(key)
    found = {}
    for (kind, marketplace), keys in by_group.items():
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            for row in find_by_keys(db, kind, marketplace, keys[start:start + _KEYS_PER_QUERY]):
                found[(row["kind"], row["marketplace"], row["key"])] = row
    return found


def upsert(db: Database, entries: list[dict], version: int) -> int:
    """Insert entries or update the ones that differ; returns how many changed.

    Unchanged rows are left alone so that loading the same list twice changes
    nothing, not even the version stamp. A later entry wins over an earlier one
    with the same identity.
    """
    rows = {}
    for entry in entries:
        row = {field: entry.get(field) for field in ENTRY_FIELDS}
        rows[(row["kind"], row["marketplace"], row["key"])] = row
    existing = find_identities(db, rows)
    changed = [
        row for identity, row in rows.items()
        if identity not in existing
        or any(existing[identity][field] != row[field] for field in ENTRY_FIELDS)
    ]
    db.conn.executemany(
        "INSERT INTO entries (" + ", ".join(ENTRY_FIELDS) + ", name_norm, version, "
        "created_at, updated_at) VALUES (" + ", ".join("?" for _ in ENTRY_FIELDS)
        + ", ?, ?, datetime('now'), datetime('now')) "
        "ON CONFLICT (kind, ifnull(marketplace, ''), key) DO UPDATE SET "
        + ", ".join(f"{field} = excluded.{field}" for field in ENTRY_FIELDS[3:])
        + ", name_norm = excluded.name_norm, version = excluded.version, "
        "updated_at = excluded.updated_at",
        [[*(row[field] for field in ENTRY_FIELDS), normalize_name(row["name"]), version]
         for row in changed],
    )
    return len(changed)


# Curation: one entry at a time, by id (maintainers' API), and the changes feed.

def get(db: Database, entry_id: int) -> dict | None:
    """One entry by id, or None."""
    rows = list(db.query(f"SELECT {_PUBLIC_COLUMNS} FROM entries WHERE id = ?", [entry_id]))
    return rows[0] if rows else None


def max_id(db: Database) -> int:
    """The highest entry id (0 for none): one step down the primary key."""
    return db.execute("SELECT ifnull(max(id), 0) FROM entries").fetchone()[0]


def find(db: Database, kind: str, marketplace: str | None, key: str) -> dict | None:
    """The entry with this identity (kind, marketplace, key), or None."""
    rows = find_by_keys(db, kind, marketplace, [key])
    return rows[0] if rows else None


def insert(db: Database, entry: dict, version: int) -> int:
    """Add a new entry at version; raises sqlite3.IntegrityError if its identity exists."""
    row = {field: entry.get(field) for field in ENTRY_FIELDS}
    return db.execute(
        "INSERT INTO entries (" + ", ".join(ENTRY_FIELDS) + ", name_norm, version, "
        "created_at, updated_at) VALUES (" + ", ".join("?" for _ in ENTRY_FIELDS)
        + ", ?, ?, datetime('now'), datetime('now'))",
        [*(row[field] for field in ENTRY_FIELDS), normalize_name(row["name"]), version],
    ).lastrowid


def update(db: Database, entry_id: int, entry: dict, version: int):
    """Replace entry_id's fields and stamp it with version; IntegrityError on a clash."""
    row = {field: entry.get(field) for field in ENTRY_FIELDS}
    db.execute(
        "UPDATE entries SET " + ", ".join(f"{field} = ?" for field in ENTRY_FIELDS)
        + ", name_norm = ?, version = ?, updated_at = datetime('now') WHERE id = ?",
        [*(row[field] for field in ENTRY_FIELDS), normalize_name(row["name"]), version,
         entry_id],
    )


def delete(db: Database, entry_id: int, version: int) -> bool:
    """Delete an entry and leave a tombstone at version for GET /changes; False if absent.

    Bulk code that removes entries should come through here too, so that
    replicas syncing by difference learn about the removal.
    """
    moved = db.execute(
        "INSERT INTO deleted_entries (entry_id, kind, marketplace, key, version, deleted_at) "
        "SELECT id, kind, marketplace, key, ?, datetime('now') FROM entries WHERE id = ?",
        [version, entry_id],
    ).rowcount
    if moved:
        db.execute("DELETE FROM entries WHERE id = ?", [entry_id])
    return bool(moved)


def search(db: Database, *, kind=None, marketplace=None, status=None, text=None,
           after_id: int = 0, offset: int = 0, limit: int = 50) -> list[dict]:
    """Entries matching the filters, in id order; text matches key, name, title or brand."""
    where, params = ["id > ?"], [after_id]
    for column, value in (("kind", kind), ("marketplace", marketplace), ("status", status)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if text:
        # A maintainer's search box: a scan is fine at curation's scale.
        where.append("(instr(lower(key), ?) OR instr(lower(ifnull(name, '')), ?) "
                     "OR instr(lower(ifnull(title, '')), ?) OR instr(lower(ifnull(brand, '')), ?))")
        params.extend([text.lower()] * 4)
    return list(db.query(
        f"SELECT {_PUBLIC_COLUMNS} FROM entries WHERE {' AND '.join(where)} "
        "ORDER BY id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ))


def changed_since(db: Database, version: int) -> list[dict]:
    """Entries added or changed after version (index entries_version), oldest change first."""
    return list(db.query(
        f"SELECT {_PUBLIC_COLUMNS} FROM entries WHERE version > ? ORDER BY version, id",
        [version],
    ))


def deleted_since(db: Database, version: int) -> list[dict]:
    """Tombstones of entries deleted after version, oldest first."""
    return list(db.query(
        "SELECT entry_id AS id, kind, marketplace, key, version, deleted_at "
        "FROM deleted_entries WHERE version > ? ORDER BY version, id",
        [version],
    ))


# Bounded work per check however big the list: each band is read up to PER_BAND rows
# (a band shared by thousands of listings of one common title cannot slow a check), and
# only the CANDIDATES best listings are read back. A listing scores 1/n for each band it
# shares with the title, n being how many rows that band gave: a band of common words
# that brings 32 listings says little about each, a band only one listing has says much.
PER_BAND = 32
CANDIDATES = 16
_PROBES_SQL: dict[int, str] = {}
# The candidates' rows, by a constant statement: the ids padded to CANDIDATES with the last.
_CANDIDATES_SQL = (
    f"SELECT {_PUBLIC_COLUMNS} FROM entries WHERE id IN ({', '.join('?' * CANDIDATES)})"
)


def _probes_sql(bands: int) -> str:
    """One bounded index seek per band, in one statement: (band, entry_id) rows."""
    if bands not in _PROBES_SQL:
        _PROBES_SQL[bands] = " UNION ALL ".join(
            f"SELECT {band}, entry_id FROM (SELECT entry_id FROM listing_bands "
            "WHERE band_key = ? LIMIT ?)" for band in range(bands))
    return _PROBES_SQL[bands]


def find_listings_by_bands(db: Database, marketplace: str, band_keys: list[int],
                           exclude_keys: list[str]) -> list[dict]:
    """Counterfeit listings on a marketplace whose titles share MinHash bands with a title
    (listing_bands, see matching/signatures.py), those sharing the rarest bands first.

    A probe per band, each one index seek of at most PER_BAND rows; a listing scores the
    sum of 1 / (rows its bands returned), and the CANDIDATES best are read whole. The
    caller decides which are near-identical.
    """
    if not band_keys:
        return []
    parameters = [value for key in band_keys for value in (key, PER_BAND)]
    probed = db.conn.execute(_probes_sql(len(band_keys)), parameters).fetchall()
    band_rows = Counter(band for band, _entry in probed)
    score: dict[int, float] = {}
    for band, entry_id in probed:
        score[entry_id] = score.get(entry_id, 0.0) + 1.0 / band_rows[band]
    best = sorted(score, key=lambda entry_id: (-score[entry_id], entry_id))[:CANDIDATES]
    if not best:
        return []
    padded = best + [best[-1]] * (CANDIDATES - len(best))
    # By id alone (the primary key); the filters on the few rows read are Python's, as a
    # planner given them could pick a lookup index and walk the whole marketplace.
    found = {row["id"]: row for row in check_rows(db, _CANDIDATES_SQL, padded)}
    return [row for row in (found.get(entry_id) for entry_id in best)
            if row is not None and row["kind"] == "listing" and row["status"] == "counterfeit"
            and row["marketplace"] == marketplace and row["key"] not in exclude_keys]
