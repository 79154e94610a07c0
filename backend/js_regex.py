"""Python regular expressions written as JavaScript ones that match the same strings.

The extension tests URLs with the backend's own patterns (backend/extension_gen.py writes
them into it), so the translation must keep Python's meaning where the two dialects differ:

- \\d is any Unicode decimal digit in Python (ASCII digits under re.ASCII): \\p{Nd}, with
  JavaScript's u flag (which every translated regex has).
- Under re.IGNORECASE Python also matches dotless ı and dotted İ to i; JavaScript's case
  folding does not, so wherever i can match they are added (K and ſ fold alike in both).
- . never matches a newline and $ also matches before a final newline in Python.
- {,n} means {0,n}; a { that starts no quantifier and a ] first in a class are literal.

Whatever the two dialects read differently and the patterns do not need (\\w, \\s, \\b,
inline flags, named groups, back references, ...) is refused with ValueError, so a new
pattern fails the generator instead of silently matching something else.
"""

import re

# Escapes JavaScript's u mode accepts as "this character itself".
_SYNTAX = set("^$\\.*+?()[]{}|/")
_SIMPLE_ESCAPES = set("ntrfv")
_QUANTIFIER = re.compile(r"\{([0-9]*)(?:(,)([0-9]*))?\}")
# Python (str patterns, IGNORECASE) matches these to i as well; JavaScript does not.
_DOTTED_AND_DOTLESS_I = "\\u0130\\u0131"
_ALLOWED_FLAGS = re.IGNORECASE | re.ASCII | re.UNICODE


def js_regex(pattern: re.Pattern, whole: bool = False) -> str:
    """pattern as a JavaScript regex literal; whole: matching all of the text (fullmatch)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & ~_ALLOWED_FLAGS:
        raise ValueError(f"cannot translate {pattern!r}: only str patterns, IGNORECASE and ASCII")
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    ascii_only = bool(pattern.flags & re.ASCII)
    if ignore_case and ascii_only:
        # JavaScript's u mode folds K and ſ to k and s; Python's ASCII mode does not.
        raise ValueError(f"cannot translate {pattern!r}: IGNORECASE with ASCII")
    body = _Translator(pattern.pattern, pattern.flags).translate()
    if whole:
        body = f"^(?:{body})$"
    return f"/{body}/{'i' if ignore_case else ''}u"


class _Translator:
    """One pass over a pattern's source, writing the JavaScript source."""

    def __init__(self, source: str, flags: int):
        self.source = source
        self.flags = flags
        self.ignore_case = bool(flags & re.IGNORECASE)
        self.ascii_only = bool(flags & re.ASCII)
        self.at = 0

    def refuse(self, what: str) -> ValueError:
        return ValueError(f"cannot translate {what} at {self.at} in {self.source!r}")

    def translate(self) -> str:
        out = []
        while self.at < len(self.source):
            char = self.source[self.at]
            if char == "\\":
                out.append(self.escape(in_class=False))
            elif char == "[":
                out.append(self.character_class())
            elif char == "(":
                out.append(self.group())
            elif char == "{":
                out.append(self.brace())
            elif char in "*+?" and self.source[self.at + 1:self.at + 2] == "+":
                raise self.refuse("a possessive quantifier")
            else:
                self.at += 1
                out.append(self.plain(char))
        return "".join(out)

    def plain(self, char: str) -> str:
        if char == ".":
            return "[^\\n]"
        if char == "$":
            return "(?=\\n?$)"
        if char in "}]/":
            return "\\" + char
        if self.ignore_case and char in "iI":
            return f"[i{_DOTTED_AND_DOTLESS_I}]"
        if not char.isascii() or not char.isprintable():
            return f"\\u{{{ord(char):x}}}"
        return char

    def escape(self, in_class: bool) -> str:
        if self.at + 1 >= len(self.source):
            raise self.refuse("a trailing backslash")
        char = self.source[self.at + 1]
        self.at += 2
        if char == "d":
            return ("0-9" if in_class else "[0-9]") if self.ascii_only else "\\p{Nd}"
        if char == "D" and not in_class:
            return "[^0-9]" if self.ascii_only else "\\P{Nd}"
        if char == "x":
            digits = self.source[self.at:self.at + 2]
            self.at += 2
            return f"\\x{digits}"
        if char in _SIMPLE_ESCAPES:
            return "\\" + char
        if char == "a":
            return "\\x07"
        if char.isalnum():  # \w, \s, \b, \A, \Z, back references, ...
            raise self.refuse(f"the escape \\{char}")
        if char in _SYNTAX or (in_class and char == "-"):
            return "\\" + char
        if self.ignore_case and char in "iI":
            raise self.refuse("an escaped i")
        return char if char.isascii() and char.isprintable() else f"\\u{{{ord(char):x}}}"

    def character_class(self) -> str:
        start = self.at
        self.at += 1
        negated = self.source[self.at:self.at + 1] == "^"
        if negated:
            self.at += 1
        parts = []
        first = True
        while True:
            if self.at >= len(self.source):
                raise self.refuse("an unterminated class")
            char = self.source[self.at]
            if char == "]" and not first:
                self.at += 1
                break
            first = False
            if char == "\\":
                parts.append(self.escape(in_class=True))
                continue
            self.at += 1
            if char in "[]/":
                parts.append("\\" + char)
            elif not char.isascii() or not char.isprintable():
                parts.append(f"\\u{{{ord(char):x}}}")
            else:
                parts.append(char)
        python_class = re.compile(self.source[start:self.at], self.flags)
        if self.ignore_case and negated and not python_class.fullmatch("i"):
            raise self.refuse("a negated class that excludes i, under IGNORECASE")
        if self.ignore_case and not negated and python_class.fullmatch("\u0131"):
            if parts[-1] == "-":
                parts[-1] = "\\-"  # a literal -, not the start of a range to İ
            parts.append(_DOTTED_AND_DOTLESS_I)
        return "[" + ("^" if negated else "") + "".join(parts) + "]"

    def group(self) -> str:
        rest = self.source[self.at + 1:self.at + 4]
        if not rest.startswith("?"):
            self.at += 1
            return "("
        for opening in ("?:", "?=", "?!", "?<=", "?<!"):
            if rest.startswith(opening):
                self.at += 1 + len(opening)
                return "(" + opening
        raise self.refuse(f"the group ({rest}")

    def brace(self) -> str:
        match = _QUANTIFIER.match(self.source, self.at)
        if not match or not (match.group(1) or match.group(2)):
            self.at += 1
            return "\\{"  # Python reads it as a literal {
        self.at = match.end()
        if self.source[self.at:self.at + 1] == "+":
            raise self.refuse("a possessive quantifier")
        return "{" + (match.group(1) or "0") + (match.group(2) or "") + (match.group(3) or "") + "}"
