"""Admin-written title patterns, run with RE2: time linear in the title, memory bounded.

Python's `re` backtracks, so a rule such as `(a+)+b` takes exponential time on a
title of a's and every check would stall behind it. RE2 (google-re2) guarantees
linear time and refuses what it cannot run that way: lookaround, backreferences,
possessive quantifiers and atomic groups. Its \\w, \\d, \\s and \\b are ASCII-only;
the word bounds added around a rule are Unicode (letters, digits and _ of any
script), as Python's \\w was. docs/curation.md has the syntax for rule writers.
"""

import functools
import re

import re2

# Memory RE2 may use for one admin pattern (its program and its DFA cache). The seed's
# largest rule needs about 10 KB; a pattern that needs more than this is refused as too
# large (\pL{100} is, \pL{10} is not), so no rule can take a worker's memory.
PATTERN_MAX_MEM = 256 * 1024
# The word-bounded form adds two Unicode classes (about 2,700 instructions); twice the
# budget leaves room for them, so a pattern that passes validation also compiles bounded.
_BOUNDED_MAX_MEM = 2 * PATTERN_MAX_MEM

WORD_CHARACTERS = r"\p{L}\p{N}_"  # Python's Unicode \w, which RE2's \w is not
_NOT_WORD = rf"[^{WORD_CHARACTERS}]"
_NOT_ASCII_WORD = r"[^0-9A-Za-z_]"  # the same on a subject with no other characters

# RE2's \s is [\t\n\f\r ]; Python's was Unicode. Titles are matched with every other
# whitespace character turned into a space (one for one, so matched text keeps its shape).
SPACES = {
    ord(character): " " for character in map(chr, range(0x3000 + 1))
    if character.isspace() and character not in "\t\n\f\r "
}

# RE2's own messages, with what a rule writer can do about them.
_HINTS = [
    (re.compile(r"\(\?<?[=!]"), "lookahead and lookbehind are not supported: match the "
     "neighbouring words in the pattern, or cancel the rule with except_pattern"),
    (re.compile(r"invalid escape sequence: \\[1-9]|\(\?P=?$"),
     "backreferences are not supported"),
    (re.compile(r"bad repetition operator: .[+]"), "possessive quantifiers are not supported"),
    (re.compile(r"\(\?>"), "atomic groups are not supported"),
    (re.compile(r"pattern too large"),
     f"the pattern needs more than {PATTERN_MAX_MEM // 1024} KiB; make it simpler"),
]


class PatternError(ValueError):
    """A pattern RE2 will not run, with the reason in words."""


def options(case_sensitive: bool, max_mem: int = PATTERN_MAX_MEM) -> re2.Options:
    """RE2 options for a rule: UTF-8, leftmost-first like Python, no error logging."""
    chosen = re2.Options()
    chosen.case_sensitive = case_sensitive
    chosen.max_mem = max_mem
    chosen.log_errors = False
    return chosen


def compile_pattern(pattern: str, case_sensitive: bool):
    """pattern compiled as it is; PatternError if RE2 will not run it."""
    return _compile(pattern, options(case_sensitive))


def compile_bounded(pattern: str, case_sensitive: bool, ascii_subject: bool = False):
    """pattern between Unicode word bounds; group 1 is the text the rule matched.

    RE2 has no lookbehind, so the bounds are consumed: the start of the title or a
    character that is not a letter, digit or _ on each side. For a subject known to
    be ASCII the bounds may be ASCII too, which compiles 15 times faster and smaller.
    """
    source = bounded_source(pattern, _NOT_ASCII_WORD if ascii_subject else _NOT_WORD)
    return _compile(source, options(case_sensitive, _BOUNDED_MAX_MEM))


@functools.lru_cache(maxsize=1024)
def bounded(pattern: str, case_sensitive: bool, ascii_subject: bool):
    """compile_bounded, cached: the rules a prefilter names, compiled once each.

    The Unicode form takes about 1.4 ms and 120 KB; the cache bounds the memory of a
    worker however many of 10,000 rules titles have named.
    """
    return compile_bounded(pattern, case_sensitive, ascii_subject)


def bounded_source(pattern: str, not_word: str = _NOT_WORD) -> str:
    """pattern between word bounds, as RE2 source; group 1 is pattern's match."""
    return rf"(?:^|{not_word})(" + pattern + rf")(?:$|{not_word})"


def check(pattern: str, case_sensitive: bool, bounded: bool) -> None:
    """Raise PatternError unless the rule engine can run pattern (alone and bounded)."""
    compile_pattern(pattern, case_sensitive)
    if bounded:
        compile_bounded(pattern, case_sensitive)


def _compile(pattern: str, chosen: re2.Options):
    if _has_any_byte_escape(pattern):
        # \C matches one byte of a UTF-8 character; the match could not be decoded.
        raise PatternError(r"\C (any byte) is not supported")
    brace = _literal_brace(pattern)
    if brace:
        raise PatternError(
            f"RE2 would read {brace} as text, not as a repetition (write {{0,n}}, at most "
            f"{{1000}}, or \\{{ for a brace)"
        )
    try:
        return re2.compile(pattern, chosen)
    except re2.error as error:
        raise PatternError(_reason(error)) from None


def _reason(error: re2.error) -> str:
    message = error.args[0] if error.args else str(error)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    for found, hint in _HINTS:
        if found.search(message):
            return f"{message} ({hint})"
    return message


def _has_any_byte_escape(pattern: str) -> bool:
    """Whether pattern uses \\C (an escaped backslash followed by C does not count)."""
    index = pattern.find("\\")
    while index != -1 and index + 1 < len(pattern):
        if pattern[index + 1] == "C":
            return True
        index = pattern.find("\\", index + 2)
    return False


# A brace Python reads as a repetition but RE2 as text: {,n} and {,} (Python's {0,n}),
# and counts too large for RE2 to parse (a{99999999999}). Refused, not silently literal.
_REPEAT = re.compile(r"\{(\d*)(?:,(\d*))?\}")


def _literal_brace(pattern: str) -> str | None:
    """The first brace outside classes and escapes that RE2 would not read as a repeat."""
    index, in_class = 0, False
    while index < len(pattern):
        character = pattern[index]
        if character == "\\":
            if pattern.startswith("\\Q", index):  # quoted text, up to \E
                end = pattern.find("\\E", index + 2)
                index = len(pattern) if end == -1 else end + 2
                continue
            index += 2
            continue
        if in_class:
            if pattern.startswith("[:", index):
                end = pattern.find(":]", index + 2)
                index = index + 1 if end == -1 else end + 2
                continue
            in_class = character != "]"
        elif character == "[":
            in_class = True
            index += 1
            if pattern.startswith("^", index):
                index += 1
            if pattern.startswith("]", index):
                index += 1  # a ] first in a class is a member, not its end
            continue
        elif character == "{":
            found = _REPEAT.match(pattern, index)
            if found:
                low, high = found.group(1), found.group(2)
                if (not low and "," in found.group(0)) or any(
                    number and int(number) > 1000 for number in (low, high)
                ):
                    return found.group(0)
        index += 1
    return None
