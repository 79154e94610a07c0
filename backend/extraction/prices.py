"""Reading prices: structured data as schema.org numbers, display texts as pages write them.

Structured data (JSON-LD `price`, microdata `content`, `product:price:amount`, a
marketplace's JSON number) is a plain decimal with "." as the decimal mark: "1299.000"
is 1299 and "1.299" is 1.299. Display text ("£12.99", "1.234,56 €", "KWD 12.500",
"₹1,29,999.00") follows the locale's separators and the currency's minor units.
"""

import math
import re
import unicodedata

from ..page import Price
from .currencies import CODES_IN_TEXT, is_currency, minor_units

# Symbols and prefixes, longest first; a bare "$", "¥" or "kr" is resolved with
# the currency of the site's country (see currency_of_domain).
_SYMBOLS = (
    ("US$", "USD"), ("US $", "USD"), ("USD$", "USD"), ("C$", "CAD"), ("C $", "CAD"),
    ("CA$", "CAD"), ("CA $", "CAD"), ("CAD$", "CAD"), ("AU$", "AUD"), ("AU $", "AUD"),
    ("A$", "AUD"), ("A $", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"),
    ("SG$", "SGD"), ("R$", "BRL"), ("MX$", "MXN"), ("NT$", "TWD"),
    ("£", "GBP"), ("€", "EUR"), ("₹", "INR"), ("₩", "KRW"), ("₺", "TRY"), ("₽", "RUB"),
    ("₱", "PHP"), ("₪", "ILS"), ("₫", "VND"), ("zł", "PLN"), ("Kč", "CZK"), ("CHF", "CHF"),
    ("円", "JPY"), ("元", "CNY"), ("RMB", "CNY"),
    ("د.ك", "KWD"), ("د.ب", "BHD"), ("ر.ع", "OMR"), ("د.ا", "JOD"), ("د.ت", "TND"),
    ("د.إ", "AED"), ("ر.س", "SAR"), ("ر.ق", "QAR"),
)
_AMBIGUOUS = {"$": ("USD", "CAD", "AUD", "NZD", "MXN", "SGD", "HKD", "TWD"),
              "¥": ("JPY", "CNY"), "￥": ("JPY", "CNY"), "kr": ("SEK", "NOK", "DKK", "ISK")}
_AMBIGUOUS_DEFAULT = {"$": "USD", "¥": "JPY", "￥": "JPY", "kr": "SEK"}

_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
# Separators that only ever group digits (spaces, apostrophes, the Arabic thousands
# mark), marks that group or end the whole part, and the Arabic decimal mark.
_GROUP_ONLY = " \u00a0\u202f\u2009'’\u066c"
_ARABIC_DECIMAL = "\u066b"
_SEPARATOR = f"[{_GROUP_ONLY}.,]"
# Indian lakh grouping ("1,29,999.00"); groups of three with one separator used
# throughout ("1 234,56", "1.299.000", "1'250.00"); or plain digits ("27.99", "1299").
_NUMBER = re.compile(
    r"(?<![0-9])(?:"
    rf"[0-9]{{1,2}}(?:,[0-9]{{2}})+,[0-9]{{3}}(?:[.{_ARABIC_DECIMAL}][0-9]+)?"
    rf"|[0-9]{{1,3}}(?P<group>{_SEPARATOR})[0-9]{{3}}(?:(?P=group)[0-9]{{3}})*"
    rf"(?:[.,{_ARABIC_DECIMAL}][0-9]+)?"
    rf"|[0-9]+(?:[.,{_ARABIC_DECIMAL}][0-9]+)?"
    r")(?![0-9])"
)
# A JSON / schema.org number written as text ("1299.000", "12", "1.2e3", "-5").
_SCHEMA_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

# Country-code endings of marketplace domains and their currency.
_DOMAIN_CURRENCY = (
    (".co.uk", "GBP"), (".com.au", "AUD"), (".com.mx", "MXN"), (".com.br", "BRL"),
    (".co.jp", "JPY"), (".com.tr", "TRY"), (".com.sg", "SGD"), (".com.hk", "HKD"),
    (".co.nz", "NZD"), (".in", "INR"), (".ca", "CAD"), (".se", "SEK"), (".pl", "PLN"),
    (".ch", "CHF"), (".ae", "AED"), (".sa", "SAR"), (".cn", "CNY"), (".nl", "EUR"),
    (".de", "EUR"), (".fr", "EUR"), (".it", "EUR"), (".es", "EUR"), (".ie", "EUR"),
    (".at", "EUR"), (".be", "EUR"), (".com.kw", "KWD"), (".com", "USD"), (".us", "USD"),
)
MAX_AMOUNT = 10_000_000


def currency_of_domain(domain: str | None) -> str | None:
    """The currency a site in this country shows prices in (amazon.co.uk → GBP)."""
    if not domain:
        return None
    domain = "." + domain.lower()
    for ending, currency in _DOMAIN_CURRENCY:
        if domain.endswith(ending):
            return currency
    return None


def _bounded(amount: float) -> float | None:
    return amount if math.isfinite(amount) and 0 < amount < MAX_AMOUNT else None


def structured_amount(value) -> float | None:
    """A schema.org number: a JSON number as is, or a plain decimal string ("1299.000")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Compared as an int: float() of 10**400 would raise.
        return float(value) if 0 < value < MAX_AMOUNT else None
    if isinstance(value, float):
        return _bounded(value)
    if isinstance(value, str) and _SCHEMA_NUMBER.fullmatch(value.strip()):
        return _bounded(float(value.strip()))
    return None


def _ascii_digits(text: str) -> str:
    """Text with every decimal digit (Arabic-Indic, Devanagari, full-width ...) as 0-9."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char
                   for char in text)


def _decimal_mark(token: str, currency: str | None) -> str | None:
    """Which separator in a number token ends its whole part, or None if all group digits."""
    separators = [char for char in token if not char.isdigit()]
    if not separators:
        return None
    last = separators[-1]
    if last == _ARABIC_DECIMAL:
        return last
    if last in _GROUP_ONLY:
        return None
    if len(set(separators)) > 1:  # "1.234,56", "1 234,56", "1'250.00", "1,29,999.00"
        return last
    if len(separators) > 1:  # "1.299.000", "1,29,999"
        return None
    whole, _, fraction = token.partition(last)
    # One mark: a decimal mark unless it can only be grouping. Exactly three digits
    # after it, behind a part that could lead a group (1-3 digits, no leading 0), are
    # a group of thousands ("1,299", "JPY 1.299"), except in the currencies with
    # exactly three minor units (KWD, BHD ...: "KWD 12.500" is 12.5). "0.500" and
    # "1234.567" are decimal whatever the currency; CLF and UYW (four minor units)
    # read "12.345" as 12345, like the two-unit currencies.
    if len(fraction) != 3 or len(whole) > 3 or whole.startswith("0"):
        return last
    return last if minor_units(currency) == 3 else None


def parse_amount(text, currency: str | None = None) -> float | None:
    """The first number of a display text, read with the currency's decimals, or None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return structured_amount(text)
    found = _NUMBER.search(_ascii_digits(str(text)[:200]))
    if not found:
        return None
    token = found.group(0)
    mark = _decimal_mark(token, currency)
    if mark is None:
        number = "".join(char for char in token if char.isdigit())
    else:
        whole, _, fraction = token.rpartition(mark)
        number = "".join(char for char in whole if char.isdigit()) + "." + fraction
    amount = _bounded(float(number))
    return round(amount, minor_units(currency)) or None if amount else None


def currency_in(text: str, default: str | None = None) -> str | None:
    """The currency text names by ISO code or symbol; default for a bare "$" in its family."""
    text = str(text)[:200]
    for code in _CODE.findall(text):
        if code in CODES_IN_TEXT:
            return code
    for symbol, code in _SYMBOLS:
        if symbol in text:
            return code
    for symbol, family in _AMBIGUOUS.items():
        if symbol in text:
            return default if default in family else _AMBIGUOUS_DEFAULT[symbol]
    return None


def _named_currency(currency) -> str | None:
    """An ISO code given next to a price ("eur", " USD"), or the one a symbol names ("€")."""
    if not isinstance(currency, str) or not currency.strip():
        return None
    code = currency.strip().upper()
    if is_currency(code):
        return code
    return currency_in(currency.strip()[:20]) if len(currency) <= 20 else None


def parse_price(text, default_currency: str | None = None,
                currency: str | None = None) -> Price | None:
    """A Price from display text; the currency from currency, else the text, else the default."""
    if text is None:
        return None
    text = str(text)
    found_currency = (_named_currency(currency) or currency_in(text, default_currency)
                      or _named_currency(default_currency))
    amount = parse_amount(text, found_currency)
    if amount is None or not found_currency:
        return None
    return Price(amount, found_currency)


def structured_price(value, currency=None, default_currency: str | None = None) -> Price | None:
    """A Price from structured data: value a schema.org number, currency its ISO code.

    A value that is not a schema.org number ("1,299.00", "$12.99", "12,50") breaks the
    format; it is read as display text, the best guess left.
    """
    amount = structured_amount(value)
    if amount is None:
        if isinstance(value, str) and not _SCHEMA_NUMBER.fullmatch(value.strip()):
            return parse_price(value, default_currency, currency)
        return None
    found_currency = _named_currency(currency) or _named_currency(default_currency)
    return Price(amount, found_currency) if found_currency else None
