"""Compatibility wording: "charger for iPhone 15, Xiaomi, Samsung" names what a product fits.

A brand named right after such wording ("for", "compatible with", "fits", "für", "pour",
"para", "per", "voor", "do" ...) or as a later item of the list it opens ("..., Xiaomi,
Samsung" / "Samsung and Apple" / "Samsung/Apple") is what the product fits, not its maker.
catalog.Catalog.find_brand takes the first brand named anywhere else as the product's
brand; the price rules skip a brand the title names as what it fits. The rule file carries
these patterns (translated) so the extension reads titles the same way (rules.js).
docs/scoring.md ("Compatibility wording") says why the lists are what they are.

Everything here works on text.match_form text (folded, accents dropped), so the phrases
are written as they read there ("für" is "fur").
"""

import re

from ..text import match_form

# The wording, by language, in the marketplaces' main languages. Only wording that names
# what the product goes with; "like" (similarity: "earbuds like AirPods") was in the old
# price exemption and stays.
PHRASES = {
    "en": ["for", "compatible with", "compatible for", "fits", "fit for", "fits for",
           "replacement for", "works with", "designed for", "made for", "suitable for", "like"],
    "de": ["für", "kompatibel mit", "passend für", "passt für", "passt zu", "ersatz für",
           "geeignet für"],
    "fr": ["pour", "compatible avec", "adapté à", "adapté pour", "remplacement pour"],
    "es": ["para", "compatible con", "repuesto para", "apto para"],
    "it": ["per", "compatibile con", "adatto a", "adatto per", "ricambio per"],
    "pt": ["para", "compatível com", "serve para"],
    "nl": ["voor", "geschikt voor", "compatibel met", "past op"],
    "pl": ["do", "dla", "kompatybilny z", "pasuje do", "zamiennik do"],
}
# Bare "fit" is wording only after an accessory's noun ("Case fit iPhone 15", "Band fit
# Galaxy Watch", common on AliExpress): after anything else it is how clothes cut ("Slim
# fit Nike Air Jordan 1", "Regular Fit", "great fit"), and a list of cuts (slim, regular,
# relaxed ...) would leave every other adjective open for a seller to dodge the price floor.
FITTING_NOUNS = ("case cases cover covers shell bumper skin skins sleeve pouch holster strap "
                 "straps band bands bracelet loop charger cable cord adapter dock stand mount "
                 "holder protector glass film lens battery filter filters tips pads cushions "
                 "parts replacement refill refills insoles laces").split()
# "One size fits all, Nike cap" and "faux fur Moncler jacket" (English "fur" is not German
# "für" after folding): wording not after these words.
NOT_AFTER = {"fits": ("size",), "fur": ("faux", "fake", "real", "mink", "fox", "rabbit")}
# Who a product is for is not what it fits: "for men" opens no list, so "Sneakers for
# men, Nike Air Jordan 1" keeps Nike as the brand.
AUDIENCE = ("men mens man women womens woman ladies lady kids kid children child boys boy girls "
            "girl baby babies toddler toddlers adults adult unisex him her gift gifts "
            "herren damen kinder jungen mädchen frauen männer "
            "homme hommes femme femmes enfant enfants garçon fille "
            "hombre hombres mujer mujeres niño niños niña niñas caballero dama "
            "uomo donna bambini bambino bambina ragazzi "
            "homem homens mulher mulheres crianças "
            "heren dames kinderen jongens meisjes "
            "mężczyzn kobiet dzieci").split()
# Skipped after the wording or a separator: "for the Samsung Galaxy".
ARTICLES = "the a an your die der das den ihr le la les votre el los las su il lo gli o os as seu sua de het uw".split()
# What continues the list: "," "/" "&" "+" and the languages' "and" / "or" (not Dutch
# "of": English "of" is everywhere).
JOINERS = "and or und oder et ou y o e en i lub oraz".split()
# What ends the list besides punctuation: a "with" starts the product's own features.
LIST_ENDERS = "with mit avec con com met z including incl inkl".split()
# An item longer than this (code points) is no device name: the list ends with it, and
# a name further on in it is not covered by it.
MAX_ITEM = 40
# A list's next separator is looked for this far on only, so a title of 250 "for"s or a
# run of 1,000 spaces costs no more than a usual title (the scan is bounded, not quadratic).
STEP_WINDOW = MAX_ITEM + 20
# Lists read per title: a real one has two or three; "for for for ..." is read no further.
MAX_OPENERS = 20


def _alternatives(words, space=r"\s+") -> str:
    forms = sorted({match_form(word) for word in words}, key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", space) for form in forms)


def _phrase_source(space=r"\s+") -> str:
    phrases = {match_form(phrase) for language in PHRASES.values() for phrase in language}
    guarded = {word: {phrase for phrase in phrases if phrase.split()[0] == word} for word in NOT_AFTER}
    sources = [_alternatives(phrases.difference(*guarded.values()), space)]
    for word, among in guarded.items():
        if among:
            not_after = "".join(rf"(?<!{re.escape(before)}{space[:-1]})" for before in NOT_AFTER[word])
            sources.append(rf"{not_after}(?:{_alternatives(among, space)})")
    sources.append(rf"(?:{_alternatives(FITTING_NOUNS)}){space}fit")
    return "(?:" + "|".join(sources) + ")"


_NOT_AUDIENCE = rf"(?!(?:{_alternatives(AUDIENCE)})(?!\w))"
_ARTICLES = rf"(?:{_alternatives(ARTICLES)})"
# An article, taken whole when there is one: no backtracking to end before it ("for the
# men" is for men) or inside a run of spaces ("for  men").
_ARTICLE = rf"(?:{_ARTICLES}\s+(?!\s){_NOT_AUDIENCE}|(?!{_ARTICLES}\s))"
# The wording, its spaces and an article; not before an audience word. Its end is where a
# brand named as what the product fits begins.
OPENER = re.compile(rf"(?<![\w-]){_phrase_source()}\s+(?!\s){_NOT_AUDIENCE}{_ARTICLE}")
# From inside a list: group 1 a separator (and an article: its end is the next item's
# start), else what ends the list (punctuation other than , / & + ' . -, " - ", a ". ",
# a "with").
LIST_STEP = re.compile(
    rf"(\s*(?:[,/&+]|(?<!\w)(?:{_alternatives(JOINERS)})(?!\w))\s*(?:{_ARTICLES}\s+(?!\s))?)"
    rf"|[^\w\s,/&+'.\-]|\s-\s|\.(?!\w)|(?<!\w)(?:{_alternatives(LIST_ENDERS)})(?!\w)"
)
# A word of each phrase, before its end (the first; "fit" for "case fit"): Catalog.find_brand
# looks for them with the brands, so a title that names a brand before any of them (most)
# costs one RE2 search, as before; OPENER (4 µs in `re`) runs only on the others.
FIRST_WORDS = frozenset(match_form(phrase).split()[0]
                        for language in PHRASES.values() for phrase in language) | {"fit"}
# A declared brand field that is itself compatibility wording ("Compatible with Apple").
WORDING_FIRST = re.compile(rf"{_phrase_source()}\s+")
# The wording and an article right before a name, no lists, spaces plain: small enough to
# repeat per brand with its spellings ("strap fits Rolex"), the rule file's brands[].fits for
# extensions built before its `compatibility` section (rulefile.py).
WORDING_BEFORE_A_NAME = re.compile(
    rf"(?<![\w-]){_phrase_source(' +')} +(?:(?:{_alternatives(ARTICLES, ' +')}) +)?")


def fitted_items(folded: str) -> dict[int, int]:
    """The items of the lists compatibility wording opens in match_form text: {start: end}
    (code point offsets). A brand named at an item's start is what the product fits, and
    so is any other named further on in that item ("for Samsung Galaxy Watch 6")."""
    items: dict[int, int] = {}
    for count, opener in enumerate(OPENER.finditer(folded)):
        if count == MAX_OPENERS:
            break
        at = opener.end()
        # A list walked on from an item seen before goes on as before: each item once.
        while at not in items:
            step = LIST_STEP.search(folded, at, at + STEP_WINDOW)
            end = len(folded) if step is None else step.start()
            items[at] = min(end, at + MAX_ITEM)
            if step is None or step.group(1) is None or end - at > MAX_ITEM:
                break
            at = step.end()
    return items


def is_wording(field: str | None) -> bool:
    """Whether a declared brand field reads as compatibility wording ("for Samsung")."""
    return bool(field) and WORDING_FIRST.match(match_form(field.strip())) is not None

