"""Look-alike letters: each Unicode letter's plain Latin twin (a Unicode TR39 skeleton).

The twins come from Unicode's confusables data (TR39) as shipped by the
confusable_homoglyphs package (MIT; the data is Unicode's, under the Unicode
licence). They are read once at import; a skeleton is then one dict lookup per
character.
"""

import json
import unicodedata
from functools import lru_cache
from importlib import resources

_DATA = resources.files("confusable_homoglyphs") / "confusables.json"
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _latin_twin(homoglyphs: list[dict]) -> str | None:
    """The single Latin letter among a character's homoglyphs (lower-case first), or None."""
    singles = [glyph["c"] for glyph in homoglyphs if len(glyph["c"]) == 1 and glyph["c"].isascii()]
    for candidate in singles:
        if candidate in _ASCII_LETTERS:
            return candidate
    for candidate in singles:
        if candidate.lower() in _ASCII_LETTERS:
            return candidate.lower()
    return None


def _build() -> dict[str, str]:
    """Every non-ASCII character with a Latin twin → that twin, lower-case."""
    with _DATA.open(encoding="utf-8") as stream:
        table = json.load(stream)
    twins = {}
    for character, homoglyphs in table.items():
        if len(character) != 1 or character.isascii():
            continue
        twin = _latin_twin(homoglyphs)
        if twin is not None:
            twins[character] = twin
    return twins


LATIN_TWIN = _build()


# Vertical strokes: TR39 gives Cyrillic ӏ the twin i and Latin l the twin l, but in
# an address bar both read as either, so a foreign stroke stands for both.
_STROKES = "il"


@lru_cache(maxsize=4096)
def letter_options(character: str) -> tuple[str, bool]:
    """The Latin letters character can pass for, and whether it is from another script.

    ASCII stays itself. Latin letters with accents lose them (ó → o) but are not
    another script; Cyrillic о or Greek ο are (→ o, True). A character with no
    Latin twin stays itself.
    """
    if character.isascii():
        return character, False
    base = "".join(
        part for part in unicodedata.normalize("NFKD", character) if not unicodedata.combining(part)
    ).lower()
    if base and base.isascii():
        return base, False
    twin = LATIN_TWIN.get(character) or LATIN_TWIN.get(base[:1])
    if twin is None:
        return character, False
    return (_STROKES if twin in _STROKES else twin), True
