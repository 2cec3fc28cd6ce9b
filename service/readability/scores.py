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
On the Cochrane validation pairs (Devaraj et al., 2021) and a set of plain
patient paragraphs this ranks the plain-language summary easier in about 0.92 of
pairs while every plain paragraph stays at or under grade 6; README gives the
figures and how to reproduce them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

from .extract import Prose, extract
from .formulas import Counts, Metrics, reading_time_seconds
from .languages import get_language, language_code
from .words import tokens

SMOG_MIN_SENTENCES = 30  # McLaughlin calibrated SMOG on 30-sentence samples
SMALL_SAMPLE_WORDS = 100  # grade formulas were fitted on passages of 100 words or more


@dataclass(frozen=True)
class Readability:
    """Scores of one text in one language; ``grade`` is the consensus the policy uses."""

    lang: str
    grade: float
    counts: Counts
    metrics: Metrics
    consensus_formula: str

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
    def unfamiliar_share(self) -> float:
        """Share of words outside the familiar-word list, 0 to 1."""
        return self.counts.share(self.counts.unfamiliar)

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
        return {
            "lang": self.lang,
            "grade": round(self.grade, 2),
            "consensus": self.consensus_formula,
            "sentences": self.sentences,
            "words": self.words,
            "syllables_per_word": round(self.syllables_per_word, 3),
            "long_word_share": round(self.long_word_share, 3),
            "unfamiliar_share": round(self.unfamiliar_share, 3),
            "reading_time_seconds": round(self.reading_time_seconds, 1),
            "smog_reliable": self.smog_reliable,
            "small_sample": self.small_sample,
            "counts": asdict(self.counts),
            "metrics": self.metrics.as_dict(),
        }


@lru_cache(maxsize=65536)
def _letters(text: str) -> int:
    """Letters and figures in a word: what Coleman-Liau and ARI count as characters."""
    return sum(1 for ch in text if ch.isalnum())


def count(prose: Prose, lang: str) -> Counts:
    """What the formulas count in ``prose``, read as ``lang``."""
    language = get_language(lang)
    sentences = words = syllables = letters = polysyllables = unfamiliar = complex_words = 0
    for sentence in prose.sentences:
        previous = None
        seen = 0
        for token in tokens(sentence.text):
            n = language.syllables(token, previous)
            familiar = language.is_familiar(token)
            seen += 1
            syllables += n
            letters += _letters(token.text)
            polysyllables += n >= 3
            unfamiliar += not familiar
            complex_words += n >= 3 and not familiar
            previous = token
        words += seen
        sentences += seen > 0
    return Counts(sentences, words, syllables, letters, polysyllables, unfamiliar, complex_words)


def score(text: Prose | str, lang: str = "en") -> Readability:
    """Scores of ``text`` (Markdown, or prose already extracted) in language ``lang``.

    Raises :class:`~.languages.UnsupportedLanguage` for a language without formulas.
    """
    language = get_language(lang)
    prose = extract(text) if isinstance(text, str) else text
    counts = count(prose, lang)
    metrics = language.metrics(counts)
    return Readability(
        lang=language_code(lang),
        grade=language.consensus(metrics),
        counts=counts,
        metrics=metrics,
        consensus_formula=language.consensus_formula,
    )


def warm_up(lang: str = "en") -> None:
    """Load ``lang``'s dictionaries now; call once at start-up so no request pays for it."""
    get_language(lang).warm_up()
    score("Warm up.", lang)
