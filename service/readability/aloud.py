"""Syllables of any token as a reader of one language says it: figures, signs, units, letters.

Flesch's rule, kept for every language: symbols and figures count "the way they
are normally read aloud". English has its own tables (:mod:`.spoken`); Spanish
and German describe how they read aloud with a :class:`Speech` (number words,
letter names, units, signs, abbreviations read in full) and a syllable counter
for their words, and this module does the rest the same way for both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .words import Kind, Token, classify

_NUMBER = re.compile(r"([-\u2212])?([$£€])?(\d[\d,]*)?(?:\.(\d+))?(%)?")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # "1.500": thousands, not a decimal
_RUNS = re.compile(r"\d+|[^\W\d_]+")
_HYPHENS = re.compile(r"[-\u2010\u2011\u2013]")
_WORDS = re.compile(r"[^\W\d_]+")
_LONGEST_FIGURE = 15  # longer runs of digits are identifiers, read digit by digit


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language, cached against
class Speech:
    """How one language reads a text aloud, for counting its syllables."""

    word_syllables: Callable[[str], int]  # a lowercase word; 0 if it has no vowel
    number_words: Callable[[int], str]  # 21 -> "veintiuno"
    letter_names: Mapping[str, str]  # "h" -> "hache"
    units: Mapping[str, str]  # read in full wherever they stand: "mg" -> "miligramos"
    units_after_number: Mapping[str, str]  # units only after a figure: "g", "h", "m"
    symbols: Mapping[str, str]  # "=" -> "igual a"
    currencies: Mapping[str, str]  # "€" -> "euros"
    abbreviations: Mapping[str, str]  # read in full, lowercase: "bzw" -> "beziehungsweise"
    decimal_point: str  # "coma"
    minus: str  # "menos"
    percent: str  # "por ciento"
    range_word: str  # "6-8" reads "seis a ocho"
    years: Callable[[int], str] | None = None  # four-digit figures read as years, if different

    def phrase(self, text: str) -> int:
        """Syllables of words written out, such as "por ciento"."""
        return sum(self.word_syllables(word) for word in _WORDS.findall(text.lower()))

    def syllables(self, token: Token, previous: Token | None) -> int:
        """Syllables of ``token`` read aloud, ``previous`` telling a unit after a figure."""
        after_number = previous is not None and previous.kind is Kind.NUMBER
        return max(1, _syllables(self, token.text, token.kind, after_number))

    def spelled(self, letters: str) -> int:
        """Syllables of letters read by their names, as in "OMS" or "z. B."."""
        return sum(
            self.phrase(self.letter_names.get(ch, ch)) or 1
            for ch in letters.lower()
            if ch.isalpha()
        )

    def number(self, text: str) -> int:
        """Syllables of a figure: sign, currency, whole part, decimals, percent."""
        if _THOUSANDS.fullmatch(text.lstrip("-\u2212$£€").rstrip("%")):
            text = text.replace(".", "")
        match = _NUMBER.fullmatch(text)
        if match is None:
            return self._digits(text)
        minus, currency, whole, fraction, percent = match.groups()
        count = self.phrase(self.minus) if minus else 0
        if whole:
            digits = whole.replace(",", "")
            if len(digits) > _LONGEST_FIGURE:
                count += self._digits(digits)
            elif self.years is not None and len(digits) == 4 and not fraction and not currency:
                count += self.phrase(self.years(int(digits)))
            else:
                count += self.phrase(self.number_words(int(digits)))
        if fraction:
            count += self.phrase(self.decimal_point) + self._digits(fraction)
        if currency:
            count += self.phrase(self.currencies[currency])
        if percent:
            count += self.phrase(self.percent)
        return max(count, 1)

    def _digits(self, text: str) -> int:
        """Syllables of figures read one by one."""
        return sum(self.phrase(self.number_words(int(ch))) for ch in text if ch.isdigit())


@lru_cache(maxsize=65536)
def _syllables(speech: Speech, text: str, kind: Kind, after_number: bool) -> int:
    """Syllables of a token's text, by its kind (remembered: words recur across a library)."""
    unit = speech.units.get(text) or (speech.units_after_number.get(text) if after_number else None)
    if unit is not None:
        return speech.phrase(unit)
    if kind is Kind.WORD:
        return _word(speech, text)
    if kind is Kind.INITIALISM:
        return speech.spelled(text[:-1] if text.endswith("s") else text)
    if kind is Kind.DOTTED:
        return speech.spelled(text)
    if kind is Kind.NUMBER:
        return speech.number(text)
    if kind is Kind.SYMBOL:
        return speech.phrase(speech.symbols.get(text, "")) or 1
    if kind is Kind.MIXED:
        return _mixed(speech, text)
    return _compound(speech, text)


def _word(speech: Speech, text: str) -> int:
    """A word: in full if it is an abbreviation, by its letters if it has no vowel."""
    lower = text.lower().replace("\u2019", "").replace("'", "")
    if lower in speech.abbreviations:
        return speech.phrase(speech.abbreviations[lower])
    return speech.word_syllables(lower) or speech.spelled(lower)


def _mixed(speech: Speech, text: str) -> int:
    """ "5mg", "H2O": runs of figures and letters, each read its own way."""
    count, after_number = 0, False
    for run in _RUNS.findall(text):
        count += max(1, _syllables(speech, run, classify(run), after_number))
        after_number = run[0].isdigit()
    return count


def _compound(speech: Speech, text: str) -> int:
    """Parts joined by hyphens; between two figures the hyphen reads as a range word."""
    count, previous_numeric = 0, False
    for part in (part for part in _HYPHENS.split(text) if part):
        kind = classify(part)
        numeric = kind is Kind.NUMBER
        count += max(1, _syllables(speech, part, kind, previous_numeric))
        if numeric and previous_numeric:
            count += speech.phrase(speech.range_word)
        previous_numeric = numeric
    return count


class ReadAloudLanguage:
    """What a language counted by ``Speech`` rules shares: no word list, no passive heuristic.

    Spanish and German subclass it and set ``speech``, their formulas and their bands.
    """

    speech: Speech
    has_familiar_words = False

    def warm_up(self) -> None:
        """Nothing to load: the rules are code."""

    def syllables(self, token: Token, previous: Token | None) -> int:
        """Syllables of ``token`` as read aloud."""
        return self.speech.syllables(token, previous)

    def is_familiar(self, token: Token) -> bool:
        """No familiar-word list for this language yet: no word counts as unfamiliar."""
        return True

    def passives(self, sentence: str) -> Iterator[tuple[int, int]]:
        """No passive-voice heuristic for this language: none are reported."""
        return iter(())

    def written_short(self, token: Token) -> bool:
        """An abbreviation such as "aprox." or "bzw.": long on paper, short to read."""
        return token.text.lower() in self.speech.abbreviations
