"""Admins' edits to brands (names, aliases, official domains); versioned and audited."""

import sqlite3

from ..errors import Conflict, InvalidInput
from ..listfile import canonical_key
from ..store import brands
from .resource import ReferenceResource

FIELDS = ("name", "aliases", "category", "domains", "source")
_MAX_ITEMS = 50


def _text(body: dict, field: str, limit: int, required: bool = False) -> str | None:
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"`{field}` is required.")
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidInput(f"`{field}` must be a string of at most {limit} characters.")
    return value.strip()


def _strings(body: dict, field: str) -> list[str]:
    value = body.get(field)
    if value is None:
        return []
    if (not isinstance(value, list) or len(value) > _MAX_ITEMS
            or not all(isinstance(item, str) and 0 < len(item.strip()) <= 100 for item in value)):
        raise InvalidInput(f"`{field}` must be a list of at most {_MAX_ITEMS} short strings.")
    return list(dict.fromkeys(item.strip() for item in value))


def validate(body: dict) -> dict:
    """A brand from a request body; raises InvalidInput naming the field."""
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"Unknown brand field(s): {', '.join(unknown)}.")
    domains = []
    for domain in _strings(body, "domains"):
        try:
            domains.append(canonical_key("domain", None, domain))
        except ValueError:
            raise InvalidInput(f"`domains`: {domain!r} is not a domain name.") from None
    return {
        "name": _text(body, "name", 100, required=True),
        "aliases": _strings(body, "aliases"),
        "category": _text(body, "category", 100),
        "domains": list(dict.fromkeys(domains)),
        "source": _text(body, "source", 300),
    }


def _save(db, brand: dict, brand_id: int | None) -> int:
    for domain in brand["domains"]:
        owner = brands.domain_owner(db, domain)
        if owner is not None and owner != brand_id:
            raise Conflict(f"The domain {domain} belongs to brand {owner}.")
    try:
        return brands.save(db, brand, brand_id)
    except sqlite3.IntegrityError:
        raise Conflict(f"A brand called {brand['name']!r} already exists.") from None


RESOURCE = ReferenceResource("brand", FIELDS, validate, _save, brands.get, brands.delete)
create, update, delete = RESOURCE.create, RESOURCE.update, RESOURCE.delete
