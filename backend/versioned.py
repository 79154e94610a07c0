"""What is built from the list once per list version and process: the catalog, the
prefix set, the rule file.

A request costs one indexed read of the version to learn whether another worker (or a
maintainer) changed the list. The previous version's build is kept too: while a swapped
list copy reaches every thread (db.ThreadConnections), threads on the old and the new
file ask for both, and neither should make the other rebuild.
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlite_utils import Database

from .store import listmeta

T = TypeVar("T")


class PerListVersion(Generic[T]):
    """Builds `build(db, *args)` once per list version; `version_of(built)` files it."""

    KEPT = 2

    def __init__(self, build: Callable[..., T], version_of: Callable[[T], int]):
        self._build = build
        self._version_of = version_of
        self._by_version: dict[int, T] = {}
        self._lock = threading.Lock()

    def get(self, db: Database, *args) -> T:
        """The build for the list version db reads now (inside read_snapshot for a consistent read)."""
        version = listmeta.current_version(db)
        found = self._by_version.get(version)
        if found is not None:
            return found
        with self._lock:
            found = self._by_version.get(version)
            if found is None:
                found = self._build(db, *args)
                # Filed under the version it was built from, which may be newer than the
                # one read above if the list moved meanwhile.
                self._by_version[self._version_of(found)] = found
                while len(self._by_version) > self.KEPT:
                    del self._by_version[next(iter(self._by_version))]
            return found
