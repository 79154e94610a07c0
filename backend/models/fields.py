"""The field types every shape is built from, and the limits they carry (one place)."""

import re
from typing import Annotated, ClassVar, get_args

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, create_model,
    WithJsonSchema, model_validator,
)

from ..config import defaults
from ..urls import InvalidUrl, canonicalize

# Limits the shapes share. The URL and snapshot limits are settings (MAX_URL_LENGTH,
# MAX_HTML_BYTES): the document shows their defaults, requests are held to the app's values.
MAX_URL_LENGTH = defaults()["MAX_URL_LENGTH"]
MAX_HTML_BYTES = defaults()["MAX_HTML_BYTES"]
NAME, TITLE, BRAND, NOTE, SOURCE, KEY, DETAILS = 300, 1000, 100, 2000, 300, 300, 2000
SELLER_ID = 200
MAX_EVIDENCE_URLS = 5

# Enough to know a link is an absolute http(s) URL with a host; full canonicalisation
# (urls.canonicalize) costs 15 µs, more than a whole list-file row's other checks.
_HTTP_URL = re.compile(r"https?://(?:[^\s/?#@]*@)?[^\s/?#@:]+(?::\d{0,5})?(?:[/?#].*)?",
                       re.IGNORECASE | re.DOTALL)


class Shape(BaseModel):
    """A request or stored shape: JSON types exactly (no "12" for 12), unknown fields refused.

    Optional text (text()) arrives stripped; what is blank becomes None here, in one
    pass per shape rather than one Python call per field (list files have millions of rows).
    """

    model_config = ConfigDict(strict=True, extra="forbid")
    _blank_means_none: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs):
        super().__pydantic_init_subclass__(**kwargs)
        cls._blank_means_none = tuple(name for name, info in cls.model_fields.items()
                                      if _BLANK_IS_NONE in info.metadata
                                      or _BLANK_IS_NONE in _metadata_of(info.annotation))

    @model_validator(mode="after")
    def _blanks_are_none(self):
        for name in self._blank_means_none:
            if getattr(self, name) == "":
                setattr(self, name, None)
        return self


class OpenShape(Shape):
    """A shape that ignores fields it does not know, so newer clients keep working."""

    model_config = ConfigDict(extra="ignore")


def _stripped(value: str | None) -> str | None:
    """value without surrounding space; None when nothing is left."""
    return (value.strip() or None) if value is not None else None


# Marks optional text whose blank value means None (Shape applies it).
_BLANK_IS_NONE = "blank is none"


def _metadata_of(annotation) -> tuple:
    return getattr(annotation, "__metadata__", ())


def _required(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is required")
    return value


def text(limit: int, description: str | None = None):
    """An optional string of at most limit characters, stripped; blank or null is None."""
    return Annotated[Annotated[str, StringConstraints(strip_whitespace=True, max_length=limit)]
                     | None, _BLANK_IS_NONE, Field(description=description)]


def required_text(limit: int, description: str | None = None):
    """A string of at most limit characters with something besides spaces in it."""
    return Annotated[str, StringConstraints(max_length=limit), AfterValidator(_required),
                     Field(description=description,
                           json_schema_extra={"pattern": r"\S"})]


def is_evidence_url(value: str) -> bool:
    """Whether value is a link an entry may hold as its evidence_url."""
    return _HTTP_URL.fullmatch(value) is not None


def _evidence_url(value: str | None) -> str | None:
    value = _stripped(value)
    if value is not None and not is_evidence_url(value):
        raise ValueError("must be a plain http(s) URL with a host name")
    return value


def _page_url(value: str, info: ValidationInfo) -> str:
    limit = (info.context or {}).get("max_url_length", MAX_URL_LENGTH)
    if len(value) > limit:
        raise ValueError(f"is longer than {limit} characters")
    try:
        canonicalize(value)
    except InvalidUrl:
        raise ValueError("must be an absolute http(s) URL") from None
    return value.strip()


# What no id may hold: C0 and C1 control characters (line breaks, NUL, DEL, ...).
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
NO_CONTROL_CHARACTERS = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"

# The same, as a JSON Schema pattern (no flags there: cases spelled out, . as [\s\S]).
HTTP_URL_PATTERN = (r"^[Hh][Tt][Tt][Pp][Ss]?://(?:[^\s/?#@]*@)?[^\s/?#@:]+(?::[0-9]{0,5})?"
                    r"(?:[/?#][\s\S]*)?$")
# A shop's domain name as the document shows it (keys.canonical_key decides the rest).
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN_PATTERN = rf"^{_LABEL}(\.{_LABEL})+$"

# The custom formats below are what the code accepts; tests/test_fuzz_openapi.py tells
# schemathesis how to make them (it cannot negate a format it does not know).
EvidenceUrl = Annotated[
    Annotated[str, StringConstraints(max_length=MAX_URL_LENGTH), WithJsonSchema(
        {"type": "string", "format": "http-url", "pattern": HTTP_URL_PATTERN,
         "maxLength": MAX_URL_LENGTH})] | None,
    AfterValidator(_evidence_url),
    Field(description="An absolute http(s) URL with a host name."),
]
PageUrl = Annotated[
    str, AfterValidator(_page_url),
    Field(json_schema_extra={"format": "http-url", "pattern": HTTP_URL_PATTERN,
                             "maxLength": MAX_URL_LENGTH},
          description="An absolute http(s) URL (the page's address)."),
]

# SQLite's largest INTEGER: a bigger id, cursor or version names no row.
MAX_SQLITE_INTEGER = 2**63 - 1


class Query(BaseModel):
    """Query parameters: text that reads as the declared types; unknown ones are ignored."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers(cls, values):
        # JSON Schema's integers include 5.0, and a client may well write it so.
        if isinstance(values, dict):
            return {name: _WHOLE.sub(r"\1", value)
                    if isinstance(value, str) and name in cls._integers() else value
                    for name, value in values.items()}
        return values

    @classmethod
    def _integers(cls) -> set[str]:
        return {name for name, info in cls.model_fields.items()
                if info.annotation is int or int in get_args(info.annotation)}


_WHOLE = re.compile(r"\A([+-]?[0-9]+)\.0*\Z")


def changes_of(model: type[BaseModel], name: str) -> type[BaseModel]:
    """model for PATCH: every field optional, null only where the field may be null.

    The fields' own checks run; checks across fields run on the whole row after the
    changes are applied to it (the stored row says what the body leaves out).
    """
    declared = {}
    for field_name, info in model.model_fields.items():
        annotation = (Annotated[(info.annotation, *info.metadata)] if info.metadata
                      else info.annotation)
        declared[field_name] = (annotation, Field(
            None, description=info.description, json_schema_extra=info.json_schema_extra))
    return create_model(name, __base__=Shape, __doc__=f"PATCH: some fields of {model.__name__}.",
                        **declared)


class Answer(BaseModel):
    """A response shape: what the API promises; answers may carry more fields."""

    model_config = ConfigDict(extra="allow")
