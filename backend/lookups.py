"""Private lookups: every entry's key, its SHA-256 and 4-byte prefix, and the prefix set.

A client keeps the sorted set of 4-byte prefixes of every listed key and asks for the
full hashes behind a prefix only when one of its own keys hits it (as Safe Browsing
does), so the server learns nothing about pages that are not listed. Keys are
"domain:<registered domain>", "seller:<marketplace>:<id>" and
"listing:<marketplace>:<id>", hashed as UTF-8 (contract: "Private lookups").

The prefix of each entry is indexed (entries_key_prefix, an index on the expression
key_prefix(kind, marketplace, key), schema m008), so SQLite keeps it in step with every
insert, update and delete, and a bulk rebuild simply recreates it. The sorted set is
built once per list version and process (PrefixSetCache); a diff since a version comes
from the entries stamped after it and the keys removed after it (docs/privacy.md).
"""

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from sqlite_utils import Database

from .store import listmeta
from .store import lookups as store
from .versioned import PerListVersion

PREFIX_BYTES = 4
_PREFIX_DTYPE = np.dtype(">u4")  # big-endian: integer order is byte order


def lookup_key(kind: str, marketplace: str | None, key: str) -> str:
    """The key a client hashes: "domain:<domain>" or "<kind>:<marketplace>:<id>"."""
    return f"domain:{key}" if kind == "domain" else f"{kind}:{marketplace}:{key}"


def key_hash(kind: str, marketplace: str | None, key: str) -> bytes:
    """SHA-256 of the entry's lookup key."""
    return hashlib.sha256(lookup_key(kind, marketplace, key).encode()).digest()


def key_prefix(kind: str, marketplace: str | None, key: str) -> int:
    """The first PREFIX_BYTES of key_hash as an unsigned big-endian integer."""
    text = f"domain:{key}" if kind == "domain" else f"{kind}:{marketplace}:{key}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:PREFIX_BYTES], "big")


def register(connection) -> None:
    """Make key_prefix(kind, marketplace, key) available to SQL (the m008 index)."""
    connection.create_function("key_prefix", 3, key_prefix, deterministic=True)


def encode(prefixes: np.ndarray) -> str:
    """Sorted prefixes (uint32) as base64 of their 4-byte big-endian bytes."""
    return base64.b64encode(prefixes.astype(_PREFIX_DTYPE).tobytes()).decode("ascii")


@dataclass(frozen=True)
class PrefixSet:
    """The sorted unique prefixes of the list at one version, and their checksum."""

    version: int
    prefixes: np.ndarray  # uint32, sorted, unique
    sha256: str  # hex SHA-256 of the prefixes' bytes

    @classmethod
    def of(cls, version: int, prefixes: np.ndarray) -> "PrefixSet":
        prefixes = np.unique(prefixes.astype(np.uint32))
        digest = hashlib.sha256(prefixes.astype(_PREFIX_DTYPE).tobytes()).hexdigest()
        return cls(version, prefixes, digest)

    @property
    def etag(self) -> str:
        return f"prefixes-{self.version}-{self.sha256[:16]}"

    def contains(self, candidates: np.ndarray) -> np.ndarray:
        """For each candidate prefix, whether the set holds it."""
        at = np.searchsorted(self.prefixes, candidates)
        inside = at < len(self.prefixes)
        found = np.zeros(len(candidates), dtype=bool)
        found[inside] = self.prefixes[at[inside]] == candidates[inside]
        return found

    @cached_property
    def full_json(self) -> bytes:
        """full_body() serialised, once per version (megabytes for a big list)."""
        return json.dumps(self.full_body()).encode()

    def full_body(self) -> dict:
        return {"version": self.version, "prefix_bytes": PREFIX_BYTES,
                "count": int(len(self.prefixes)), "prefixes": encode(self.prefixes),
                "sha256": self.sha256}


class PrefixSetCache(PerListVersion[PrefixSet]):
    """Holds the prefix set and rebuilds it when the list version moves on (backend/versioned.py)."""

    def __init__(self):
        super().__init__(
            lambda db: PrefixSet.of(listmeta.current_version(db), store.all_prefixes(db)),
            lambda prefix_set: prefix_set.version)


def diff_body(db: Database, current: PrefixSet, since: int) -> dict:
    """The response to ?since=V: the prefixes added and removed since V, or the full set
    when a diff is not possible or not smaller (V newer than the list, or at least as
    many changes since V as prefixes in the set).

    Apply the diff as sets: (old - removed) | added, then compare sha256. Every added
    prefix is in the set now and every removed one is not; rarely, `added` names a
    prefix the client already has (another key with that prefix was removed since V)
    or `removed` one it never had (a key added and removed again since V).
    """
    if since > current.version:
        return current.full_body()
    changes = store.count_changes_since(db, since, limit=len(current.prefixes))
    if changes >= len(current.prefixes):
        return current.full_body()
    changed = store.changed_prefixes_since(db, since) + [
        key_prefix(*identity) for identity in store.removed_keys_since(db, since)]
    candidates = np.unique(np.array(changed, dtype=np.uint32))
    present = current.contains(candidates)
    maybe_added = candidates[present]
    # A prefix that an entry unchanged since V has was in the set at V already.
    known = store.prefixes_unchanged_since(db, maybe_added.tolist(), since)
    added = maybe_added[~np.isin(maybe_added, np.array(sorted(known), dtype=np.uint32))]
    return {"version": current.version, "since": since, "prefix_bytes": PREFIX_BYTES,
            "count": int(len(current.prefixes)), "added": encode(added),
            "removed": encode(candidates[~present]), "sha256": current.sha256}


def parse_prefix(text: str) -> int | None:
    """A prefix written as 8 hex characters, as an integer; None if it is not one."""
    if len(text) != 2 * PREFIX_BYTES or not all(c in "0123456789abcdefABCDEF" for c in text):
        return None
    return int(text, 16)
