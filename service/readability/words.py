"""Word tokens of a sentence, each with its kind and place, as readability formulas count them.

Rudolf Flesch's counting rules are followed: contractions, hyphenated words,
abbreviations, figures and symbols each count as one word ("wouldn't", "full-length",
"TV", "17", "&", "$15", "7%"). How a token *sounds* (its syllables) is the
language's business; this module only finds the tokens.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple


class Kind(enum.StrEnum):
    """What a token is, which decides how it is read aloud and whether it is familiar."""

    WORD = "word"  # letters, maybe with apostrophes: "doctor's", "don't"
    INITIALISM = "initialism"  # capitals read letter by letter or as a word: "HIV", "RCTs"
    DOTTED = "dotted"  # dotted abbreviation: "e.g.", "U.S."
    NUMBER = "number"  # figures: "20", "1,300", "0.81", "-1.09", ".05", "95%", "$15"
    MIXED = "mixed"  # letters and figures: "I2", "H2O", "FEV1", "5mg", "1st"
    COMPOUND = "compound"  # parts joined by hyphens: "well-known", "COVID-19", "6-8"
    SYMBOL = "symbol"  # a sign read as words: "=", "<", "±", "&"


class Token(NamedTuple):
    """One word of a sentence: its text and its ``[start, end)`` in the sentence text."""

    text: str
    start: int
    end: int
    kind: Kind

    @property
    def parts(self) -> tuple[str, ...]:
        """The hyphen-separated parts of a compound (the token itself otherwise)."""
        if self.kind is Kind.COMPOUND:
            return tuple(part for part in _HYPHENS.split(self.text) if part)
        return (self.text,)


_LETTERS = r"[^\W\d_]"
_NUMBER = r"[$£€]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?%?|[$£€]?\.\d+%?"
_ALNUM = r"[^\W_]+(?:['\u2019]" + _LETTERS + r"+)*"
_PART = rf"(?:{_NUMBER})(?![^\W_])|{_ALNUM}"
_HYPHENS = re.compile(r"[-\u2010\u2011\u2013]")
# A minus sign counts only where a number starts: after a space, "(", "=" and so on,
# so that the range "10-28" stays one compound and "-1.09" reads "minus one point ...".
_MINUS = r"(?:(?<![^\s(\[=:;,<>≤≥])[-\u2212])?"
TOKEN = re.compile(
    # Plain words first: most tokens are, and this alternative is the cheapest.
    rf"(?P<word>{_LETTERS}+(?:['\u2019]{_LETTERS}+)*(?![\w.'\u2019\u2010\u2011\u2013-]))"
    rf"|(?P<dotted>(?:{_LETTERS}\.){{2,}})"
    rf"|(?P<token>{_MINUS}(?:{_PART})(?:[-\u2010\u2011\u2013](?:{_PART}))*)"
    r"|(?P<symbol>[=<>≤≥±\u00d7÷+&])"
)
_NUMERIC = re.compile(r"[-\u2212]?(?:" + _NUMBER + r")")
_DIGIT = re.compile(r"\d")
_INITIALISM = re.compile(r"[A-Z]{2,}s?|[A-Z]+&[A-Z]+")


def tokens(sentence: str) -> Iterator[Token]:
    """The word tokens of ``sentence``, in order."""
    for match in TOKEN.finditer(sentence):
        text = match.group()
        group = match.lastgroup
        if group == "word":
            kind = (
                Kind.INITIALISM if text[:2].isupper() and _INITIALISM.fullmatch(text) else Kind.WORD
            )
        elif group == "dotted":
            kind = Kind.DOTTED
        elif group == "symbol":
            kind = Kind.SYMBOL
        else:
            kind = classify(text)
        yield Token(text=text, start=match.start(), end=match.end(), kind=kind)


@lru_cache(maxsize=1024)
def sentence_tokens(sentence: str) -> tuple[Token, ...]:
    """The word tokens of ``sentence``, kept a while: scoring and finding both walk them."""
    return tuple(tokens(sentence))


@lru_cache(maxsize=65536)
def classify(text: str) -> Kind:
    """The kind of a token matched by ``TOKEN`` outside the dotted and symbol groups."""
    if _NUMERIC.fullmatch(text):
        return Kind.NUMBER
    if len(_HYPHENS.split(text.lstrip("-\u2212"))) > 1:
        return Kind.COMPOUND
    if _DIGIT.search(text):
        return Kind.MIXED
    if _INITIALISM.fullmatch(text):
        return Kind.INITIALISM
    return Kind.WORD
