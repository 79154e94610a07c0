"""Lookalike shop domains: a brand's name inside a domain that is not the brand's.

A brand name only counts when the domain label splits cleanly into the brand
and ordinary shop words ("cheap-nike-shoes", "monclersale", "rolexreplicas").
A brand that is part of an unrelated word ("caravans" holds "vans",
"coaching" holds "coach") does not split that way and is not flagged.
Brands own their name under country domains and next to a region or product
line (nike.de, birkenstockusa.com, timberlandpro.com): a label that is only the
brand and such neutral words counts only under a throwaway shop TLD (rolex.shop).

Attackers rarely write the name plainly, so the detector also sees through
look-alike letters from other alphabets (rоlex with a Cyrillic о, after Unicode
TR39), digits for letters (r0lex), the name as a subdomain
(rolex.cheap-deals-shop.com), hyphens inside the name (ro-lex) and one-letter
typos of names of five letters or more (rollex-outlet, rolx-watches). A spelling
that could only be an accident (a bare typo, a digit next to a plain name) is
not flagged. Everything is compiled once per list version; a check is string
work on the host, cached per host.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product

import idna

from .confusables import letter_options
from .lookalike_words import (  # noqa: F401 (the word lists are part of this module's face)
    COMMON_WORD_TOKENS, DIGIT_LETTERS, NEUTRAL_WORDS, NOT_SHOP_WORDS, SHOP_PLATFORM_SUFFIXES,
    SHOP_SIGNALS, SHOP_WORDS, THROWAWAY_TLDS, TYPO_LOOKALIKE_WORDS,
)

_MAX_VARIANTS = 64  # spellings tried per label; more ambiguous positions stay as written
_MAX_SUBDOMAIN_LABELS = 6

_TYPO_MIN_BRAND = 5  # shorter names (Nike, Dior) have too many one-letter neighbours

_CHUNK = re.compile(r"[a-z]+")

# What each trick is called in a reason's message.
TRICKS = ("name", "subdomain", "letters", "digits", "hyphens", "typo")


@dataclass(frozen=True)
class Lookalike:
    """A brand a domain imitates and the trick it uses (one of TRICKS)."""

    brand: object
    trick: str

    def message(self, host: str, domain: str) -> str:
        """What a shopper is told: the address, the brand, the trick and the brand's own sites."""
        name = self.brand.name
        shown = host if self.trick == "subdomain" else domain
        if "xn--" in shown:
            shown += f", shown as {_unicode_host(shown)}"
        address = f"This shop's address ({shown}) " + {
            "subdomain": f"puts the name {name} in front of another website's address ({domain})",
            "letters": f"spells {name} with look-alike letters from another alphabet",
            "digits": f"spells {name} with numbers in place of letters",
            "hyphens": f"splits the name {name} with hyphens",
            "typo": f"uses a misspelling of {name}",
        }.get(self.trick, f"uses the name {name}")
        own = sorted(self.brand.domains)[:3]
        return (f"{address}, but it is not one of {name}'s own websites"
                + (f" ({', '.join(own)})" if own else "") + ".")


class LookalikeDetector:
    """Finds brand names embedded in domain labels, compiled once per list version."""

    def __init__(self, brands, forms: dict):
        self._token_brand = {}
        self._hyphenated: dict[object, tuple[str, ...]] = {}
        for form, brand in forms.items():
            token = re.sub(r"[^a-z0-9]", "", form)
            # Very short tokens (2 letters) split too many words by chance.
            if len(token) >= 3:
                self._token_brand.setdefault(token, brand)
            if re.search(r"[ \-]", form):
                # The brand's own spelling in words ("the-north-face") is not a hyphen trick.
                spelled = re.sub(r"[^a-z0-9]+", "-", form).strip("-")
                self._hyphenated[brand] = (*self._hyphenated.get(brand, ()), spelled)
        self._by_domain = {}
        for brand in brands:
            for domain in brand.domains:
                self._by_domain.setdefault(domain, brand)  # nike.com: Nike before Air Jordan
        self._max_token = max((len(t) for t in self._token_brand), default=0)
        # SymSpell: each typo-able name under itself and each one-letter deletion of it;
        # a word then finds the names one edit away by looking up its own deletions.
        self._typo_index: dict[str, set[str]] = {}
        for token in self._token_brand:
            if len(token) >= _TYPO_MIN_BRAND and token.isalpha() and token not in COMMON_WORD_TOKENS:
                for key in {token, *_deletions(token)}:
                    self._typo_index.setdefault(key, set()).add(token)
        self._segment = lru_cache(maxsize=8192)(self._segment_uncached)
        self._typo_in = lru_cache(maxsize=8192)(self._typo_in_uncached)
        self.find = lru_cache(maxsize=8192)(self._find_uncached)

    def _find_uncached(self, host: str, domain: str) -> Lookalike | None:
        """The brand that host (lower-case ASCII) under its registered domain imitates, or None."""
        label, dot, suffix = domain.partition(".")
        if not dot or not label:
            return None
        throwaway = suffix.rsplit(".", 1)[-1] in THROWAWAY_TLDS or suffix in SHOP_PLATFORM_SUFFIXES
        found = self._in_label(label, throwaway)
        if found is None and host.endswith("." + domain):
            # The labels next to the domain only: a host of a hundred labels stays cheap.
            parts = host[: -len(domain) - 1].split(".")[-_MAX_SUBDOMAIN_LABELS:]
            found = self._in_subdomain(parts, label, throwaway)
        return found

    def _in_subdomain(self, parts: list[str], label: str, throwaway: bool) -> Lookalike | None:
        """A brand's name or own domain in front of another site's domain."""
        for start in range(len(parts)):
            for length in (2, 3):  # nike.com.evil.net, apple.com.cn.evil.net
                if start + length <= len(parts):
                    brand = self._by_domain.get(".".join(parts[start:start + length]))
                    if brand is not None:
                        return Lookalike(brand, "subdomain")
        # A bare brand label counts only where the site itself is a shop: rolex.fandom.com
        # is a fan wiki, rolex.cheap-deals-shop.com is not.
        shop_site = throwaway or _has_shop_signal(label)
        for part in parts:
            found = self._in_label(part, shop_site)
            if found is not None:
                return replace(found, trick="subdomain") if found.trick == "name" else found
        return None

    def _in_label(self, label: str, throwaway: bool) -> Lookalike | None:
        """The brand one label imitates and how, trying plain name, swaps, hyphens, typos."""
        text = label
        if label.startswith("xn--"):
            try:
                text = idna.ulabel(label)
            except (idna.IDNAError, UnicodeError):
                return None
        brand = self._brand_of(text, bare_ok=throwaway)
        if brand is not None:
            return Lookalike(brand, "name")
        found = self._swapped(text, throwaway)
        if found is not None:
            return found
        if not text.isascii():
            return None
        if "-" in text:
            found = self._hyphen_split(text, throwaway)
            if found is not None:
                return found
        token = self._typo_in(text, throwaway)
        return Lookalike(self._token_brand[token], "typo") if token else None

    def _brand_of(self, label: str, bare_ok: bool, common_ok: bool = False):
        """The brand a label is built around under the plain-name rules, or None."""
        chunks = _CHUNK.findall(label)
        if not common_ok and any(chunk in NOT_SHOP_WORDS for chunk in chunks):
            return None
        for chunk in chunks:
            token = chunk if chunk in self._token_brand else self._segment(chunk)
            if token is None:
                continue
            if not common_ok and token in COMMON_WORD_TOKENS and (
                not any(s in label for s in SHOP_SIGNALS) or re.search(token + "[0-9]", label)
            ):
                continue  # coach-hire, omega3-store: the everyday word, not the brand
            if not bare_ok and self._only_neutral_besides(label, token):
                continue
            return self._token_brand[token]
        return None

    def _swapped(self, text: str, throwaway: bool) -> Lookalike | None:
        """A brand spelled with digits for letters or letters from another alphabet."""
        options = []
        foreign = False
        count = 1
        for character in text:
            if character in DIGIT_LETTERS:
                choices = character + DIGIT_LETTERS[character]
            elif not character.isascii():
                choices, other_script = letter_options(character)
                foreign = foreign or other_script
            else:
                choices = character
            if count * len(choices) > _MAX_VARIANTS:
                choices = choices[0]
            count *= len(choices)
            options.append(choices)
        if count == 1 and "".join(options) == text:
            return None
        for letters in product(*options):
            variant = "".join(letters)
            digits = any(choice != original for original, choice in zip(text, letters)
                         if original in DIGIT_LETTERS)
            if foreign:
                # Another alphabet is never an accident: bare names and common words count.
                brand, trick = self._brand_of(variant, bare_ok=True, common_ok=True), "letters"
            elif digits:
                brand, trick = self._brand_of(variant, bare_ok=True), "digits"
            else:  # only accents dropped: the brand's own spelling (hermès) is its name
                brand, trick = self._brand_of(variant, bare_ok=throwaway), "name"
            if brand is not None:
                return Lookalike(brand, trick)
        return None

    def _hyphen_split(self, text: str, throwaway: bool) -> Lookalike | None:
        """A brand whose name hyphens cut in two (ro-lex), or written in its own words."""
        chunks = _CHUNK.findall(text)
        if any(chunk in NOT_SHOP_WORDS or chunk in self._token_brand or self._segment(chunk)
               for chunk in chunks):
            return None  # the name is whole somewhere: the plain rules have judged it
        brand = self._brand_of(text.replace("-", ""), bare_ok=True)
        if brand is None:
            return None
        if any(spelled in text for spelled in self._hyphenated.get(brand, ())):
            # off-white-outlet, the-north-face: the plain name, under the plain rules.
            plain = self._brand_of(text.replace("-", ""), bare_ok=throwaway)
            return Lookalike(plain, "name") if plain is not None else None
        return Lookalike(brand, "hyphens")

    def _typo_in_uncached(self, text: str, throwaway: bool) -> str | None:
        """The name a one-letter typo in text imitates, when the rest is all shop words."""
        chunks = [chunk for chunk in text.split("-") if chunk]
        if len(text) < 4 or not text.replace("-", "").isalpha():
            return None
        for index, chunk in enumerate(chunks):
            others = chunks[:index] + chunks[index + 1:]
            if chunk in TYPO_LOOKALIKE_WORDS or not all(_splits_into(other, SHOP_WORDS) for other in others):
                continue
            for start, end, token in self._typos_within(chunk):
                rest = [chunk[:start], chunk[end:], *others]
                # A bare typo (rolx.com) or one beside only region words may be an accident.
                if throwaway or not all(_splits_into(piece, NEUTRAL_WORDS) for piece in rest):
                    return token
        return None

    def _typos_within(self, chunk: str):
        """(start, end, name) for each typo of a name in chunk with shop words around it."""
        size = len(chunk)
        # Where a run of shop words can end (from the start) and begin (to the end).
        from_start = [True] + [False] * size
        for end in range(1, size + 1):
            from_start[end] = any(from_start[start] and chunk[start:end] in SHOP_WORDS
                                  for start in range(max(0, end - 12), end))
        to_end = [False] * size + [True]
        for start in range(size - 1, -1, -1):
            to_end[start] = any(to_end[end] and chunk[start:end] in SHOP_WORDS
                                for end in range(start + 1, min(size, start + 12) + 1))
        for start in range(size):
            if not from_start[start]:
                continue
            for end in range(start + 4, min(size, start + self._max_token + 1) + 1):
                if not to_end[end]:
                    continue
                token = self._typo_match(chunk[start:end])
                # A dropped letter only as a whole word: "casi" + "no" is casino, not Casio.
                if token and (end - start >= len(token) or (start, end) == (0, size)):
                    yield start, end, token

    def _typo_match(self, word: str) -> str | None:
        """The typo-able brand name exactly one edit away from word, or None."""
        if word in SHOP_WORDS or word in TYPO_LOOKALIKE_WORDS or word in self._token_brand:
            return None
        for key in (word, *_deletions(word)):
            for token in self._typo_index.get(key, ()):
                # Typosquats keep the first letter; words that differ there are other words.
                if token[0] == word[0] and _one_edit_apart(word, token):
                    return token
        return None

    @staticmethod
    def _only_neutral_besides(label: str, token: str) -> bool:
        """Whether label is token plus only region / product-line words (or nothing)."""
        rest = _CHUNK.findall(label.replace(token, " ", 1))
        return all(_splits_into(piece, NEUTRAL_WORDS) for piece in rest)

    def _segment_uncached(self, chunk: str):
        """Split chunk into shop words and at least one brand token; that token, or None."""
        # best[i] = (chunk[:i] splits cleanly, a brand among its words or None);
        # a split that carries a brand is preferred over one that does not.
        best: list[tuple[bool, object]] = [(False, None)] * (len(chunk) + 1)
        best[0] = (True, None)
        longest = max(self._max_token, 12)
        for end in range(1, len(chunk) + 1):
            for start in range(max(0, end - longest), end):
                possible, brand = best[start]
                if not possible:
                    continue
                word = chunk[start:end]
                if word in self._token_brand:
                    candidate = (True, brand or word)
                elif word in SHOP_WORDS:
                    candidate = (True, brand)
                else:
                    continue
                if not best[end][0] or (best[end][1] is None and candidate[1] is not None):
                    best[end] = candidate
        possible, brand = best[len(chunk)]
        return brand if possible else None


@lru_cache(maxsize=4096)
def _splits_into(text: str, words: frozenset) -> bool:
    """Whether text is a run of words from the set ("usapro" → usa + pro)."""
    reachable = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        reachable[end] = any(
            reachable[start] and text[start:end] in words for start in range(max(0, end - 12), end)
        )
    return reachable[len(text)]


def _has_shop_signal(label: str) -> bool:
    """Whether the label is made of shop words that say it sells (cheap-deals-shop)."""
    return any(
        _splits_into(chunk, SHOP_WORDS) and any(signal in chunk for signal in SHOP_SIGNALS)
        for chunk in _CHUNK.findall(label)
    )


def _deletions(word: str) -> set[str]:
    """word with one letter left out, every way."""
    return {word[:index] + word[index + 1:] for index in range(len(word))}


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether a and b differ by exactly one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        short, long_ = (a, b) if len(a) < len(b) else (b, a)
        return any(long_[:index] + long_[index + 1:] == short for index in range(len(long_)))
    differ = [index for index in range(len(a)) if a[index] != b[index]]
    if len(differ) == 1:
        return True
    return (len(differ) == 2 and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])


def _unicode_host(host: str) -> str:
    """host as a browser could show it: xn-- labels decoded where they are valid."""
    labels = []
    for label in host.split("."):
        try:
            labels.append(idna.ulabel(label) if label.startswith("xn--") else label)
        except (idna.IDNAError, UnicodeError):
            labels.append(label)
    return ".".join(labels)
