"""Admins' edits to brands (names, aliases, official domains); versioned and audited."""

import sqlite3

from ..errors import Conflict
from ..models.parse import parse
from ..models.reference import BrandFields
from ..store import brands
from .resource import ReferenceResource

FIELDS = tuple(BrandFields.model_fields)


def validate(row: dict) -> dict:
    """A brand from fields (the stored row with a request's changes); InvalidInput naming one."""
    return parse(BrandFields, row).model_dump()


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
