"""Admins' edits to brands (names, aliases, official domains); versioned and audited."""

import sqlite3

from ..errors import Conflict, InvalidInput, NotFound
from ..listfile import canonical_key
from ..store import audit, brands
from . import Unchanged, list_change

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


def create(db, body: dict, actor: str) -> dict:
    """Add a brand; 409 if its name or a domain is taken."""
    brand = validate(body)
    with list_change(db):
        brand_id = _save(db, brand, None)
        created = brands.get(db, brand_id)
        audit.record(db, actor, "brand.create", f"brand:{brand_id}", None, created)
    return created


def update(db, brand_id: int, changes: dict, actor: str) -> dict:
    """Change some fields of a brand (lists are replaced whole)."""
    try:
        with list_change(db):
            before = brands.get(db, brand_id)
            if before is None:
                raise NotFound(f"No brand {brand_id}.")
            brand = validate({**{f: before[f] for f in FIELDS}, **changes})
            if all(brand[f] == before[f] for f in FIELDS):
                raise Unchanged(before)
            _save(db, brand, brand_id)
            after = brands.get(db, brand_id)
            audit.record(db, actor, "brand.update", f"brand:{brand_id}", before, after)
    except Unchanged as unchanged:
        return unchanged.result
    return after


def delete(db, brand_id: int, actor: str):
    """Delete a brand with its domains and price floors."""
    with list_change(db):
        before = brands.get(db, brand_id)
        if before is None:
            raise NotFound(f"No brand {brand_id}.")
        brands.delete(db, brand_id)
        audit.record(db, actor, "brand.delete", f"brand:{brand_id}", before, None)
