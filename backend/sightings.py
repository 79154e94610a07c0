"""Sightings: a check that matches a listed counterfeit seller or listing notes the day.

At most one write per entry per day, and nothing about the shopper: the entry id and
the UTC date, no address, URL, title or time of day. Each process remembers which
entries it has noted today, so a thousand checks of one seller cost one look-up and
one write; a process that did not note it asks the reports file before writing, so
several processes still write it once. The write never waits: if the reports file is
busy at that moment it is skipped, and a later check notes the day (docs/decisions.md).
"""

import datetime
import threading

from .store import sightings as store

# Entries noted today per process, at most: past it the memory starts over (the
# reports file still holds one row per entry and day, looked up before writing).
MAX_REMEMBERED = 100_000


def today() -> datetime.date:
    """The UTC date: sightings, takedown dates and the reasons' day counts use it."""
    return datetime.datetime.now(datetime.timezone.utc).date()


class Sightings:
    """One process's memory of the entries it noted today."""

    def __init__(self):
        self._lock = threading.Lock()
        self._day: str | None = None
        self._noted: set[int] = set()

    def note(self, reader, get_writer, entry_ids: list[int]) -> int:
        """Note today's sighting of entry_ids; returns how many rows were written.

        reader: the check's read-only connection; get_writer: returns a read-write one
        (asked only when something is to be written).
        """
        day = today().isoformat()
        with self._lock:
            if day != self._day or len(self._noted) >= MAX_REMEMBERED:
                self._day, self._noted = day, set()
            new = [entry_id for entry_id in dict.fromkeys(entry_ids)
                   if entry_id not in self._noted]
        if not new:
            return 0
        # Another process (or this one, before its memory started over) may have
        # written it already: one indexed read instead of a write.
        unwritten = [entry_id for entry_id in new if not store.seen_on(reader, entry_id, day)]
        if unwritten and not store.try_record(get_writer(), unwritten, day):
            with self._lock:  # busy: remember those already stored, retry the rest later
                self._noted.update(entry_id for entry_id in new if entry_id not in unwritten)
            return 0
        with self._lock:
            if day == self._day:
                self._noted.update(new)
        return len(unwritten)
