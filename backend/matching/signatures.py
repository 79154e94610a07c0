"""Title signatures: MinHash of a title's letter trigrams, cut into bands for an LSH table.

A relisted fake keeps its title with a word or two changed, added, moved or mistyped.
Two such titles share most of the three-letter pieces of their words, so their MinHash
values agree in most places, and with high probability all ROWS_PER_BAND values of at
least one band: each band, hashed with the marketplace, is a key in the indexed table
listing_bands (docs/scoring.md, "relisted_listing"). A check probes its BANDS keys; the
rule then confirms candidates with rules.near_identical, so the bands only decide who is
compared, never what is flagged.

Everything is stable across processes and versions (the keys are stored): shingles are
UTF-8 byte trigrams, the permutations are multiply-shift hashes with constants taken
from BLAKE2b, and the band hash is fixed 64-bit arithmetic. numpy does the arithmetic for
a whole batch of titles at once (the bulk import), or for one (a check).
"""

import hashlib
import json
import re
import zlib
from functools import lru_cache

import numpy as np

from ..text import match_form

BANDS = 12
ROWS_PER_BAND = 4
PERMUTATIONS = BANDS * ROWS_PER_BAND
MIN_WORDS = 4  # titles with fewer significant words never count as relisted
BAND_KEY_BITS = 47  # fits SQLite's 6-byte integers; collisions only cost a comparison

_WORD = re.compile(r"\w+")
_STOP_WORDS = frozenset(
    "a an and the for with of in on to by new de la le les el los du des der die das und "
    "für mit et pour con per".split()
)


def _constants(label: str, count: int) -> np.ndarray:
    """count odd 64-bit constants derived from label (never from a seeded RNG's stream)."""
    values = []
    for index in range(count):
        digest = hashlib.blake2b(f"{label}:{index}".encode(), digest_size=8).digest()
        values.append(int.from_bytes(digest, "little") | 1)
    return np.array(values, dtype=np.uint64)


_MULTIPLIERS = _constants("minhash-a", PERMUTATIONS)
_ADDENDS = _constants("minhash-b", PERMUTATIONS)
_BAND_SEEDS = _constants("band", BANDS)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SPACE = 0x20
# A batch's hash matrix is (trigrams x PERMUTATIONS) 8-byte values: bounded chunks.
_TRIGRAMS_PER_CHUNK = 4_096


def title_words(title: str) -> list[str]:
    """A title's significant words, normalised, in order, without repeats."""
    # ASCII titles (most) are already in match form once lower-cased.
    folded = title.lower() if title.isascii() else match_form(title)
    return [word for word in dict.fromkeys(_WORD.findall(folded))
            if len(word) > 1 and word not in _STOP_WORDS]


_MARKETPLACE_SEEDS: dict[str, int] = {}


def _marketplace_seed(marketplace: str) -> int:
    seed = _MARKETPLACE_SEEDS[marketplace] = zlib.crc32(marketplace.encode()) | 1 << 32
    return seed


def band_keys_of_words(items: list[tuple[str, list[str]]]) -> np.ndarray:
    """(len(items) x BANDS) int64 band keys of (marketplace, title words) pairs.

    Every item must have at least one word; callers skip titles under MIN_WORDS.
    """
    if not items:
        return np.zeros((0, BANDS), dtype=np.int64)
    # Each title becomes " w1 w2 ... " in UTF-8: a trigram whose middle byte is not a
    # space lies inside one word (with its edges), so reordering words changes nothing
    # and titles can simply be concatenated.
    texts = [(" " + " ".join(words) + " ").encode() for _market, words in items]
    lengths = np.array([len(text) for text in texts], dtype=np.int64)
    data = np.frombuffer(b"".join(texts), dtype=np.uint8).astype(np.uint64)
    middle = data[1:-1]
    inside = np.flatnonzero(middle != _SPACE)  # window starts at inside (middle at +1)
    trigrams = (data[inside] << np.uint64(16)) | (middle[inside] << np.uint64(8)) \
        | data[inside + 2]
    owner = np.repeat(np.arange(len(items)), lengths)[inside + 1]
    # Where each title's trigrams start; chunks of about _TRIGRAMS_PER_CHUNK trigrams
    # end where a title ends, so each title is reduced within one chunk.
    starts = np.searchsorted(owner, np.arange(len(items) + 1))
    cuts = np.unique(np.searchsorted(starts, np.arange(0, len(trigrams),
                                                       _TRIGRAMS_PER_CHUNK)))
    cuts = np.append(cuts, len(items))
    parts = []
    for first, last in zip(cuts[:-1], cuts[1:]):
        piece = trigrams[starts[first]:starts[last]]
        # Multiply-shift hashing (Dietzfelbinger): the high 32 bits of a*x+b mod 2^64,
        # one permutation per row, in place (temporaries of this size cost more than
        # the arithmetic). The shift comes after the minimum: it keeps the order.
        hashed = np.multiply.outer(_MULTIPLIERS, piece)
        hashed += _ADDENDS[:, None]
        parts.append(np.minimum.reduceat(hashed, starts[first:last] - starts[first], axis=1))
    signatures = (np.concatenate(parts, axis=1) >> np.uint64(32)).T
    seed_of = _MARKETPLACE_SEEDS
    seeds = np.array([seed_of.get(market) or _marketplace_seed(market)
                      for market, _words in items], dtype=np.uint64)
    bands = signatures.reshape(len(items), BANDS, ROWS_PER_BAND)
    keys = (seeds[:, None] * _GOLDEN) ^ _BAND_SEEDS
    for row in range(ROWS_PER_BAND):
        keys = _mix(keys ^ bands[:, :, row])
    return (keys >> np.uint64(64 - BAND_KEY_BITS)).astype(np.int64)


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    values = (values ^ (values >> np.uint64(30))) * _MIX_1
    values = (values ^ (values >> np.uint64(27))) * _MIX_2
    return values ^ (values >> np.uint64(31))


def band_keys(marketplace: str | None, title: str | None) -> list[int]:
    """The band keys of one listing's title, or [] if it is too short to compare."""
    if not marketplace or not title:
        return []
    return list(_cached_band_keys(marketplace, title))


@lru_cache(maxsize=4096)
def _cached_band_keys(marketplace: str, title: str) -> tuple[int, ...]:
    # Cached: popular products are checked again and again, and numpy's per-call
    # overhead makes one title's keys cost more than the rest of the title rules.
    words = title_words(title)
    if len(words) < MIN_WORDS:
        return ()
    return tuple(_one_title_keys(marketplace, words).tolist())


def _one_title_keys(marketplace: str, words: list[str]) -> np.ndarray:
    """band_keys_of_words for one title, in a few numpy calls (a check's hot path)."""
    data = np.frombuffer((" " + " ".join(words) + " ").encode(), dtype=np.uint8)
    data = data.astype(np.uint64)
    inside = np.flatnonzero(data[1:-1] != _SPACE)
    trigrams = (data[inside] << np.uint64(16)) | (data[inside + 1] << np.uint64(8)) \
        | data[inside + 2]
    hashed = np.multiply.outer(_MULTIPLIERS, trigrams)
    hashed += _ADDENDS[:, None]
    hashed >>= np.uint64(32)
    bands = hashed.min(axis=1).reshape(BANDS, ROWS_PER_BAND)
    seed = np.uint64(_MARKETPLACE_SEEDS.get(marketplace) or _marketplace_seed(marketplace))
    keys = (np.full(BANDS, seed, dtype=np.uint64) * _GOLDEN) ^ _BAND_SEEDS
    for row in range(ROWS_PER_BAND):
        keys = _mix(keys ^ bands[:, row])
    return (keys >> np.uint64(64 - BAND_KEY_BITS)).astype(np.int64)


def band_keys_json(marketplace: str | None, title: str | None) -> str:
    """band_keys as a JSON array: the SQL function the entries triggers call."""
    return json.dumps(band_keys(marketplace, title))


def register(connection) -> None:
    """Make title_bands(marketplace, title) available to SQL (the triggers) on connection."""
    connection.create_function("title_bands", 2, band_keys_json, deterministic=True)


def band_rows(rows) -> tuple[np.ndarray, np.ndarray]:
    """(ids, keys): the band keys (len(ids) x BANDS) of those (id, marketplace, title)
    rows whose title is long enough to compare; the others have no bands."""
    ids, items = [], []
    for entry_id, marketplace, title in rows:
        if marketplace and title:
            words = title_words(title)
            if len(words) >= MIN_WORDS:
                ids.append(entry_id)
                items.append((marketplace, words))
    return np.array(ids, dtype=np.int64), band_keys_of_words(items)
