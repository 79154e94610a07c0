"""The maintainers' console forms (backend/console/): what each form posts, validated here.

Forms arrive as text, so they are read like query strings (fields.Query: text that reads
as the declared types, unknown fields such as csrf_token ignored); a blank field is an
absent one (console/forms.py drops them before parsing). The CSRF token itself
is Flask-WTF's (backend/console/security.py).
"""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from . import fields
from .entries import EVIDENCE_LEVELS, Kind, Marketplace, Status
from .feeds import Id
from .fields import EvidenceUrl, Query, text
from .reports import DECISIONS
from . import disputes, reference, takedowns

# A token is 43 URL-safe characters (secrets.token_urlsafe(32)); room for other lengths.
_TOKEN = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
CONSOLE_PAGE = 50


class SignInForm(Query):
    """Sign in: a maintainer token, made with `flask --app backend create-token NAME`."""

    token: _TOKEN


class DecisionForm(Query):
    """Approve or reject a report (and every pending report on its target), as
    POST /reports/<id>/decision: the internal note, and what the list publishes."""

    decision: Literal[DECISIONS]
    note: text(fields.NOTE, "Internal: kept in the audit log, never published.") = None
    public_note: text(fields.NOTE) = None
    public_evidence_url: EvidenceUrl = None
    brand: text(fields.BRAND) = None
    name: text(fields.NAME) = None
    title: text(fields.TITLE) = None


class EntrySearch(Query):
    """The entries page: one search field at a time is index-backed (see
    store/entry_search.py), filters narrow it, `after` is the keyset cursor."""

    key: text(fields.KEY, "A seller id, listing id or domain, exactly.") = None
    name: text(fields.NAME, "A seller's display name (normalised, exact).") = None
    title: text(fields.TITLE, "A listing's title (similar titles, by MinHash bands).") = None
    kind: Kind | None = None
    marketplace: Marketplace | None = None
    status: Status | None = None
    evidence_level: Literal[EVIDENCE_LEVELS] | None = None
    after: Id = Field(0, description="The last id of the page before.")


class EntryEditForm(Query):
    """Edit an entry's descriptive fields (identity changes go through delist and add)."""

    status: Status
    name: text(fields.NAME) = None
    title: text(fields.TITLE) = None
    brand: text(fields.BRAND) = None
    evidence_url: EvidenceUrl = None
    evidence_level: Literal[EVIDENCE_LEVELS]
    note: text(fields.NOTE) = None


class AuditPage(Query):
    """The audit log page: newest first, `before` is the keyset cursor."""

    target: text(300) = None
    before: Annotated[int, Field(ge=1, le=fields.MAX_SQLITE_INTEGER)] | None = None


class EmptyForm(Query):
    """A form that posts nothing but its CSRF token (sign out, delist)."""


class DisputeFilter(Query):
    """The disputes page: open ones unless another status is asked for (or "all"),
    newest first; `cursor` is the next page's (curation.disputes.newest)."""

    status: Literal[(*disputes.STATUSES, "all")] = "open"
    cursor: Annotated[int, Field(ge=1, le=fields.MAX_SQLITE_INTEGER)] | None = None


class DisputeDecisionForm(Query):
    """Uphold (the entry leaves the list) or dismiss a dispute, as
    POST /disputes/<id>/decision: the reply the disputer reads, and an internal note."""

    decision: Literal[disputes.DECISIONS]
    reply: text(disputes.REPLY, "Shown to the disputer at /dispute/<id>.") = None
    note: text(fields.NOTE, "Internal: kept in the audit log, never published.") = None


class TakedownForm(Query):
    """Record a takedown on an entry's page, as POST /entries/<id>/takedowns."""

    channel: Literal[takedowns.CHANNELS]
    reported_at: takedowns.PastDay
    reference: text(takedowns.REFERENCE, "The platform's case number.") = None


class TakedownAnswerForm(Query):
    """The platform's answer to a takedown, as PATCH /takedowns/<id>."""

    outcome: Literal[takedowns.OUTCOMES]
    answered_at: takedowns.PastDay


class TakedownPage(Query):
    """The open takedowns page: newest first, `before` is the keyset cursor."""

    before: Annotated[int, Field(ge=1, le=fields.MAX_SQLITE_INTEGER)] | None = None


class RuleForm(Query):
    """Create or edit a title rule (admins); curation/rules.py checks the patterns in RE2
    and the whole rule (models/reference.RuleFields)."""

    kind: Literal[reference.RULE_KINDS]
    name: text(200) = None
    needs_brand: bool = False
    case_sensitive: bool = False
    pattern: text(1000) = None
    except_pattern: text(1000) = None
    category: text(100) = None
    evidence_url: text(fields.MAX_URL_LENGTH) = None
    source: text(fields.SOURCE) = None

    def fields(self) -> dict:
        """The rule's fields for curation.rules (every field: the form is the whole rule)."""
        return self.model_dump()


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class BrandForm(Query):
    """Create or edit a brand (admins): aliases and official domains one per line;
    curation/brands.py checks them (models/reference.BrandFields) and name clashes."""

    name: text(100) = None
    aliases: text(reference.MAX_BRAND_ITEMS * 101, "One alias per line.") = None
    category: text(100) = None
    domains: text(reference.MAX_BRAND_ITEMS * 101, "One official shop domain per line.") = None
    source: text(fields.SOURCE) = None

    def fields(self) -> dict:
        """The brand's fields for curation.brands, the lists split into lines."""
        return {**self.model_dump(), "aliases": _lines(self.aliases),
                "domains": _lines(self.domains)}


class ReferencePage(Query):
    """The rules and brands pages: id order, `after` is the keyset cursor."""

    after: Id = Field(0, description="The last id of the page before.")


class ImportForm(Query):
    """Upload a list file (docs/bulk.md's format) for a dry run; the file itself is the
    form's `file` part, at most MAX_CONTENT_LENGTH bytes."""

    format: Literal["csv", "jsonl"] | None = Field(
        None, description="csv or jsonl; by the file's name if not given.")
    source: text(fields.SOURCE, "Where the list comes from (rows without one get it).") = None
