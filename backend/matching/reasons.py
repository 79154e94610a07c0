"""The reasons a check gives, in the contract's stable vocabulary."""

from dataclasses import dataclass, field

SEVERITY_OF = {
    "listed_seller": "high",
    "listed_listing": "high",
    "listed_domain": "high",
    "prohibited_item": "high",
    # Unreviewed reports are information until a reporter has a track record (REFINED_SEVERITIES).
    "reported": "low",
    "counterfeit_phrase": "medium",
    "price_below_floor": "medium",
    "lookalike_domain": "medium",
    "relisted_listing": "medium",
    "seller_alias": "medium",
    "notorious_market": "low",
    "official_site": "info",
    "authorized_seller": "info",
}

# Codes whose severity the contract refines case by case, and the severities each may take.
# The code never changes, so clients keyed on the vocabulary keep working.
REFINED_SEVERITIES = {
    # low: "N people reported this; not yet reviewed"; medium: one of the reporters has had
    # an earlier report approved by a maintainer.
    "reported": ("low", "medium"),
}

# Reasons are listed most severe first.
SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "info": 3}

EVIDENCE_LEVEL_TEXT = {
    "test_purchase": "a test purchase",
    "rights_holder": "the rights holder's declaration",
    "seller_admission": "the seller's own admission",
    "volunteer_reports": "volunteers' reports reviewed by a maintainer",
    "published_list": "a published list of scam shops",
    "pattern": "a pattern seen across listings",
}


@dataclass(frozen=True)
class Reason:
    """One finding: a code from the vocabulary, a sentence for the shopper, evidence."""

    code: str
    message: str
    evidence_url: str | None = None
    # A severity other than the code's own, only where REFINED_SEVERITIES allows it.
    refined_severity: str | None = None
    # True while a seller's dispute about the entry behind it is open (matching/disputes.py).
    disputed: bool = False
    # Fields a code adds to the contract's object (a listed entry's dates: listed_dates.py).
    extra: dict | None = field(default=None, compare=False)

    def __post_init__(self):
        allowed = REFINED_SEVERITIES.get(self.code, ())
        if self.refined_severity is not None and self.refined_severity not in allowed:
            raise ValueError(f"{self.code} cannot have severity {self.refined_severity!r}.")

    @property
    def severity(self) -> str:
        return self.refined_severity or SEVERITY_OF[self.code]

    def to_json(self) -> dict:
        """The contract's reason object."""
        reason = {"code": self.code, "severity": self.severity,
                  "message": self.message, "evidence_url": self.evidence_url}
        if self.disputed:
            reason["disputed"] = True
        if self.extra:
            reason.update(self.extra)
        return reason


def evidence_clause(entry: dict) -> str:
    """' Evidence: a test purchase.' for an entry with an evidence level, else ''."""
    level = EVIDENCE_LEVEL_TEXT.get(entry.get("evidence_level") or "")
    return f" Evidence: {level}." if level else ""
