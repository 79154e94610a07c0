"""Create, update and delete for reference rows (brands, rules): versioned and audited."""

from dataclasses import dataclass
from typing import Callable

from ..errors import NotFound
from ..store import audit
from . import Unchanged, list_change


@dataclass(frozen=True)
class ReferenceResource:
    """How one kind of reference row is validated, stored, read and removed."""

    name: str                                   # "brand", "rule": audit actions and messages
    fields: tuple[str, ...]
    validate: Callable[[dict], dict]            # request body -> row; raises InvalidInput
    save: Callable[..., int]                    # (db, row, id or None) -> id; raises Conflict
    get: Callable[..., dict | None]             # (db, id) -> row or None
    remove: Callable[..., None]                 # (db, id)

    def create(self, db, body: dict, actor: str) -> dict:
        """Add a row; 400 if invalid, 409 if it clashes."""
        row = self.validate(body)
        with list_change(db):
            row_id = self.save(db, row, None)
            created = self.get(db, row_id)
            audit.record(db, actor, f"{self.name}.create", f"{self.name}:{row_id}", None, created)
        return created

    def update(self, db, row_id: int, changes: dict, actor: str) -> dict:
        """Change some fields; an update that changes nothing keeps the list version."""
        try:
            with list_change(db):
                before = self._existing(db, row_id)
                row = self.validate({**{f: before[f] for f in self.fields}, **changes})
                if all(row[f] == before[f] for f in self.fields):
                    raise Unchanged(before)
                self.save(db, row, row_id)
                after = self.get(db, row_id)
                audit.record(db, actor, f"{self.name}.update", f"{self.name}:{row_id}",
                             before, after)
        except Unchanged as unchanged:
            return unchanged.result
        return after

    def delete(self, db, row_id: int, actor: str) -> None:
        """Remove a row."""
        with list_change(db):
            before = self._existing(db, row_id)
            self.remove(db, row_id)
            audit.record(db, actor, f"{self.name}.delete", f"{self.name}:{row_id}", before, None)

    def _existing(self, db, row_id: int) -> dict:
        row = self.get(db, row_id)
        if row is None:
            raise NotFound(f"No {self.name} {row_id}.")
        return row
