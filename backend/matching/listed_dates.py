"""The dates a listed entry's reason carries, and the sentence they make.

"listed_since" (the entry's creation day), "reported_to_platform_at" (the first
takedown's day) and "last_seen_at" (the latest sighting: today for the check that
sees it), and e.g. "Reported to AliExpress 41 days ago; still for sale (seen today)."
Days are counted from today in UTC (sightings.today).
"""

import datetime

from .. import marketplaces
from ..store import sightings, takedowns

FIELDS = ("listed_since", "reported_to_platform_at", "last_seen_at")


def dates_of(db, entry: dict, *, seen_today: datetime.date | None = None) -> dict:
    """The entry's dates (FIELDS, ISO days or None) and its latest takedown's answer
    (outcome, answered_at). seen_today: the day of the check that sees it now, if any."""
    reports = takedowns.of_entry(db, entry["id"])
    latest = reports[-1] if reports else {}
    last_seen = (seen_today.isoformat() if seen_today is not None
                 else sightings.last_seen(db, entry["id"]))
    return {
        "listed_since": (entry.get("created_at") or "")[:10] or None,
        "reported_to_platform_at": reports[0]["reported_at"] if reports else None,
        "last_seen_at": last_seen,
        "outcome": latest.get("outcome"),
        "answered_at": latest.get("answered_at"),
    }


def days_ago(day: str, today: datetime.date) -> str:
    """'today', 'yesterday' or 'N days ago' (a day after today reads as today)."""
    days = (today - datetime.date.fromisoformat(day)).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def sentence(entry: dict, dates: dict, today: datetime.date) -> str:
    """' Reported to AliExpress 41 days ago; still for sale (seen today).' or ''."""
    reported = dates["reported_to_platform_at"]
    if reported is None:
        return ""
    market = marketplaces.get(entry.get("marketplace"))
    platform = market.display_name if market else None
    told = f"Reported to {platform}" if platform else "Reported to the shop's host"
    parts = [f"{told} {days_ago(reported, today)}"]
    seen, outcome, answered = dates["last_seen_at"], dates["outcome"], dates["answered_at"]
    if outcome == "removed":
        parts.append(f"removed {days_ago(answered, today)}" if answered else "removed")
        if seen and answered and seen > answered:
            parts.append(f"for sale again (seen {days_ago(seen, today)})")
        return " " + "; ".join(parts) + "."
    if outcome == "refused":
        parts.append(f"{platform or 'the host'} refused to remove it")
    elif outcome == "no_answer":
        parts.append("no answer")
    if seen and seen >= reported:
        parts.append(f"still for sale (seen {days_ago(seen, today)})")
    return " " + "; ".join(parts) + "."
