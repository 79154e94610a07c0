"""Syncing the seed without undoing curation: the seed is one source of rows among others.

Per seed row three versions meet: the seed file's (new), the database's (row) and
the record of what the seed last wrote there (store/seedstate.py):

- no row, no record: a new seed row; insert it.
- no row, a record: curation deleted it; the record is its tombstone, leave it deleted.
- row equal to new: nothing to write.
- row equal to its record: still the seed's own; update it to new.
- row differing from its record: curated; leave it.

A row without a record (a database made before records existed, or a key that
curation made before the seed had it) counts as curated, or as deleted by curation,
if the audit log (or an entry tombstone, or a bulk import's version) shows that
curation touched its key; otherwise it is an older seed row and the seed updates it.
In doubt, the maintainer wins. Everything is read in bulk: one pass per table.
"""

from dataclasses import dataclass, field
from operator import itemgetter

from sqlite_utils import Database

from .store import entries, reference, seedstate
from .store.brands import fold_name

# Tables whose rows need their brand (named in a `brand` column) to exist.
_CHILDREN_OF_BRANDS = ("brand_domains", "price_floors")


@dataclass
class SeedTable:
    """One seeded table: its rows in natural form (brands by name) and their natural key."""

    name: str
    key: tuple[str, ...]
    rows: list[dict]
    later_wins: bool = False  # of two seed rows with one key, keep the later (else the first)

    def unique_rows(self) -> dict[tuple, dict]:
        """The rows by key, one per key, so that syncing twice cannot flip-flop."""
        unique: dict[tuple, dict] = {}
        key_of = itemgetter(*self.key)
        for row in self.rows:
            key = key_of(row) if len(self.key) > 1 else (key_of(row),)
            if self.later_wins or key not in unique:
                unique[key] = row
        return unique


@dataclass
class Outcome:
    """What a sync makes of one seed row."""

    table: str
    key: tuple
    state: str            # new, update, same, edited, deleted, orphan (its brand is gone)
    seed: dict
    row: dict | None
    record: bool          # whether to (re)record seed as what the seed wrote

    def differences(self) -> dict[str, tuple]:
        """Fields where the row differs from the seed: {field: (seed's value, row's value)}."""
        if self.row is None:
            return {}
        return {name: (value, self.row.get(name)) for name, value in self.seed.items()
                if self.row.get(name) != value}


@dataclass
class CurationTrail:
    """The keys curation touched, per seeded table, read from the audit log on first need."""

    db: Database
    _keys: dict[str, set] = field(default_factory=dict)
    _import_versions: set = field(default_factory=set)
    _loaded: bool = False

    def touched(self, table: str, key: tuple, row: dict | None) -> bool:
        """Whether curation touched this key (row: the database's row, None if absent)."""
        if not self._loaded:
            self._load()
        if table == "entries" and row is not None and row.get("version") in self._import_versions:
            return True
        if table == "price_floors":
            # Floors have no API of their own: gone only with their brand (deleted, renamed).
            return row is None and key[0] in self._keys["brands_removed"]
        return key in self._keys.get(table, set())

    def _load(self):
        keys = {"entries": set(), "rules": set(), "brands": set(), "brand_domains": set(),
                "brands_removed": set()}
        for record in seedstate.curation_audit(self.db):
            states = [state for state in (record["before"], record["after"])
                      if isinstance(state, dict)]
            kind = record["action"].split(".")[0]
            for state in states:
                if kind == "entry" and "key" in state:
                    keys["entries"].add((state.get("kind"), state.get("marketplace"),
                                         state["key"]))
                elif kind == "rule" and "name" in state:
                    keys["rules"].add((state.get("kind"), state["name"]))
                elif kind == "brand" and "name" in state:
                    keys["brands"].add((state["name"],))
                    keys["brand_domains"].update((domain,) for domain in state.get("domains", []))
            before, after = record["before"], record["after"]
            if kind == "brand" and isinstance(before, dict) and (
                    not isinstance(after, dict) or after.get("name") != before.get("name")):
                keys["brands_removed"].add(before.get("name"))
        keys["entries"] |= seedstate.deleted_entry_identities(self.db)
        self._keys = keys
        self._import_versions = seedstate.import_versions(self.db)
        self._loaded = True


def _current(db: Database, table: SeedTable, seed_rows: dict[tuple, dict]) -> dict[tuple, dict]:
    if table.name == "entries":
        return entries.find_identities(db, seed_rows)
    columns = list(next(iter(seed_rows.values())))
    return {tuple(row[column] for column in table.key): row
            for row in reference.seeded_rows(db, table.name, columns)}


def classify(db: Database, table: SeedTable, records: dict[tuple, dict],
             trail: CurationTrail) -> list[Outcome]:
    """What the sync does with each of table's seed rows; reads, never writes."""
    seed_rows = table.unique_rows()
    if not seed_rows:
        return []
    current = _current(db, table, seed_rows)
    # Compared at C speed: this runs for every seed row at every start.
    content = itemgetter(*next(iter(seed_rows.values())))
    brands = set(reference.brand_ids(db)) if table.name in _CHILDREN_OF_BRANDS else None
    # A brand curation spelled in another case is that brand: inserting the seed's
    # spelling beside it would make two brands of one (names are unique in any case).
    brands_by_case = ({fold_name(key[0]): row for key, row in current.items()}
                      if table.name == "brands" else {})
    outcomes = []
    for key, new in seed_rows.items():
        row, record = current.get(key), records.get(key)
        respelled = (brands_by_case.get(fold_name(key[0]))
                     if row is None and brands_by_case else None)
        if respelled is not None:
            row, state, remember = respelled, "edited", record is None
        elif row is None and record is not None:
            state, remember = "deleted", False
        elif row is None:
            if trail.touched(table.name, key, None):
                state, remember = "deleted", True
            else:
                state, remember = "new", True
        elif content(row) == content(new):
            state, remember = "same", record != new
        elif record is not None:
            if all(row.get(name) == value for name, value in record.items()):
                state, remember = "update", True
            else:
                state, remember = "edited", False
        elif trail.touched(table.name, key, row):
            state, remember = "edited", True
        else:
            state, remember = "update", True
        if state in ("new", "update") and brands is not None and new["brand"] not in brands:
            # Its brand is gone (curation deleted or renamed it): nothing to attach it to.
            state, remember = "orphan", False
        outcomes.append(Outcome(table.name, key, state, new, row, remember))
    return outcomes


def sync(db: Database, tables: list[SeedTable], version: int) -> int:
    """Apply the seed to the database in table order; returns how many rows changed.

    Rows written are stamped (entries) with version; call inside a transaction.
    """
    records = seedstate.recorded(db)
    trail = CurationTrail(db)
    changed = 0
    for table in tables:
        outcomes = classify(db, table, records.get(table.name, {}), trail)
        writes = [outcome.seed for outcome in outcomes if outcome.state in ("new", "update")]
        if table.name == "entries":
            changed += entries.upsert(db, writes, version)
        else:
            reference.write_seeded(db, table.name, writes, table.key)
            changed += len(writes)
        seedstate.save(db, table.name,
                       {outcome.key: outcome.seed for outcome in outcomes if outcome.record})
    return changed


def overridden(db: Database, tables: list[SeedTable]) -> list[Outcome]:
    """The seed rows curation has edited or deleted, in table order; reads, never writes."""
    records = seedstate.recorded(db)
    trail = CurationTrail(db)
    return [
        outcome
        for table in tables
        for outcome in classify(db, table, records.get(table.name, {}), trail)
        if outcome.state in ("edited", "deleted")
    ]
