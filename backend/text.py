"""Text normalisation shared by the list, the extractors and the rules."""

import re
import unicodedata
from functools import lru_cache

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Compatibility-fold and lower-case text (full-width forms, ligatures, case)."""
    return unicodedata.normalize("NFKC", text).casefold()


def normalize_name(name: str | None) -> str | None:
    """A seller display name reduced to letters and digits, for alias matching."""
    if not name:
        return None
    folded = _NOT_ALNUM.sub("", fold(name))
    return folded or None


def clean_text(text: str | None, limit: int = 500) -> str | None:
    """Collapse whitespace and trim; None for empty text."""
    if text is None:
        return None
    cleaned = _SPACES.sub(" ", text).strip()
    return cleaned[:limit] or None


def strip_accents(text: str) -> str:
    """Remove combining accents (Hermès → Hermes) so spellings without them match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=8192)
def match_form(text: str) -> str:
    """The form titles and names are matched in: folded, accents removed.

    Cached: a check folds its title for the brand, the rules and the price floor, and
    popular products are checked again and again.
    """
    return strip_accents(fold(text))
