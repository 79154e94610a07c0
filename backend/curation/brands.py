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
    _refuse_name_clashes(db, brand, brand_id)
    for domain in brand["domains"]:
        owner = brands.domain_owner(db, domain)
        if owner is not None and owner != brand_id:
            raise Conflict(f"The domain {domain} belongs to brand {owner}.")
    try:
        return brands.save(db, brand, brand_id)
    except sqlite3.IntegrityError:
        raise Conflict(f"A brand called {brand['name']!r} already exists.") from None


def _refuse_name_clashes(db, brand: dict, brand_id: int | None) -> None:
    """Conflict if the name or an alias is, in any case, another brand's name or alias.

    Two brands answering to one name would split its price floors and official
    domains, and which of them a title names would depend on the order of a scan.
    """
    name = brand["name"]
    other = brands.named(db, name, brand_id)
    if other is not None:
        raise Conflict(f"Brand {other['id']} is already called {other['name']!r}; brand names "
                       "are unique regardless of case.")
    other = brands.alias_owner(db, name, brand_id)
    if other is not None:
        raise Conflict(f"{name!r} is an alias of brand {other['id']} ({other['name']!r}).")
    for alias in brand["aliases"]:
        other = brands.named(db, alias, brand_id)
        if other is not None:
            raise Conflict(f"The alias {alias!r} is the name of brand {other['id']} "
                           f"({other['name']!r}).")


RESOURCE = ReferenceResource("brand", FIELDS, validate, _save, brands.get, brands.delete)
create, update, delete = RESOURCE.create, RESOURCE.update, RESOURCE.delete
