"""The rules and brands editor (admins): list, create, edit, delete, through
curation/rules.py and curation/brands.py (validated, versioned and audited as the API's
routes). A refused form comes back filled in, with the message (a bad pattern says why)."""

from dataclasses import dataclass
from types import ModuleType

from flask import flash, g, redirect, render_template, request, url_for

from ..curation import brands as curation_brands
from ..curation import rules as curation_rules
from ..db import get_db
from ..errors import ApiError, NotFound
from ..models.console import CONSOLE_PAGE, BrandForm, ReferencePage, RuleForm
from ..models.reference import RULE_KINDS
from ..store import brands, rules
from . import bp
from .forms import read_args, read_form
from .security import role_required


@dataclass(frozen=True)
class Editor:
    """One kind of reference row as the editor sees it."""

    name: str            # "rule", "brand": URLs, templates, messages
    form: type
    curation: ModuleType
    store: ModuleType

    def as_form(self, row: dict) -> dict:
        """A stored row as the form shows it (lists one per line)."""
        return {key: "\n".join(value) if isinstance(value, list) else value
                for key, value in row.items()}


EDITORS = {"rules": Editor("rule", RuleForm, curation_rules, rules),
           "brands": Editor("brand", BrandForm, curation_brands, brands)}


def _editor(kind: str) -> Editor:
    if kind not in EDITORS:
        raise NotFound(f"No {kind} editor.")
    return EDITORS[kind]


def _list_page(kind: str, values: dict | None = None, error: str | None = None, status=200):
    editor = _editor(kind)
    query = read_args(ReferencePage)
    rows = editor.store.page(get_db(), after_id=query.after, limit=CONSOLE_PAGE)
    after = rows[-1]["id"] if len(rows) == CONSOLE_PAGE else None
    return render_template("console/reference_list.html", kind=kind, editor=editor, rows=rows,
                           after=after, values=values or {}, error=error,
                           rule_kinds=RULE_KINDS), status


def _edit_page(kind: str, row_id: int, values: dict, error: str | None = None, status=200):
    return render_template("console/reference_edit.html", kind=kind, editor=_editor(kind),
                           row_id=row_id, values=values, error=error,
                           rule_kinds=RULE_KINDS), status


@role_required("admin")
def reference_list(kind):
    return _list_page(kind)


@role_required("admin")
def reference_create(kind):
    editor = _editor(kind)
    try:
        created = editor.curation.create(get_db(), read_form(editor.form).fields(), g.actor)
    except ApiError as error:
        return _list_page(kind, request.form.to_dict(), error.message, error.status)
    flash(f"{editor.name.capitalize()} {created['id']} ({created['name']}) created.", "done")
    return redirect(url_for("console.reference_list", kind=kind), code=303)


@role_required("admin")
def reference_page(kind, row_id):
    editor = _editor(kind)
    row = editor.store.get(get_db(), row_id)
    if row is None:
        raise NotFound(f"No {editor.name} {row_id}.")
    return _edit_page(kind, row_id, editor.as_form(row))


@role_required("admin")
def reference_update(kind, row_id):
    editor = _editor(kind)
    try:
        editor.curation.update(get_db(), row_id, read_form(editor.form).fields(), g.actor)
    except ApiError as error:
        if error.status == 404:
            raise
        return _edit_page(kind, row_id, request.form.to_dict(), error.message, error.status)
    flash(f"{editor.name.capitalize()} {row_id} saved.", "done")
    return redirect(url_for("console.reference_page", kind=kind, row_id=row_id), code=303)


@role_required("admin")
def reference_delete(kind, row_id):
    editor = _editor(kind)
    editor.curation.delete(get_db(), row_id, g.actor)
    flash(f"{editor.name.capitalize()} {row_id} deleted.", "done")
    return redirect(url_for("console.reference_list", kind=kind), code=303)


# One set of URLs per kind (/curate/rules..., /curate/brands...), each naming its kind.
for _kind in EDITORS:
    for _path, _view, _methods in (
            ("", reference_list, ["GET"]), ("", reference_create, ["POST"]),
            ("/<int:row_id>", reference_page, ["GET"]),
            ("/<int:row_id>", reference_update, ["POST"]),
            ("/<int:row_id>/delete", reference_delete, ["POST"])):
        bp.add_url_rule(f"/{_kind}{_path}", view_func=_view, methods=_methods,
                        defaults={"kind": _kind})
