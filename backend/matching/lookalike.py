"""Lookalike shop domains: a brand's name inside a domain that is not the brand's.

A brand name only counts when the domain label splits cleanly into the brand
and ordinary shop words ("cheap-nike-shoes", "monclersale", "rolexreplicas").
A brand that is part of an unrelated word ("caravans" holds "vans",
"coaching" holds "coach") does not split that way and is not flagged.
Brands own their name under country domains and next to a region or product
line (nike.de, birkenstockusa.com, timberlandpro.com): a label that is only the
brand and such neutral words counts only under a throwaway shop TLD (rolex.shop).
"""

import re
from functools import lru_cache

# Words that shop domains wrap around a brand name. Kept deliberately plain:
# every word here is one a fake shop would use and a real unrelated word rarely
# is made of.
SHOP_WORDS = frozenset("""
the my your our go get buy best top hot new cheap cheapest low discount discounts deal deals
sale sales sell seller clearance outlet outlets store stores shop shops shopping online official
offical authentic original genuine real replica replicas rep reps fake copy mall market world
global direct factory wholesale warehouse club zone center centre hub house boutique express
luxury fashion style styles trend brand brands super mega plus pro max vip mart depot city land
us usa uk au ca de fr it es nl eu jp cn kr br mx in ie nz ch at be se dk no fi pl ru
shoe shoes sneaker sneakers trainer trainers boot boots sandals slides bag bags handbag handbags
purse purses wallet wallets watch watches clock jewelry jewellery jewel jewels ring rings necklace
bracelet bracelets earrings belt belts scarf scarves sunglass sunglasses glasses eyewear
jacket jackets coat coats hoodie hoodies shirt shirts tee tees jersey jerseys wear apparel
clothing clothes kids women men mens womens girls boys baby sport sports fitness gym run running
air max jordan headphones earbuds earphones phone phones case cases tech gadgets perfume beauty
cosmetics makeup lips gift gifts 2u4u for co inc ltd llc group net web site pk vn ph my sg hk tw
""".split())

# Brand names that are also everyday words or names (coach-hire, apple-farm,
# myhermes parcels): these count only next to an unmistakable shop word.
COMMON_WORD_TOKENS = frozenset("""
coach vans puma supreme guess converse beats stanley pandora fossil crocs mac apple omega
hermes celine tiffany peloton swatch trx bose sony champion diesel kenzo
""".split())
SHOP_SIGNALS = ("outlet", "sale", "replica", "reps", "cheap", "discount", "official", "offical",
                "store", "shop", "clearance", "factory", "wholesale", "fake", "copy")

# Words a brand's own sites put next to its name: regions and product lines.
NEUTRAL_WORDS = frozenset("""
us usa uk au ca de fr it es nl eu jp cn kr br mx in ie nz ch at be se dk no fi pl ru sg hk tw
my ph vn pk pro beauty group inc corp co ltd llc golf kids home
""".split())
# Top-level domains that fake shops favour; a bare brand name under one is a lookalike.
THROWAWAY_TLDS = frozenset("""
shop store top xyz online site club vip buzz icu sale outlet cc live fun best bid win
""".split())

_CHUNK = re.compile(r"[a-z]+")


class LookalikeDetector:
    """Finds brand names embedded in domain labels, compiled once per list version."""

    def __init__(self, brands, forms: dict):
        self._token_brand = {}
        for form, brand in forms.items():
            token = re.sub(r"[^a-z0-9]", "", form)
            # Very short tokens (2 letters) split too many words by chance.
            if len(token) >= 3:
                self._token_brand.setdefault(token, brand)
        self._max_token = max((len(t) for t in self._token_brand), default=0)
        self._segment = lru_cache(maxsize=8192)(self._segment_uncached)

    def brand_in(self, label: str, suffix: str = "com"):
        """The brand whose name the domain label (under suffix) is built around, or None."""
        label = label.lower()
        for chunk in _CHUNK.findall(label):
            token = chunk if chunk in self._token_brand else self._segment(chunk)
            if token is None:
                continue
            if token in COMMON_WORD_TOKENS and not any(s in label for s in SHOP_SIGNALS):
                continue
            if self._only_neutral_besides(label, token) and suffix not in THROWAWAY_TLDS:
                continue
            return self._token_brand[token]
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
            reachable[start] and text[start:end] in words for start in range(max(0, end - 8), end)
        )
    return reachable[len(text)]
