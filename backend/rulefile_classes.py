"""Characters and classes for rulefile_patterns.py: literals and class members written the
way JavaScript's `u` mode reads them, the whitespace and word classes of RE2 and of Python,
and POSIX classes as ranges."""

import sys

# Python's \s: the characters str.isspace() accepts (re uses the same test).
PYTHON_SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1)
                        if chr(c).isspace() and not 0xD800 <= c < 0xE000)
RE2_SPACES = "\t\n\f\r "
# Python's \w (str.isalnum() or _), as JavaScript Unicode properties.
PYTHON_WORD = r"\p{L}\p{N}_"

POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "ascii": "\x00-\x7f", "blank": "\t ",
    "cntrl": "\x00-\x1f\x7f", "digit": "0-9", "graph": "!-~", "lower": "a-z",
    "print": " -~", "punct": "!-/:-@[-`{-~", "space": "\t\n\v\f\r ", "upper": "A-Z",
    "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f",
}
SYNTAX = set("^$\\.*+?()[]{}|/")
CLASS_SYNTAX = set("\\]^-[")


def literal(code: int, in_class: bool) -> str:
    """One character as JavaScript source, escaped where `u` mode needs it."""
    character = chr(code)
    if character in (CLASS_SYNTAX if in_class else SYNTAX):
        return "\\" + character
    if 0x20 <= code < 0x7F or (code > 0x7F and character.isprintable()
                                and not character.isspace()):
        return character
    return "\\u{%X}" % code


def ranges_source(ranges) -> str:
    """Class members for a list of (low, high) code points, neighbours merged."""
    merged = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return "".join(literal(low, True) if low == high
                   else f"{literal(low, True)}-{literal(high, True)}" for low, high in merged)


def complement(members: str):
    """The code point ranges not in members (a handful of characters), as (low, high)."""
    codes = sorted({ord(c) for c in members})
    ranges, start = [], 0
    for code in codes:
        if code > start:
            ranges.append((start, code - 1))
        start = code + 1
    ranges.append((start, 0x10FFFF))
    return ranges


def posix_ranges(spec: str):
    ranges, index = [], 0
    while index < len(spec):
        if index + 2 < len(spec) and spec[index + 1] == "-":
            ranges.append((ord(spec[index]), ord(spec[index + 2])))
            index += 3
        else:
            ranges.append((ord(spec[index]), ord(spec[index])))
            index += 1
    return ranges


def complement_ranges(ranges):
    ranges = sorted(ranges)
    result, start = [], 0
    for low, high in ranges:
        if low > start:
            result.append((start, low - 1))
        start = max(start, high + 1)
    if start <= 0x10FFFF:
        result.append((start, 0x10FFFF))
    return result
