"""GET /transparency: public aggregates of reports, the list, disputes and takedowns
(backend/transparency.py computes them; docs/transparency.md defines each number)."""

from typing import Annotated

from pydantic import Field

from .fields import Answer

Count = Annotated[int, Field(ge=0)]


class Week(Answer):
    week: str = Field(pattern=r"^[0-9]{4}-W[0-9]{2}$", description="ISO week, e.g. 2026-W48.")
    reports_received: Count = Field(description="Reports sent during the week.")
    reports_decided: Count = Field(description="Reports approved or rejected during the week.")
    approved: Count
    rejected: Count
    median_hours_to_decision: float | None = Field(
        description="Median hours from report to decision of the week's decided reports; "
                    "null when none was decided.")


class EntryCounts(Answer):
    by_marketplace: dict[str, Count] = Field(
        description="Entries listed as counterfeit per marketplace; shop domains (no "
                    "marketplace) count under `domains`.")
    by_evidence_level: dict[str, Count] = Field(
        description="The same entries per evidence level (`unspecified` when none).")


class DisputeCounts(Answer):
    open: Count
    upheld: Count
    dismissed: Count


class TakedownCounts(Answer):
    reported: Count = Field(description="Takedown requests recorded (one per request to a "
                                        "platform).")
    removed: Count
    refused: Count
    no_answer: Count = Field(description="Requests the platform never answered.")
    median_days_to_removal: float | None = Field(
        description="Median days from the request to the platform's removal.")
    still_for_sale_after_30_days: Annotated[float, Field(ge=0, le=1)] | None = Field(
        description="A share (0 to 1): of the requests made 30 or more days ago, those the "
                    "platform had not removed within 30 days; null while none is that old.")
    reported_30_days_ago_or_more: Count = Field(
        description="The requests that share is taken of.")


class Transparency(Answer):
    weeks: list[Week] = Field(description="The last 26 ISO weeks, oldest first, this week "
                                          "(still running) last.")
    entries: EntryCounts
    disputes: DisputeCounts
    takedowns: TakedownCounts
    generated_at: str = Field(description="When these numbers were counted (UTC); they are "
                                          "recounted at most once per hour.")
