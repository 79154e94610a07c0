"""What the public reads and maintainers' lists answer: health, audit, pages, /changes,
the list file, the private lookups and the rule file."""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, WithJsonSchema, create_model

from . import fields
from .entries import Entry, Kind, Marketplace, Status
from .fields import Answer, Query

DEFAULT_LIMIT, MAX_LIMIT = 50, 1000
CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT = 1000, 10_000
Id = Annotated[int, Field(ge=0, le=fields.MAX_SQLITE_INTEGER)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]


class Paging(Query):
    """A page of a list: `limit` items after `cursor` (the next_cursor of the page before)."""

    limit: Limit = DEFAULT_LIMIT
    cursor: Id = Field(0, description="The next_cursor of the page before.")


def page_of(model: type) -> type:
    """The answer shape of a page of model."""
    return create_model(f"{model.__name__}Page", __base__=Answer,
                        items=(list[model], ...),
                        next_cursor=(str | None, Field(
                            description="Pass as `cursor` for the next page.")))


class Health(Answer):
    status: Literal["ok"]
    list_version: int
    counts: dict[Literal["sellers", "listings", "domains", "rules"], int]


class AuditQuery(Paging):
    target: str | None = Field(None, description="e.g. entry:12, report:<id>")
    cursor: Annotated[int, Field(ge=1, le=fields.MAX_SQLITE_INTEGER)] | None = Field(
        None, description="The next_cursor of the page before.")


class AuditRecord(Answer):
    id: int
    at: str
    actor: str = Field(description="Token name, or cli.")
    action: str = Field(description="e.g. entry.create, report.approve")
    target: str = Field(description="e.g. entry:12, report:<id>")
    before: Any
    after: Any


# A list version, or a position inside one version ("V:d:ID" / "V:u:ID") from /changes.
POSITION = re.compile(r"([0-9]{1,19}):([du]):([0-9]{1,19})")


def _since(value: str) -> int | str:
    """A list version as an int, or a position inside one as it was given."""
    found = POSITION.fullmatch(value)
    numbers = (found[1], found[3]) if found else (value,)
    if not all(number.isascii() and number.isdigit() and len(number) <= 19
               for number in numbers):
        raise ValueError("must be the list_version you last synced (0 for all), or the "
                         "next_since of the page before")
    if found:
        return value if max(map(int, numbers)) <= fields.MAX_SQLITE_INTEGER else \
            fields.MAX_SQLITE_INTEGER
    # Beyond any version there will ever be: nothing has changed since.
    return min(int(value), fields.MAX_SQLITE_INTEGER)


_SINCE_SCHEMA = WithJsonSchema({"oneOf": [
    {"type": "integer", "minimum": 0, "maximum": fields.MAX_SQLITE_INTEGER},
    {"type": "string", "pattern": f"^{POSITION.pattern}$"}]})
Since = Annotated[int | str, _SINCE_SCHEMA]


class ChangesQuery(Query):
    since: Annotated[str, AfterValidator(_since), WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]{1,19}(:[du]:[0-9]{1,19})?$"})] = Field(
        description="A list version (0 for all), or the next_since of the "
                                     "page before.")
    limit: Annotated[int, Field(ge=1, le=CHANGES_MAX_LIMIT)] = CHANGES_DEFAULT_LIMIT


class Change(Answer):
    """An upsert carries the whole Entry; a delete the tombstone (id, kind, marketplace,
    key, version, deleted_at)."""

    op: Literal["upsert", "delete"]
    id: int


class Tombstone(Answer):
    id: int
    kind: Kind
    marketplace: Marketplace | None
    key: str
    version: int
    deleted_at: str


class Changes(Answer):
    since: Since
    list_version: int
    changes: list[Change] = Field(description="Apply in order.")
    next_since: Since
    more: bool
    entries: list[Entry]
    deleted: list[Tombstone]


class ExportQuery(Query):
    format: Literal["csv", "jsonl"] = "csv"


_BASE64 = Field(None, description="Sorted 4-byte big-endian prefixes, concatenated, in base64.",
                json_schema_extra={"contentEncoding": "base64"})
_SHA256 = Annotated[str, Field(pattern="^[0-9a-f]{64}$")]


class PrefixQuery(Query):
    since: Id | None = Field(None, description="The version of the set the client holds: "
                                               "answers added/removed, or the full set if "
                                               "that is no smaller.")


class PrefixSet(Answer):
    """Private lookups (backend/lookups.py, docs/privacy.md): 4-byte SHA-256 prefixes of the
    keys "domain:<domain>", "seller:<marketplace>:<id>", "listing:<marketplace>:<id>"."""

    version: int
    since: int | None = None
    prefix_bytes: Literal[4] | None = None
    count: int | None = None
    prefixes: str | None = _BASE64
    added: str | None = _BASE64
    removed: str | None = _BASE64
    sha256: _SHA256 = Field(description="SHA-256 of the whole set's bytes (after the diff).")


class HashMatch(Answer):
    hash: _SHA256
    kind: Kind
    marketplace: Marketplace | None
    status: Status
    reasons: list[dict]


class HashMatches(Answer):
    matches: list[HashMatch]
    cache_seconds: int


class RuleFile(Answer):
    """The page-content rules compiled for the extension's private mode (backend/rulefile.py,
    docs/extension.md "The rule file"): patterns as JavaScript RegExp source and flags,
    brands, price floors, sites, lookalike data and message templates."""

    format: Literal[1]
    list_version: int
