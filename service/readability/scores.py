"""Readability scores of extracted prose, per language, safe to call from any thread.

The consensus grade
-------------------
The policy gates on one number: the mean of the Flesch-Kincaid grade and the
Dale-Chall grade, both computed on properly extracted prose.

- Flesch-Kincaid measures *length*: syllables per word and words per sentence.
  It misses short jargon ("stent", "RR", "CI") and over-rates long but familiar
  words ("everybody").
- Dale-Chall measures *familiarity*: the share of words outside a list of about
  3,000 words known to most fourth-graders, plus sentence length. It misses
  long words that happen to be on the list, and it is coarse within a band.

Each catches what the other misses, and they fail differently on medical text,
so their mean is steadier than either; both are on the US grade scale, so the
mean needs no weights. Neither is trusted as textstat computes it:

1. Sentences come from extraction (:mod:`.extract`), not from a regular
   expression that splits "0.81" and "et al." into fake sentences.
2. Flesch counted figures and symbols as words and their syllables "the way
   they are normally read aloud"; so does this engine (:mod:`.spoken`): "0.81"
   is five syllables, not one, and initialisms are spelled out ("CT", "NHS").
3. Dale and Chall count regular inflections of familiar words as familiar;
   textstat does not (its issue #150), which makes "fingers" or "sunburn" hard.
   :mod:`.lexicon` strips -s, -es, -ed, -ing, -er, -est, -ly (and -y, -ful,
   -ness, -less), splits compounds of two familiar words and reads British
   spellings the American way before looking words up in textstat's own list.
4. Whole numbers are familiar (Dale-Chall's rule); decimals, percentages and
   statistical signs are not, because they demand numeracy (see
   :meth:`.english.English.is_familiar`).

The Dale-Chall raw score is turned into a grade linearly within its published
bands (:func:`.formulas.dale_chall_grade`). Nothing is fitted to any corpus: the
coefficients are the published ones and the combination is an unweighted mean.

Measured with ``bench/readability.py``: on the 411 Cochrane validation pairs
(Devaraj et al., 2021) the consensus ranks the plain-language summary easier in
0.922 of pairs (textstat's raw Flesch-Kincaid 0.253, raw Dale-Chall 0.898), and
all 8 plain patient paragraphs of ``plain-dev`` grade 2.0-6.3, under the fail
level of 8 (7 of them at or under 6). Without point 2 the share falls to 0.871,
without point 4 to 0.903; without point 3 the plain paragraphs grade up to 7.6.

Other languages
---------------
Spanish and German text is scored with formulas made for them, never with the
English ones: Szigriszt-Pazos on the INFLESZ scale for Spanish (:mod:`.spanish`),
the Wiener Sachtextformel for German (:mod:`.german`). ``grade`` is then that
figure, on the scale :attr:`Readability.scale` names; INFLESZ is a reading-ease
scale, where *higher* is easier (:attr:`Readability.higher_is_easier`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from .extract import Prose, extract
from .formulas import Counts, Metrics, reading_time_seconds
from .languages import get_language, language_code
from .words import sentence_tokens

SMOG_MIN_SENTENCES = 30  # McLaughlin calibrated SMOG on 30-sentence samples
SMALL_SAMPLE_WORDS = 100  # grade formulas were fitted on passages of 100 words or more
LONG_WORD_LETTERS = 6  # Bamberger & Vanecek count words of more than six letters


@dataclass(frozen=True)
class Readability:
    """Scores of one text in one language; ``grade`` is the figure the policy uses.

    ``grade`` is read on ``scale``: a US grade for English, INFLESZ (higher is
    easier) for Spanish, a school grade for German. ``band`` names the band of
    the scale it falls in, for scales that have named bands.
    """

    lang: str
    grade: float
    counts: Counts
    metrics: Metrics
    consensus_formula: str
    scale: str = "US school grade"
    higher_is_easier: bool = False
    band: str | None = None
    has_familiar_words: bool = True

    @property
    def words(self) -> int:
        """Words, figures and symbols counted as words."""
        return self.counts.words

    @property
    def sentences(self) -> int:
        """Sentences with at least one word."""
        return self.counts.sentences

    @property
    def syllables_per_word(self) -> float:
        """Average syllables per word, figures read aloud."""
        return self.counts.syllables_per_word

    @property
    def long_word_share(self) -> float:
        """Share of words with three or more syllables, 0 to 1."""
        return self.counts.share(self.counts.polysyllables)

    @property
    def unfamiliar_share(self) -> float | None:
        """Share of words outside the familiar-word list, 0 to 1; None if the language has none."""
        return self.counts.share(self.counts.unfamiliar) if self.has_familiar_words else None

    @property
    def reading_time_seconds(self) -> float:
        """Time an adult takes to read the text silently."""
        return reading_time_seconds(self.counts)

    @property
    def smog_reliable(self) -> bool:
        """Whether there are enough sentences for SMOG to mean what it says."""
        return self.counts.sentences >= SMOG_MIN_SENTENCES

    @property
    def small_sample(self) -> bool:
        """Whether the text is too short for any grade to be more than a rough estimate."""
        return self.counts.words < SMALL_SAMPLE_WORDS

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON."""
        unfamiliar = self.unfamiliar_share
        return {
            "lang": self.lang,
            "grade": round(self.grade, 2),
            "consensus": self.consensus_formula,
            "scale": self.scale,
            "higher_is_easier": self.higher_is_easier,
            "band": self.band,
            "sentences": self.sentences,
            "words": self.words,
            "syllables_per_word": round(self.syllables_per_word, 3),
            "long_word_share": round(self.long_word_share, 3),
            "unfamiliar_share": None if unfamiliar is None else round(unfamiliar, 3),
            "reading_time_seconds": round(self.reading_time_seconds, 1),
            "smog_reliable": self.smog_reliable,
            "small_sample": self.small_sample,
            "counts": asdict(self.counts),
            "metrics": self.metrics.as_dict(),
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Readability:
        """The scores ``to_dict`` gave, rounded as it rounds them: a stored report's scores.

        The shares and the reading time follow from ``counts`` again; a language has a
        familiar-word list exactly when ``unfamiliar_share`` is a number.
        """
        return cls(
            lang=str(values["lang"]),
            grade=float(values["grade"]),
            counts=Counts(**values["counts"]),
            metrics=Metrics(**values["metrics"]),
            consensus_formula=str(values["consensus"]),
            scale=str(values["scale"]),
            higher_is_easier=bool(values["higher_is_easier"]),
            band=values["band"],
            has_familiar_words=values["unfamiliar_share"] is not None,
        )


@lru_cache(maxsize=65536)
def _letters(text: str) -> int:
    """Letters and figures in a word: what Coleman-Liau and ARI count as characters."""
    return sum(1 for ch in text if ch.isalnum())


@lru_cache(maxsize=65536)
def _is_long(text: str) -> bool:
    """Whether a word has more than six letters (the Wiener Sachtextformel's IW)."""
    return sum(1 for ch in text if ch.isalpha()) > LONG_WORD_LETTERS


def count(prose: Prose, lang: str) -> Counts:
    """What the formulas count in ``prose``, read as ``lang``."""
    language = get_language(lang)
    sentences = words = syllables = letters = polysyllables = unfamiliar = complex_words = 0
    monosyllables = long_words = 0
    for sentence in prose.sentences:
        previous = None
        seen = 0
        for token in sentence_tokens(sentence.text):
            n = language.syllables(token, previous)
            familiar = language.is_familiar(token)
            seen += 1
            syllables += n
            letters += _letters(token.text)
            polysyllables += n >= 3
            monosyllables += n == 1
            long_words += _is_long(token.text)
            unfamiliar += not familiar
            complex_words += n >= 3 and not familiar
            previous = token
        words += seen
        sentences += seen > 0
    return Counts(
        sentences,
        words,
        syllables,
        letters,
        polysyllables,
        unfamiliar,
        complex_words,
        monosyllables,
        long_words,
    )


def score(text: Prose | str, lang: str = "en") -> Readability:
    """Scores of ``text`` (Markdown, or prose already extracted) in language ``lang``.

    Raises :class:`~.languages.UnsupportedLanguage` for a language without formulas.
    """
    language = get_language(lang)
    prose = extract(text) if isinstance(text, str) else text
    counts = count(prose, lang)
    metrics = language.metrics(counts)
    grade = language.consensus(metrics)
    return Readability(
        lang=language_code(lang),
        grade=grade,
        counts=counts,
        metrics=metrics,
        consensus_formula=language.consensus_formula,
        scale=language.scale,
        higher_is_easier=language.higher_is_easier,
        band=language.band(grade) if counts.words else None,
        has_familiar_words=language.has_familiar_words,
    )


def warm_up(lang: str = "en") -> None:
    """Load ``lang``'s dictionaries now; call once at start-up so no request pays for it."""
    get_language(lang).warm_up()
    score("Warm up.", lang)
