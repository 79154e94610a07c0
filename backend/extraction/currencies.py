"""ISO 4217 currencies and their minor units (digits after the decimal mark)."""

# Active ISO 4217 codes (2025). Most have 2 minor units; the exceptions follow.
_CODES = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL
MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN
SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES
VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split()

_MINOR_UNITS_EXCEPTIONS = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}

MINOR_UNITS: dict[str, int] = {code: 2 for code in _CODES} | {
    code: digits for digits, codes in _MINOR_UNITS_EXCEPTIONS.items() for code in codes.split()
}

# Codes that are also everyday words or names ("ALL sizes", "AMD Ryzen", "TOP seller"):
# a price text naming one of these is not taken to mean that currency. A structured
# priceCurrency still may.
_WORDS = frozenset("ALL AMD ANG BOB CUP GEL MAD MOP SOS TOP USN BOV CHE CHW COU MXV UYI".split())
CODES_IN_TEXT = frozenset(MINOR_UNITS) - _WORDS


def minor_units(currency: str | None) -> int:
    """How many digits follow the decimal mark in this currency (2 when unknown)."""
    return MINOR_UNITS.get(currency or "", 2)


def is_currency(code: str | None) -> bool:
    """Whether code is an active ISO 4217 code (upper case)."""
    return code in MINOR_UNITS
