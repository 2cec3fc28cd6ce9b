"""English: CMU syllables read-aloud style, Dale-Chall familiarity, and the consensus grade.

The consensus is the mean of two grades that look at different things: the
Flesch-Kincaid grade (word length in syllables, sentence length) and the
Dale-Chall grade (share of words outside the familiar-word list, sentence
length). ``service.readability.scores`` explains why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from . import formulas, passive, spoken
from .formulas import Counts, Metrics
from .lexicon import CMU_SYLLABLES, FAMILIAR_WORDS, guess_syllables, spellings
from .words import Kind, Token, classify

_VOWEL = re.compile(r"[AEIOUaeiou]")
_RUNS = re.compile(r"\d+|[^\W\d_]+")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh", "ce", "ge", "se", "ze")
_FAMILIAR_SYMBOLS = frozenset("+&")


@lru_cache(maxsize=65536)
def word_syllables(word: str) -> int:
    """Syllables of a lowercase word: CMU's first pronunciation, else a guess from spelling."""
    cmu = CMU_SYLLABLES.get()
    word = word.replace("\u2019", "'")
    for form in spellings(word):
        if form in cmu:
            return cmu[form]
    if word.endswith("'s") and len(word) > 2:
        base = word[:-2]
        return word_syllables(base) + (1 if base.endswith(_SIBILANT_ENDINGS) else 0)
    if "'" in word:
        return word_syllables(word.replace("'", ""))
    if "-" in word:
        return sum(word_syllables(part) for part in word.split("-") if part)
    return guess_syllables(re.sub(r"[^a-z]", "", word) or word)


def initialism_syllables(text: str) -> int:
    """Capitals read letter by letter ("CT", "NHS"), unless CMU knows them as a word ("AIDS")."""
    letters = text[:-1] if text.endswith("s") and not text.isupper() else text
    lower = letters.lower()
    if _VOWEL.search(letters) and lower in CMU_SYLLABLES.get():
        return CMU_SYLLABLES.get()[lower]
    return spoken.spelled(letters)


@lru_cache(maxsize=65536)
def is_familiar_word(word: str) -> bool:
    """Whether a lowercase word is on Dale-Chall's list, inflected or compounded."""
    return FAMILIAR_WORDS.get().is_familiar(word.replace("\u2019", "'"))


class English:
    """English readability: the formulas textstat implements, fed by correct counts."""

    code = "en"
    name = "English"
    consensus_formula = "mean of Flesch-Kincaid grade and Dale-Chall grade"
    scale = "US school grade"
    figure_name = "Grade"
    higher_is_easier = False
    has_familiar_words = True

    def warm_up(self) -> None:
        """Load CMU and the familiar words."""
        CMU_SYLLABLES.get()
        FAMILIAR_WORDS.get()

    def syllables(self, token: Token, previous: Token | None) -> int:
        """Syllables of ``token`` as read aloud."""
        after_number = previous is not None and previous.kind is Kind.NUMBER
        return self._cached_syllables(token.text, token.kind, after_number)

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance, alive as long as the process
    def _cached_syllables(self, text: str, kind: Kind, after_number: bool) -> int:
        """:meth:`_syllables`, remembered: the same words recur across a library."""
        return self._syllables(text, kind, after_number)

    def _syllables(self, text: str, kind: Kind, after_number: bool) -> int:
        """Syllables of a token's text, by its kind."""
        if text in spoken.UNITS or (after_number and text in spoken.UNITS_AFTER_NUMBER):
            return spoken.UNITS.get(text) or spoken.UNITS_AFTER_NUMBER[text]
        if kind is Kind.WORD:
            return word_syllables(text.lower())
        if kind is Kind.INITIALISM:
            return initialism_syllables(text)
        if kind is Kind.DOTTED:
            return spoken.spelled(text)
        if kind is Kind.NUMBER:
            return spoken.number(text)
        if kind is Kind.SYMBOL:
            return spoken.SYMBOLS.get(text, 1)
        if kind is Kind.MIXED:
            return self._mixed(text)
        return self._compound(text)

    def _mixed(self, text: str) -> int:
        """ "1st", "5mg", "FEV1", "H2O": figures and letters, each read their own way."""
        ordinal = spoken.ordinal(text)
        if ordinal is not None:
            return ordinal
        runs = _RUNS.findall(text)
        if len(runs) < 2:  # digits no run pattern separates, such as superscripts
            return word_syllables(text.lower())
        count, after_number = 0, False
        for run in runs:
            count += self._syllables(run, classify(run), after_number)
            after_number = run[0].isdigit()
        return count

    def _compound(self, text: str) -> int:
        """Hyphenated parts; "6-8" reads "six to eight"."""
        parts = [part for part in re.split(r"[-\u2010\u2011\u2013]", text) if part]
        count, previous_numeric = 0, False
        for part in parts:
            kind = classify(part)
            numeric = kind is Kind.NUMBER
            count += self._syllables(part, kind, previous_numeric) + (
                1 if numeric and previous_numeric else 0
            )
            previous_numeric = numeric
        return max(count, 1)

    def is_familiar(self, token: Token) -> bool:
        """Dale-Chall familiarity, extended to figures, signs and abbreviations.

        Whole numbers are familiar, as Dale and Chall count them. Decimals and
        percentages are not: they ask for proportional reasoning, the part of
        numeracy that health-literacy research finds many adults lack, and plain
        language guidance asks for whole numbers and "1 in 4" instead. Money is
        familiar. Initialisms and dotted abbreviations are unfamiliar.
        """
        return self._familiar(token.text, token.kind)

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance, alive as long as the process
    def _familiar(self, text: str, kind: Kind) -> bool:
        """Familiarity of a token's text, by its kind (remembered)."""
        if kind is Kind.WORD:
            return is_familiar_word(text.lower())
        if kind is Kind.NUMBER:
            return "%" not in text and ("." not in text or text.lstrip("-\u2212")[0] in "$£€")
        if kind is Kind.MIXED:
            return spoken.ordinal(text) is not None
        if kind is Kind.COMPOUND:
            parts = [part for part in re.split(r"[-\u2010\u2011\u2013]", text) if part]
            return all(self._familiar(part, classify(part)) for part in parts)
        if kind is Kind.SYMBOL:
            return text in _FAMILIAR_SYMBOLS
        return False  # initialisms and dotted abbreviations

    def is_hard(self, token: Token, syllables: int) -> bool:
        """Three syllables or more and not familiar; names (capitals inside a sentence) apart."""
        name = token.start > 0 and token.text[0].isupper()
        return (
            token.kind is Kind.WORD and not name and syllables >= 3 and not self.is_familiar(token)
        )

    def passives(self, sentence: str) -> Iterator[tuple[int, int]]:
        """Passive voice by :mod:`.passive`'s heuristic."""
        return passive.passives(sentence)

    def band(self, figure: float) -> str | None:
        """No named bands: the figure is itself a grade."""
        return None

    def metrics(self, counts: Counts) -> Metrics:
        """All formulas; empty text has none."""
        if not counts.words or not counts.sentences:
            return Metrics()
        raw_dale_chall = formulas.dale_chall(counts)
        return Metrics(
            flesch_kincaid_grade=formulas.flesch_kincaid_grade(counts),
            flesch_reading_ease=formulas.flesch_reading_ease(counts, self.code),
            smog=formulas.smog(counts),
            gunning_fog=formulas.gunning_fog(counts),
            coleman_liau=formulas.coleman_liau(counts),
            automated_readability_index=formulas.automated_readability_index(counts),
            dale_chall=raw_dale_chall,
            dale_chall_grade=formulas.dale_chall_grade(raw_dale_chall),
        )

    def consensus(self, metrics: Metrics) -> float:
        """Mean of the Flesch-Kincaid and Dale-Chall grades, never below 0."""
        if metrics.flesch_kincaid_grade is None or metrics.dale_chall_grade is None:
            return 0.0
        return max(0.0, (metrics.flesch_kincaid_grade + metrics.dale_chall_grade) / 2)


ENGLISH = English()
