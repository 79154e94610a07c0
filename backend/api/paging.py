"""Query-string numbers for lists: limit, offset and cursors, each failure naming its parameter."""

from flask import request

from ..errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def int_arg(name: str, default: int | None, minimum: int = 0,
            maximum: int | None = None) -> int | None:
    """The integer query parameter name, or default when absent."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"`{name}` must be an integer.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise InvalidInput(f"`{name}` must be at least {minimum}{upper}.")
    return value


def limit_arg() -> int:
    """`limit`: how many items a page holds (1 to MAX_LIMIT)."""
    return int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def page_of(items: list[dict], limit: int) -> tuple[list[dict], str | None]:
    """The first limit items (of limit + 1 fetched) and the cursor of the next page, if any."""
    if len(items) > limit:
        return items[:limit], str(items[limit - 1]["id"])
    return items, None
