"""Validating data against a shape: one sentence per failure, naming the field."""

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InvalidInput

Model = TypeVar("Model", bound=BaseModel)

_TYPES = {
    "string_type": "must be a string", "float_type": "must be a number",
    "int_type": "must be an integer", "bool_type": "must be true or false",
    "model_type": "must be an object", "dict_type": "must be an object",
    "model_attributes_type": "must be an object", "list_type": "must be a list",
    "finite_number": "must be a finite number", "missing": "is required",
    "extra_forbidden": "is not a field here", "int_parsing": "must be an integer",
    "int_from_float": "must be an integer",
}


def field_name(location: tuple) -> str:
    """`seller.id`, `aliases` item 2: where in a body an error is."""
    names = ".".join(str(part) for part in location if not isinstance(part, int))
    items = "".join(f" item {part + 1}" for part in location if isinstance(part, int))
    return f"`{names}`{items}"


def sentence(error: dict) -> str:
    """One pydantic error as a sentence naming its field."""
    kind, context = error["type"], error.get("ctx") or {}
    if kind in _TYPES:
        says = _TYPES[kind]
    elif kind == "string_too_long":
        says = f"is longer than {context['max_length']} characters"
    elif kind == "too_long":
        says = f"must be a list of at most {context['max_length']} items"
    elif kind == "literal_error":
        choices = context["expected"].replace("'", "")
        says = (f"must be one of: {choices}" if isinstance(error.get("input"), str)
                else f"must be a string, one of: {choices}")
    elif kind in ("greater_than_equal", "greater_than"):
        says = f"must be at least {context.get('ge', context.get('gt'))}"
    elif kind in ("less_than_equal", "less_than"):
        says = f"must be at most {context.get('le', context.get('lt'))}"
    elif kind == "value_error":
        says = str(context["error"])
    else:
        says = error["msg"].lower()
    if not error["loc"]:  # a check across fields: its sentence names them itself
        return says[0].upper() + says[1:] + "."
    return f"{field_name(error['loc'])} {says}."


def parse(model: type[Model], data, *, context: dict | None = None) -> Model:
    """data as model; InvalidInput naming the first field that does not fit."""
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        cause = (first.get("ctx") or {}).get("error")
        raise InvalidInput(sentence(first), code=getattr(cause, "code", None),
                           status=getattr(cause, "status", None)) from None
