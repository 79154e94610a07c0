"""Query-string numbers for lists: limit, offset and cursors, each failure naming its parameter."""

from flask import request

from ..errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# SQLite's largest INTEGER: a bigger id, cursor or version names no row, and
# binding one raises OverflowError.
MAX_SQLITE_INTEGER = 2**63 - 1


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
    maximum = MAX_SQLITE_INTEGER if maximum is None else maximum
    if value < minimum or value > maximum:
        raise InvalidInput(f"`{name}` must be at least {minimum} and at most {maximum}.")
    return value


def limit_arg() -> int:
    """`limit`: how many items a page holds (1 to MAX_LIMIT)."""
    return int_arg("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def page_of(items: list[dict], limit: int) -> tuple[list[dict], str | None]:
    """The first limit items (of limit + 1 fetched) and the cursor of the next page, if any."""
    if len(items) > limit:
        return items[:limit], str(items[limit - 1]["id"])
    return items, None
