"""The verdict rule from the contract and the 0–100 score (docs/scoring.md)."""

from .reasons import Reason

# How much one reason of each severity raises the score; combined as independent
# evidence (1 - product of the misses), so more reasons raise it, never past 100.
WEIGHT = {"high": 0.9, "medium": 0.45, "low": 0.1, "info": 0.0}
AUTHORIZED_CODES = ("authorized_seller", "official_site")


def verdict_of(reasons: list[Reason]) -> str:
    """Any high → counterfeit; else any medium → suspicious; else authorized/unknown."""
    severities = {reason.severity for reason in reasons}
    if "high" in severities:
        return "counterfeit"
    if "medium" in severities:
        return "suspicious"
    if any(reason.code in AUTHORIZED_CODES for reason in reasons):
        return "authorized"
    return "unknown"


def score_of(reasons: list[Reason]) -> int:
    """0 (no sign of counterfeit) to 100 (certain); see docs/scoring.md."""
    miss = 1.0
    for reason in reasons:
        miss *= 1.0 - WEIGHT[reason.severity]
    return round(100 * (1.0 - miss))
