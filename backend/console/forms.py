"""Reading the console's forms and query strings against their models (models/console.py)."""

from flask import request

from ..models.parse import parse


def _filled(values) -> dict:
    # A blank field (an empty input, a select's "any") is an absent one.
    return {name: value for name, value in values.items() if value.strip()}


def read_form(model):
    """The posted form as model; InvalidInput naming the first field that does not fit."""
    return parse(model, _filled(request.form.to_dict()))


def read_args(model):
    """The query string as model; InvalidInput naming the first field that does not fit."""
    return parse(model, _filled(request.args.to_dict()))
