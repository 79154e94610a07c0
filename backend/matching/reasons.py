"""The reasons a check gives, in the contract's stable vocabulary."""

from dataclasses import asdict, dataclass

SEVERITY_OF = {
    "listed_seller": "high",
    "listed_listing": "high",
    "listed_domain": "high",
    "prohibited_item": "high",
    "reported": "medium",
    "counterfeit_phrase": "medium",
    "price_below_floor": "medium",
    "lookalike_domain": "medium",
    "relisted_listing": "medium",
    "seller_alias": "medium",
    "notorious_market": "low",
    "official_site": "info",
    "authorized_seller": "info",
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

    @property
    def severity(self) -> str:
        return SEVERITY_OF[self.code]

    def to_json(self) -> dict:
        body = asdict(self)
        return {"code": self.code, "severity": self.severity,
                "message": body["message"], "evidence_url": body["evidence_url"]}


def evidence_clause(entry: dict) -> str:
    """' Evidence: a test purchase.' for an entry with an evidence level, else ''."""
    level = EVIDENCE_LEVEL_TEXT.get(entry.get("evidence_level") or "")
    return f" Evidence: {level}." if level else ""
