"""Title and word patterns translated to JavaScript RegExp source that behaves the same.

The rule file (backend/rulefile.py) carries every pattern the content rules use, so the
extension can run them in private mode. Two dialects come in: the list's rules, written
for RE2 (\\w, \\d, \\s and \\b are ASCII, `.` is anything but \\n, no lookaround), and the
few fixed patterns of backend/matching/rules.py and catalog.py, written for Python's `re`
(\\w, \\d, \\s and \\b are Unicode, lookbehind and lookahead). Both come out as one small
subset of JavaScript's syntax with the `u` flag (and `i` for case-insensitive
patterns): literals, classes with Unicode properties, groups, lookaround, counted
repetition, ^ and $. Classes are spelled out where JavaScript's meaning differs (RE2's
\\s, Python's \\w). The extension parses that subset and runs it with its own linear-time
matcher (extension/lib/rules-regex.js), never with the browser's backtracking engine.

A pattern that cannot be said faithfully in that subset (a case-insensitive group in a
case-sensitive rule, \\p{C}, a backreference, ...) raises Untranslatable; the rule file
leaves that rule out and logs why.
"""

import re

from .rulefile_classes import (
    PYTHON_SPACES, PYTHON_WORD, POSIX, RE2_SPACES, complement, complement_ranges, literal,
    posix_ranges, ranges_source,
)

_GENERAL_CATEGORIES = frozenset(
    "L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs "
    "Cc Cf Co".split())  # RE2's C and Cs differ from JavaScript's (unassigned, surrogates)
_SIMPLE_ESCAPES = {"a": 7, "f": 12, "t": 9, "n": 10, "r": 13, "v": 11}
_WORD_BOUNDARY = "(?:(?<=[{w}])(?![{w}])|(?<![{w}])(?=[{w}]))".format(w=PYTHON_WORD)
_NOT_WORD_BOUNDARY = "(?:(?<=[{w}])(?=[{w}])|(?<![{w}])(?![{w}]))".format(w=PYTHON_WORD)
_REPEAT = re.compile(r"\{(\d*)(,?)(\d*)\}")


class Untranslatable(ValueError):
    """A pattern the JavaScript subset cannot express with the same meaning."""


def translate(pattern: str, *, dialect: str, case_sensitive: bool) -> dict:
    """{"source", "flags"} for JavaScript's RegExp; Untranslatable if it cannot mean the same."""
    translator = _Translator(pattern, dialect, case_sensitive)
    source = translator.run()
    return {"source": source, "flags": "u" if translator.case_sensitive else "iu"}


def translate_python(compiled: re.Pattern) -> dict:
    """A compiled Python `re` pattern (rules.py's fixed patterns) as translate() gives it."""
    if compiled.flags & ~(re.IGNORECASE | re.UNICODE):
        raise Untranslatable(f"flags {compiled.flags} are not supported")
    return translate(compiled.pattern, dialect="python",
                     case_sensitive=not compiled.flags & re.IGNORECASE)


class _Translator:
    """One pass over the pattern, writing JavaScript as it reads."""

    def __init__(self, pattern: str, dialect: str, case_sensitive: bool):
        if dialect not in ("re2", "python"):
            raise ValueError(dialect)
        self.text, self.dialect, self.case_sensitive = pattern, dialect, case_sensitive
        self.at = 0
        self.groups = 0

    # --- reading -----------------------------------------------------------------------
    def fail(self, why: str):
        raise Untranslatable(f"{why} (at {self.at} in {self.text!r})")

    def peek(self, ahead: int = 0) -> str:
        index = self.at + ahead
        return self.text[index] if index < len(self.text) else ""

    def run(self) -> str:
        if self.text.startswith("(?i)") and self.case_sensitive:
            # The whole pattern case-insensitive: the same as the `i` flag.
            self.case_sensitive = False
        flags = {"i": not self.case_sensitive, "s": False, "m": False}
        source = self.alternation(flags)
        if self.at != len(self.text):
            self.fail("unbalanced )")
        return source

    def alternation(self, flags: dict) -> str:
        branches = [self.sequence(flags)]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence(flags))
        return "|".join(branches)

    def sequence(self, flags: dict) -> str:
        parts = []
        while self.at < len(self.text) and self.peek() not in "|)":
            atom, repeatable = self.atom(flags)
            if atom is None:
                continue
            quantifier = self.quantifier()
            if quantifier:
                if not repeatable:
                    self.fail("repetition of an assertion")
                atom += quantifier
            parts.append(atom)
        return "".join(parts)

    def quantifier(self) -> str:
        character = self.peek()
        if character in ("*", "+", "?"):
            self.at += 1
            found = character
        elif character == "{":
            match = _REPEAT.match(self.text, self.at)
            if not match or (not match.group(1) and self.dialect == "re2"):
                return ""  # RE2 reads a brace that is no repetition as text
            low, comma, high = match.groups()
            low = low or "0"
            if self.dialect == "python" and not match.group(1) and not comma:
                return ""
            if any(int(n) > 1000 for n in (low, high) if n):
                self.fail("a repetition count above 1000")
            self.at = match.end()
            found = "{%s%s%s}" % (int(low), comma, int(high) if high else "")
        else:
            return ""
        if self.peek() == "?":
            self.at += 1
            found += "?"
        elif self.peek() == "+":
            self.fail("possessive repetition")
        return found

    def atom(self, flags: dict):
        """(JavaScript for one atom, whether it may be repeated); (None, _) for nothing."""
        character = self.peek()
        self.at += 1
        if character == "(":
            return self.group(flags)
        if character == "[":
            return self.char_class(flags), True
        if character == ".":
            return ("[\\u{0}-\\u{10FFFF}]" if flags["s"] else "[^\\n]"), True
        if character == "^":
            return ("(?<![^\\n])" if flags["m"] else "^"), False
        if character == "$":
            if flags["m"]:
                return "(?![^\\n])", False
            return ("(?=\\n?$)" if self.dialect == "python" else "$"), False
        if character == "\\":
            return self.escape(flags)
        if character in ("*", "+", "?", ")"):
            self.fail(f"a stray {character}")
        if character == "{" and self.dialect == "python" and _REPEAT.match(self.text, self.at - 1):
            self.fail("a repetition with nothing to repeat")
        return literal(ord(character), False), True

    def group(self, flags: dict):
        if self.peek() != "?":
            self.groups += 1
            inner = self.alternation(dict(flags))
            self.close()
            return f"({inner})", True
        self.at += 1
        head = self.peek()
        if head == "P" and self.peek(1) == "<" or head == "<" and self.peek(1) not in "=!":
            end = self.text.find(">", self.at)
            if end == -1:
                self.fail("an unterminated group name")
            self.at = end + 1
            self.groups += 1
            inner = self.alternation(dict(flags))
            self.close()
            return f"({inner})", True
        if head == "#" and self.dialect == "python":
            end = self.text.find(")", self.at)
            if end == -1:
                self.fail("an unterminated comment")
            self.at = end + 1
            return None, False
        for opener in ("=", "!", "<=", "<!"):
            if self.text.startswith(opener, self.at):
                if self.dialect == "re2":
                    self.fail("lookaround in an RE2 pattern")
                self.at += len(opener)
                inner = self.alternation(dict(flags))
                self.close()
                return f"(?{opener}{inner})", False
        return self.flag_group(flags)

    def flag_group(self, flags: dict):
        match = re.compile(r"([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])").match(self.text, self.at)
        if not match:
            self.fail("an unsupported group")
        on, off, end = match.group(1), match.group(2) or "", match.group(3)
        self.at = match.end()
        scoped = dict(flags) if end == ":" else flags
        for letter, value in [(c, True) for c in on] + [(c, False) for c in off]:
            if letter == "i":
                if value != (not self.case_sensitive):
                    self.fail("a change of case sensitivity inside the pattern")
            elif letter in ("s", "m"):
                scoped[letter] = value
            elif letter == "u" and self.dialect == "python" and value:
                continue
            else:
                self.fail(f"the flag {letter}")
        if end == ")":
            return None, False
        inner = self.alternation(scoped)
        self.close()
        return f"(?:{inner})", True

    def close(self):
        if self.peek() != ")":
            self.fail("a missing )")
        self.at += 1

    def escape(self, flags: dict):
        character = self.peek()
        if not character:
            self.fail("a trailing backslash")
        self.at += 1
        python = self.dialect == "python"
        if character in "dDwWsS":
            return self.perl_class(character, in_class=False), True
        if character == "b":
            return (_WORD_BOUNDARY if python else "\\b"), False
        if character == "B":
            return (_NOT_WORD_BOUNDARY if python else "\\B"), False
        if character == "A":
            return "^", False  # JavaScript's ^ and $ (no m flag) are the text's ends
        if character == ("Z" if python else "z"):
            return "$", False
        if character in "pP" and not python:
            return self.property(character == "P"), True
        if character == "Q" and not python:
            end = self.text.find("\\E", self.at)
            quoted = self.text[self.at:] if end == -1 else self.text[self.at:end]
            self.at = len(self.text) if end == -1 else end + 2
            text = "".join(literal(ord(c), False) for c in quoted)
            return (f"(?:{text})" if len(quoted) > 1 else text) or None, True
        return literal(self.code_escape(character), False), True

    def code_escape(self, character: str) -> int:
        """The code point of a literal escape (\\n, \\x41, \\., ...) after its backslash."""
        if character in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[character]
        if character == "x":
            if self.peek() == "{" and self.dialect == "re2":
                end = self.text.find("}", self.at)
                digits = self.text[self.at + 1:end] if end != -1 else ""
                self.at = end + 1
            else:
                digits = self.text[self.at:self.at + 2]
                self.at += 2
            return self.hex_code(digits)
        if character in "uU" and self.dialect == "python":
            size = 4 if character == "u" else 8
            digits = self.text[self.at:self.at + size]
            self.at += size
            return self.hex_code(digits, size)
        if character == "0":
            digits = "0"
            while len(digits) < 3 and self.peek() in tuple("01234567") and self.peek():
                digits += self.peek()
                self.at += 1
            return int(digits, 8)
        if character.isalnum() or character == "_":
            self.fail(f"the escape \\{character}")
        return ord(character)

    def hex_code(self, digits: str, size: int | None = None) -> int:
        if not digits or (size and len(digits) != size) or any(
                c not in "0123456789abcdefABCDEF" for c in digits):
            self.fail("a malformed hexadecimal escape")
        code = int(digits, 16)
        if code > 0x10FFFF or 0xD800 <= code < 0xE000:
            self.fail("an escape that is no character")
        return code

    def perl_class(self, letter: str, in_class: bool) -> str:
        """\\d, \\w, \\s and their negations in the pattern's dialect, in or out of a class."""
        negated = letter.isupper()
        lower = letter.lower()
        if self.dialect == "re2" and lower in "dw":
            return "\\" + letter
        if lower == "d":
            return "\\P{Nd}" if negated else "\\p{Nd}"
        spaces = PYTHON_SPACES if self.dialect == "python" else RE2_SPACES
        members = PYTHON_WORD if lower == "w" else ranges_source((ord(c), ord(c)) for c in spaces)
        if not negated:
            return members if in_class else f"[{members}]"
        if not in_class:
            return f"[^{members}]"
        if lower == "w":
            self.fail("\\W inside a class")
        return ranges_source(complement(spaces))

    def property(self, negated: bool) -> str:
        if self.peek() == "{":
            end = self.text.find("}", self.at)
            if end == -1:
                self.fail("an unterminated \\p{")
            name = self.text[self.at + 1:end]
            self.at = end + 1
        else:
            name = self.peek()
            self.at += 1
        if name.startswith("^"):
            negated, name = not negated, name[1:]
        letter = "P" if negated else "p"
        if name == "Any":
            return "[^\\u{0}-\\u{10FFFF}]" if negated else "[\\u{0}-\\u{10FFFF}]"
        if name in _GENERAL_CATEGORIES:
            return f"\\{letter}{{{name}}}"
        if re.fullmatch(r"[A-Z][A-Za-z_]+", name):
            return f"\\{letter}{{Script={name}}}"
        self.fail(f"the class \\p{{{name}}}")

    def char_class(self, flags: dict) -> str:
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        members, first = [], True
        while True:
            character = self.peek()
            if not character:
                self.fail("an unterminated class")
            if character == "]" and not first:
                self.at += 1
                break
            first = False
            if character == "[" and self.peek(1) == ":" and self.dialect == "re2":
                end = self.text.find(":]", self.at)
                name = self.text[self.at + 2:end] if end != -1 else ""
                inverse = name.startswith("^")
                spec = POSIX.get(name.lstrip("^"))
                if spec is None:
                    self.fail("an unknown POSIX class")
                self.at = end + 2
                ranges = posix_ranges(spec)
                if inverse:
                    ranges = complement_ranges(ranges)
                members.append(ranges_source(ranges))
                continue
            low, text = self.class_member()
            if low is not None and self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.at += 1
                high, _ = self.class_member()
                if high is None or high < low:
                    self.fail("a bad class range")
                members.append(f"{literal(low, True)}-{literal(high, True)}")
            else:
                members.append(text)
        return ("[^" if negated else "[") + "".join(members) + "]"

    def class_member(self):
        """(code point or None for a set, JavaScript) of one class member."""
        character = self.peek()
        self.at += 1
        if character != "\\":
            return ord(character), literal(ord(character), True)
        letter = self.peek()
        self.at += 1
        if letter in "dDwWsS":
            return None, self.perl_class(letter, in_class=True)
        if letter in "pP" and self.dialect == "re2":
            found = self.property(letter == "P")
            if found.startswith("["):
                self.fail("\\p{Any} inside a class")
            return None, found
        if letter == "b" and self.dialect == "python":
            return 8, literal(8, True)
        code = self.code_escape(letter)
        return code, literal(code, True)
