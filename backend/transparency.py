"""What the transparency page publishes (docs/transparency.md): weeks of reports and
decisions, the list by marketplace and evidence level, disputes and takedowns.

Aggregates only: no reporter, network or per-reporter count ever enters them. No part
reads the whole list: the entries' counts are kept as the list changes (entry_counts,
schema m010), the weeks read 26 weeks of reports by index. The answer is still kept for
TRANSPARENCY_CACHE_SECONDS per process (a stale answer is served while one request
computes the next): the page is public, and the disputes and takedowns are read whole.
"""

import datetime
import functools
import statistics
import threading
import time
from collections import Counter

from .store import read_snapshot
from .store import transparency as queries

WEEKS = 26  # the weeks shown: this ISO week and the 25 before it (half a year)
STILL_FOR_SALE_DAYS = 30


def iso_week(day: datetime.date) -> str:
    """The ISO week of day, as 'YYYY-Www' (2027-01-01 is in 2026-W53)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_ending(today: datetime.date, count: int = WEEKS) -> list[tuple[str, datetime.date]]:
    """(ISO week, its Monday) of the count weeks up to today's, oldest first."""
    monday = today - datetime.timedelta(days=today.weekday())
    mondays = [monday - datetime.timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    return [(iso_week(day), day) for day in mondays]


def median(values) -> float | None:
    """The median of values rounded to one decimal, or None when there are none."""
    values = list(values)
    return round(statistics.median(values), 1) if values else None


@functools.lru_cache(maxsize=512)
def _week_of(day: str) -> str:
    # Asked once per report in the 26 weeks, about at most 183 days: parsed once each.
    return iso_week(datetime.date.fromisoformat(day))


def weeks(db, today: datetime.date) -> list[dict]:
    """Reports received and decided per ISO week; the decisions' counts and median hours."""
    shown = weeks_ending(today)
    since = shown[0][1].isoformat()
    received = Counter()
    for day, count in queries.reports_received_by_day(db, since):
        received[_week_of(day)] += count
    decided: dict[str, list] = {}
    for day, status, hours in queries.decisions_since(db, since):
        decided.setdefault(_week_of(day), []).append((status, hours))
    rows = []
    for week, _monday in shown:
        decisions = decided.get(week, [])
        rows.append({
            "week": week,
            "reports_received": received[week],
            "reports_decided": len(decisions),
            "approved": sum(status == "approved" for status, _ in decisions),
            "rejected": sum(status == "rejected" for status, _ in decisions),
            "median_hours_to_decision": median(hours for _, hours in decisions),
        })
    return rows


def entries(db) -> dict:
    """Counterfeit entries by marketplace and by evidence level, largest first."""
    by_marketplace, by_level = Counter(), Counter()
    for marketplace, level, count in queries.listed_entries(db):
        by_marketplace[marketplace] += count
        by_level[level] += count
    return {"by_marketplace": dict(by_marketplace.most_common()),
            "by_evidence_level": dict(by_level.most_common())}


def disputes(db) -> dict:
    """How many disputes are open, upheld and dismissed."""
    counts = queries.disputes_by_status(db)
    return {status: counts.get(status, 0) for status in ("open", "upheld", "dismissed")}


def takedowns(db, today: datetime.date) -> dict:
    """What platforms did with the takedowns reported to them.

    still_for_sale_after_30_days is a share (0 to 1, or None before any takedown is 30
    days old): of the takedowns reported 30 or more days ago, those the platform had not
    removed within 30 days of the report.
    """
    old_enough_on = (today - datetime.timedelta(days=STILL_FOR_SALE_DAYS)).isoformat()
    counts = queries.takedown_counts(db, old_enough_on, STILL_FOR_SALE_DAYS)
    old_enough = counts["old_enough"]
    return {
        "reported": counts["reported"],
        "removed": counts["removed"],
        "refused": counts["refused"],
        "no_answer": counts["no_answer"],
        "median_days_to_removal": median(queries.removal_days(db)),
        "still_for_sale_after_30_days": (round(counts["still_for_sale"] / old_enough, 3)
                                         if old_enough else None),
        "reported_30_days_ago_or_more": old_enough,
    }


def compute(db, now: datetime.datetime) -> dict:
    """The whole answer of GET /transparency, read in one snapshot of both files."""
    today = now.date()
    with read_snapshot(db):
        answer = {
            "weeks": weeks(db, today),
            "entries": entries(db),
            "disputes": disputes(db),
            "takedowns": takedowns(db, today),
        }
    answer["generated_at"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return answer


class TransparencyCache:
    """compute()'s answer, kept for a number of seconds; one request at a time recomputes
    it while the others are served the answer before (stale by at most that long)."""

    def __init__(self):
        self._answer: dict | None = None
        self._computed_at = float("-inf")  # time.monotonic() of the answer
        self._lock = threading.Lock()

    def get(self, db, max_age: float) -> tuple[dict, float]:
        """(the answer, its age in seconds); computed now if older than max_age."""
        if time.monotonic() - self._computed_at < max_age:
            return self._answer, time.monotonic() - self._computed_at
        # Whoever holds the lock is computing: wait only if there is nothing to serve.
        if not self._lock.acquire(blocking=self._answer is None):
            return self._answer, time.monotonic() - self._computed_at
        try:
            if time.monotonic() - self._computed_at >= max_age:
                answer = compute(db, datetime.datetime.now(datetime.timezone.utc))
                self._answer, self._computed_at = answer, time.monotonic()
            return self._answer, time.monotonic() - self._computed_at
        finally:
            self._lock.release()
