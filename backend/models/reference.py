"""Reference data admins edit: brands (with official domains), title rules, price floors."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, ValidationInfo, WithJsonSchema

from ..matching import patterns
from . import fields
from .fields import Answer, EvidenceUrl, Query, Shape, required_text, text
from .keys import canonical_key

MAX_BRAND_ITEMS = 50
RULE_KINDS = ("replica_phrase", "prohibited_item")


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values))


def _domains(values: list[str]) -> list[str]:
    domains = []
    for value in _unique(values):
        try:
            domains.append(canonical_key("domain", None, value))
        except ValueError:
            raise ValueError(f"{value!r} is not a domain name") from None
    return list(dict.fromkeys(domains))


ShortText = Annotated[str, StringConstraints(max_length=100, pattern=r"\S")]
ShortTexts = Annotated[list[ShortText], Field(max_length=MAX_BRAND_ITEMS),
                       AfterValidator(_unique)]


# What the document calls a "shop-domain": a registered domain (or a URL on one) that is
# no public suffix, IP address or single label (models/keys.py).
ShopDomain = Annotated[str, StringConstraints(max_length=100), WithJsonSchema(
    {"type": "string", "format": "shop-domain", "pattern": fields.DOMAIN_PATTERN,
     "maxLength": 100})]


class BrandFields(Shape):
    """A brand: its name, other names, and the domains where it sells itself."""

    name: required_text(100)
    aliases: ShortTexts = []
    category: text(100) = None
    domains: Annotated[list[ShopDomain], Field(
        max_length=MAX_BRAND_ITEMS, description="Official shop domains (or their URLs)."),
        AfterValidator(_domains)] = []
    source: text(fields.SOURCE) = None


class Brand(BrandFields, Answer):
    id: int


class NameQuery(Query):
    q: str | None = Field(None, description="Text in the name.")


def _pattern(value: str | None, info: ValidationInfo) -> str | None:
    """value compiled with RE2 as the catalog does; pattern is checked alone and word-bounded
    (the catalog runs it both ways, and "a)|(b" compiles only inside the bounds)."""
    if value is None:
        return None
    bounded = info.field_name == "pattern"
    case_sensitive = bool(info.data.get("case_sensitive")) if bounded else False
    try:
        patterns.check(value, case_sensitive, bounded)
    except patterns.PatternError as error:
        raise ValueError(
            f"is not a pattern the rule engine (RE2, linear time) can run: {error}") from None
    return value


# What the document calls an "re2-pattern": a pattern patterns.check() accepts. An optional
# one is this with "type": ["string", "null"], not an anyOf: inside an anyOf schemathesis
# made up values outside the format ("\\1" as a "valid" except_pattern).
RE2_PATTERN = {"type": "string", "format": "re2-pattern", "maxLength": 1000}
_PATTERN_HELP = ("An RE2 regular expression (linear time: no lookaround, backreferences or "
                 "possessive quantifiers), matched as a whole word; see docs/curation.md.")


class RuleFields(Shape):
    """A title rule: replica wording, or goods never sold legitimately."""

    kind: Literal[RULE_KINDS]
    name: required_text(200)
    # Flags before patterns: the pattern's check reads case_sensitive.
    needs_brand: bool = False
    case_sensitive: bool = False
    pattern: Annotated[required_text(1000, _PATTERN_HELP), AfterValidator(_pattern),
                       WithJsonSchema(RE2_PATTERN)]
    except_pattern: Annotated[text(1000), AfterValidator(_pattern),
                              WithJsonSchema({**RE2_PATTERN, "type": ["string", "null"]})] = None
    category: text(100) = None
    evidence_url: EvidenceUrl = None
    source: text(fields.SOURCE) = None


class Rule(RuleFields, Answer):
    id: int


class RuleQuery(Query):
    kind: Literal[RULE_KINDS] | None = None


class PriceFloor(Shape):
    """A seed row: below min_price (in currency) a brand's product_type is implausible."""

    brand: required_text(100)
    product_type: required_text(100)
    keywords: list[ShortText] = []
    min_price: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    source: text(fields.SOURCE) = None
