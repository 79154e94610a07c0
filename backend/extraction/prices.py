"""Reading prices as pages write them: "£12.99", "US $27.99", "1.234,56 €", "EUR 12,50"."""

import re

from ..page import Price

# Symbols and prefixes, longest first; a bare "$", "¥" or "kr" is resolved with
# the currency of the site's country (see currency_of_domain).
_SYMBOLS = (
    ("US$", "USD"), ("US $", "USD"), ("USD$", "USD"), ("C$", "CAD"), ("C $", "CAD"),
    ("CA$", "CAD"), ("CA $", "CAD"), ("CAD$", "CAD"), ("AU$", "AUD"), ("AU $", "AUD"),
    ("A$", "AUD"), ("A $", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"),
    ("SG$", "SGD"), ("R$", "BRL"), ("MX$", "MXN"), ("NT$", "TWD"),
    ("£", "GBP"), ("€", "EUR"), ("₹", "INR"), ("₩", "KRW"), ("₺", "TRY"), ("₽", "RUB"),
    ("₱", "PHP"), ("₪", "ILS"), ("zł", "PLN"), ("Kč", "CZK"), ("CHF", "CHF"),
    ("円", "JPY"), ("元", "CNY"), ("RMB", "CNY"),
)
_AMBIGUOUS = {"$": ("USD", "CAD", "AUD", "NZD", "MXN", "SGD", "HKD", "TWD"),
              "¥": ("JPY", "CNY"), "￥": ("JPY", "CNY"), "kr": ("SEK", "NOK", "DKK", "ISK")}
_AMBIGUOUS_DEFAULT = {"$": "USD", "¥": "JPY", "￥": "JPY", "kr": "SEK"}
_ZERO_DECIMAL = frozenset({"JPY", "KRW", "ISK", "CLP", "VND", "HUF", "TWD"})

_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
# Digits in groups of three with separators ("1 234,56", "1,234.56"), or plain.
_NUMBER = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009'.,]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")

# Country-code endings of marketplace domains and their currency.
_DOMAIN_CURRENCY = (
    (".co.uk", "GBP"), (".com.au", "AUD"), (".com.mx", "MXN"), (".com.br", "BRL"),
    (".co.jp", "JPY"), (".com.tr", "TRY"), (".com.sg", "SGD"), (".com.hk", "HKD"),
    (".co.nz", "NZD"), (".in", "INR"), (".ca", "CAD"), (".se", "SEK"), (".pl", "PLN"),
    (".ch", "CHF"), (".ae", "AED"), (".sa", "SAR"), (".cn", "CNY"), (".nl", "EUR"),
    (".de", "EUR"), (".fr", "EUR"), (".it", "EUR"), (".es", "EUR"), (".ie", "EUR"),
    (".at", "EUR"), (".be", "EUR"), (".com", "USD"), (".us", "USD"),
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


def known_currencies() -> frozenset[str]:
    """Every ISO 4217 code this module can name."""
    return frozenset(code for _, code in _SYMBOLS) | frozenset(
        code for codes in _AMBIGUOUS.values() for code in codes
    ) | frozenset({"AED", "SAR", "ZAR", "SEK", "NOK", "DKK", "HUF", "RON", "BGN", "EGP",
                   "VND", "THB", "MYR", "IDR", "CLP", "COP", "PEN", "ARS", "UAH"})


_ISO = known_currencies()


def parse_amount(text: str, currency: str | None = None) -> float | None:
    """The number in text ("1.234,56", "1,234.56", "12,50", "27.99"), or None."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        amount = float(text)
        return round(amount, 2) if 0 < amount < MAX_AMOUNT else None
    found = _NUMBER.search(str(text)[:200])
    if not found:
        return None
    digits = _SPACES.sub("", found.group(0)).rstrip(".,")
    last_dot, last_comma = digits.rfind("."), digits.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        mark = "." if last_dot >= 0 else ","
        decimals = len(digits) - max(last_dot, last_comma) - 1
        # One mark followed by exactly three digits is a thousands separator
        # ("1.234 €", "$1,299"), except in a currency that has decimals of three.
        decimal = mark if digits.count(mark) == 1 and decimals != 3 else None
    else:
        decimal = None
    if decimal is None:
        number = digits.replace(".", "").replace(",", "")
    else:
        whole, _, fraction = digits.rpartition(decimal)
        number = whole.replace(".", "").replace(",", "") + "." + fraction
    try:
        amount = float(number)
    except ValueError:
        return None
    if currency in _ZERO_DECIMAL:
        amount = float(round(amount))
    return round(amount, 2) if 0 < amount < MAX_AMOUNT else None


def currency_in(text: str, default: str | None = None) -> str | None:
    """The currency text names by ISO code or symbol; default for a bare "$" in its family."""
    text = str(text)[:200]
    for code in _CODE.findall(text):
        if code in _ISO:
            return code
    for symbol, code in _SYMBOLS:
        if symbol in text:
            return code
    for symbol, family in _AMBIGUOUS.items():
        if symbol in text:
            return default if default in family else _AMBIGUOUS_DEFAULT[symbol]
    return None


def parse_price(text, default_currency: str | None = None, currency: str | None = None) -> Price | None:
    """A Price from display text; the currency from the text, else currency, else the default."""
    if text is None:
        return None
    text = str(text)
    if currency and re.fullmatch(r"[A-Za-z]{3}", currency.strip()):
        found_currency = currency.strip().upper()
    else:
        found_currency = currency_in(text, default_currency)
    found_currency = found_currency or default_currency
    amount = parse_amount(text, found_currency)
    if amount is None or not found_currency:
        return None
    return Price(amount, found_currency)
