"""Pages of lists: limit + 1 rows fetched, the cursor of the next page from the last one."""

from typing import Callable


def paged(limit: int, fetch: Callable[[int], list[dict]]) -> dict:
    """{"items", "next_cursor"}: the first limit of fetch(limit + 1), and where to go on."""
    items = fetch(limit + 1)
    if len(items) > limit:
        return {"items": items[:limit], "next_cursor": str(items[limit - 1]["id"])}
    return {"items": items, "next_cursor": None}
