"""Readability formulas as pure functions of counts, as textstat's backend computes them.

textstat's functions take a text and count sentences with their own regular
expression, which splits "0.81" and "e.g." into fake sentences. Here the counts
come from the extracted prose and the formulas apply to them; the coefficients
are those of ``textstat.backend.metrics`` (language constants from its
``get_lang_cfg``), except Coleman-Liau, which uses the published 0.0588.

The Spanish and German formulas (Fernández Huerta, Szigriszt-Pazos, the Wiener
Sachtextformel and Amstad's German Flesch) use their published coefficients,
which are also textstat's.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass
from functools import cache

# Silent reading of English non-fiction, words a minute (Brysbaert, 2019, meta-analysis).
WORDS_PER_MINUTE = 238
# Dale-Chall raw score bands and the grade each starts (Chall & Dale, 1995):
# below 5.0 grade 4 and below, 5.0-5.9 grades 5-6, 6.0-6.9 grades 7-8, 7.0-7.9
# grades 9-10, 8.0-8.9 grades 11-12, 9.0-9.9 grades 13-15, 10 and above 16+.
_DALE_CHALL_BANDS = ((5.0, 5.0), (6.0, 7.0), (7.0, 9.0), (8.0, 11.0), (9.0, 13.0), (10.0, 16.0))


@dataclass(frozen=True)
class Counts:
    """What the formulas count in a text."""

    sentences: int
    words: int
    syllables: int
    letters: int  # letters and figures
    polysyllables: int  # words of three or more syllables
    unfamiliar: int  # words not on the familiar-word list, inflections allowed
    complex_words: int  # polysyllables that are also unfamiliar (Gunning's "hard words")
    monosyllables: int = 0  # words of one syllable
    long_words: int = 0  # words of more than six letters

    @property
    def words_per_sentence(self) -> float:
        """Average sentence length in words."""
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def syllables_per_word(self) -> float:
        """Average syllables per word."""
        return self.syllables / self.words if self.words else 0.0

    def share(self, count: int) -> float:
        """``count`` as a share of all words, 0 to 1."""
        return count / self.words if self.words else 0.0


@dataclass(frozen=True)
class Metrics:
    """Each formula's value; ``None`` for a formula the language does not define."""

    flesch_kincaid_grade: float | None = None
    flesch_reading_ease: float | None = None
    smog: float | None = None
    gunning_fog: float | None = None
    coleman_liau: float | None = None
    automated_readability_index: float | None = None
    dale_chall: float | None = None  # the raw score, not a grade
    dale_chall_grade: float | None = None
    fernandez_huerta: float | None = None  # Spanish reading ease, 0-100, higher is easier
    szigriszt_pazos: float | None = None  # Spanish perspicuity, read on the INFLESZ scale
    wiener_sachtextformel: float | None = None  # German, an Austrian school grade 4-15
    flesch_amstad: float | None = None  # German reading ease, 0-100, higher is easier

    def as_dict(self) -> dict[str, float]:
        """Defined formulas by name, rounded to two places."""
        return {name: round(value, 2) for name, value in asdict(self).items() if value is not None}


def flesch_kincaid_grade(c: Counts) -> float:
    """Flesch-Kincaid grade level (Kincaid et al., 1975)."""
    return 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59


def flesch_reading_ease(c: Counts, lang: str) -> float:
    """Flesch reading ease with ``lang``'s constants (English: Flesch, 1948)."""
    base, per_word, per_syllable = _flesch_constants(lang)
    return base - per_word * c.words_per_sentence - per_syllable * c.syllables_per_word


@cache
def _flesch_constants(lang: str) -> tuple[float, float, float]:
    """textstat's Flesch constants for ``lang``, read once per language.

    Imported here, not at the top: textstat takes a noticeable part of a second to
    import, which every ``flask`` command would otherwise pay before doing anything.
    """
    from textstat.backend.utils import get_lang_cfg

    return (
        float(get_lang_cfg(lang, "fre_base")),
        float(get_lang_cfg(lang, "fre_sentence_length")),
        float(get_lang_cfg(lang, "fre_syll_per_word")),
    )


def smog(c: Counts) -> float:
    """SMOG grade (McLaughlin, 1969); calibrated on samples of 30 sentences."""
    return 1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def gunning_fog(c: Counts) -> float:
    """Gunning fog index, hard words being unfamiliar polysyllables as in textstat."""
    return 0.4 * (c.words_per_sentence + 100 * c.share(c.complex_words))


def coleman_liau(c: Counts) -> float:
    """Coleman-Liau index (1975) from letters and sentences per 100 words."""
    return 0.0588 * 100 * c.letters / c.words - 0.296 * 100 * c.sentences / c.words - 15.8


def automated_readability_index(c: Counts) -> float:
    """Automated readability index (Senter & Smith, 1967)."""
    return 4.71 * c.letters / c.words + 0.5 * c.words_per_sentence - 21.43


def dale_chall(c: Counts) -> float:
    """Dale-Chall raw score (1948 formula, as textstat computes it)."""
    difficult = 100 * c.share(c.unfamiliar)
    score = 0.1579 * difficult + 0.0496 * c.words_per_sentence
    return score + 3.6365 if difficult > 5 else score


def dale_chall_grade(raw: float) -> float:
    """A grade for a Dale-Chall raw score, linear within each published band.

    Below 5.0 the table says only "grade 4 and below"; there the raw score itself
    is used, which meets the band above at 5.0.
    """
    if raw < _DALE_CHALL_BANDS[0][0]:
        return raw
    for (low, grade), (high, next_grade) in itertools.pairwise(_DALE_CHALL_BANDS):
        if raw < high:
            return grade + (raw - low) * (next_grade - grade) / (high - low)
    low, grade = _DALE_CHALL_BANDS[-1]
    return grade + (raw - low) * 2  # past the table: two grades a point, as in most bands


def fernandez_huerta(c: Counts) -> float:
    """Fernández Huerta's lecturabilidad (1959), Flesch's reading ease refitted for Spanish.

    Published as 206.84 - 0.60 P - 1.02 F with P syllables per 100 words; F is
    words per sentence, as in Flesch's formula it adapts. Many copies give F as
    sentences per 100 words, which makes longer sentences read *easier*; Gwillim
    Law (LINGUIST List 22.2332, 2011) showed that reading to be an error.
    """
    return 206.84 - 0.60 * 100 * c.syllables_per_word - 1.02 * c.words_per_sentence


def szigriszt_pazos(c: Counts) -> float:
    """Szigriszt-Pazos perspicuity (1993): 206.835 - 62.3 syllables/words - words/sentences."""
    return 206.835 - 62.3 * c.syllables_per_word - c.words_per_sentence


def wiener_sachtextformel(c: Counts) -> float:
    """The first Wiener Sachtextformel (Bamberger & Vanecek, 1984), an Austrian school grade.

    0.1935 MS + 0.1672 SL + 0.1297 IW - 0.0327 ES - 0.875, where MS is the
    percentage of words of three or more syllables, SL the mean sentence length
    in words, IW the percentage of words of more than six letters and ES the
    percentage of words of one syllable. 4 is very easy, 15 very hard.
    """
    ms = 100 * c.share(c.polysyllables)
    iw = 100 * c.share(c.long_words)
    es = 100 * c.share(c.monosyllables)
    return 0.1935 * ms + 0.1672 * c.words_per_sentence + 0.1297 * iw - 0.0327 * es - 0.875


def flesch_amstad(c: Counts) -> float:
    """Amstad's German Flesch reading ease (1978): 180 - words/sentence - 58.5 syllables/word."""
    return 180 - c.words_per_sentence - 58.5 * c.syllables_per_word


def reading_time_seconds(c: Counts) -> float:
    """Seconds an adult takes to read ``c.words`` silently."""
    return 60 * c.words / WORDS_PER_MINUTE
