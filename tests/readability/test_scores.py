"""Scores: counts read aloud, familiar words, the consensus grade, and parity with textstat."""

from __future__ import annotations

from typing import Any

import pytest
from textstat.backend import counts as ts_counts
from textstat.backend import metrics as ts_metrics

from service.readability import UnsupportedLanguage, score
from service.readability.english import ENGLISH
from service.readability.formulas import dale_chall_grade
from service.readability.words import Kind, Token, tokens


def _token(text: str) -> Token:
    (token,) = tokens(text)
    return token


@pytest.mark.parametrize(
    ("text", "syllables"),
    [
        ("0.81", 5),  # zero point eight one
        ("95%", 5),  # ninety-five percent
        ("1918", 4),  # nineteen eighteen, Flesch's own example
        ("1,300", 6),  # one thousand three hundred
        ("-1.09", 7),  # minus one point oh nine (zero read as two)
        ("$15", 4),  # fifteen dollars
        ("CT", 2),  # see tee
        ("NHS", 3),
        ("AIDS", 1),  # said as a word
        ("e.g.", 2),
        ("FEV1", 4),  # eff ee vee one
        ("6-8", 3),  # six to eight
        ("<", 3),  # less than
        ("acetaminophen", 6),  # CMU
        ("diabetes", 4),  # CMU, where spelling guesses 3
        ("atorvastatin", 5),  # not in CMU: guessed from spelling
        ("randomised", 3),  # British spelling, found as "randomized"
    ],
)
def test_syllables_as_read_aloud(text: str, syllables: int) -> None:
    assert ENGLISH.syllables(_token(text), None) == syllables


def test_units_read_in_full_after_a_number() -> None:
    words = list(tokens("2.5 mg"))
    assert ENGLISH.syllables(words[1], words[0]) == 3  # milligrams


@pytest.mark.parametrize(
    ("word", "familiar"),
    [
        ("fingers", True),  # inflection of "finger" (textstat issue #150)
        ("sunburn", True),  # compound of "sun" and "burn"
        ("toenails", True),
        ("baby", True),  # the list has only "babies"
        ("harmful", True),
        ("using", True),
        ("colour", True),  # British spelling
        ("hypertension", False),
        ("20", True),  # whole numbers are familiar (Dale-Chall)
        ("0.81", False),  # decimals and percentages ask for numeracy
        ("95%", False),
        ("$4.50", True),  # money is familiar
        ("RCT", False),
        ("e.g.", False),
        ("1st", True),
        ("=", False),
    ],
)
def test_familiar_words(word: str, familiar: bool) -> None:
    assert ENGLISH.is_familiar(_token(word)) is familiar


def test_token_kinds() -> None:
    kinds = [t.kind for t in tokens("RR 0.76; I2 = 0%, e.g. well-known doctor's")]
    assert kinds == [
        Kind.INITIALISM,
        Kind.NUMBER,
        Kind.MIXED,
        Kind.SYMBOL,
        Kind.NUMBER,
        Kind.DOTTED,
        Kind.COMPOUND,
        Kind.WORD,
    ]


PLAIN = (
    "The cat sat on the mat. Dogs like to run in the park every day. "
    "We went home after lunch and slept."
)


def test_standard_formulas_match_textstat(textstat_offline: None) -> None:
    """On text where our counts and textstat's agree, the formulas give textstat's values."""
    result = score(PLAIN)
    assert result.sentences == ts_counts.count_sentences(PLAIN)
    assert result.words == ts_counts.count_words(PLAIN)
    assert result.counts.syllables == ts_counts.count_syllables(PLAIN, "en")
    assert result.metrics.flesch_kincaid_grade == pytest.approx(
        ts_metrics.flesch_kincaid_grade(PLAIN, "en")
    )
    assert result.metrics.flesch_reading_ease == pytest.approx(
        ts_metrics.flesch_reading_ease(PLAIN, "en")
    )
    assert result.metrics.smog == pytest.approx(ts_metrics.smog_index(PLAIN, "en"))


def test_statistics_no_longer_look_easy(textstat_offline: None) -> None:
    """textstat splits '0.65' into sentences and reads it as one syllable; extraction does not."""
    text = "Mortality fell (RR 0.73, 95% CI 0.65 to 0.81; P = .03; 12 trials, 3204 people)."
    ours = score(text)
    assert ours.sentences == 1
    assert ts_counts.count_sentences(text) > 1
    assert ours.metrics.flesch_kincaid_grade is not None
    assert ours.metrics.flesch_kincaid_grade > ts_metrics.flesch_kincaid_grade(text, "en") + 5


def test_result_fields() -> None:
    result = score("Wash your hands with soap. Dry them well.\n\n- Rinse\n- Dry")
    assert (result.sentences, result.words) == (4, 10)
    assert result.lang == "en"
    assert result.smog_reliable is False
    assert result.small_sample is True
    assert 0 <= result.long_word_share <= 1
    assert result.reading_time_seconds == pytest.approx(10 / 238 * 60)
    data: dict[str, Any] = result.to_dict()
    assert set(data["metrics"]) == {
        "flesch_kincaid_grade",
        "flesch_reading_ease",
        "smog",
        "gunning_fog",
        "coleman_liau",
        "automated_readability_index",
        "dale_chall",
        "dale_chall_grade",
    }
    assert data["grade"] == round(result.grade, 2)


def test_smog_reliable_from_thirty_sentences() -> None:
    result = score(" ".join(["Drink some water."] * 30))
    assert result.smog_reliable is True


def test_consensus_is_mean_of_flesch_kincaid_and_dale_chall_grades() -> None:
    result = score("Patients with hypertension received antihypertensive medication daily.")
    fk, dc = result.metrics.flesch_kincaid_grade, result.metrics.dale_chall_grade
    assert fk is not None and dc is not None
    assert result.grade == pytest.approx((fk + dc) / 2)


@pytest.mark.parametrize(
    ("raw", "grade"),
    [(4.0, 4.0), (5.0, 5.0), (5.5, 6.0), (6.0, 7.0), (9.0, 13.0), (10.0, 16.0), (11.0, 18.0)],
)
def test_dale_chall_grade_bands(raw: float, grade: float) -> None:
    assert dale_chall_grade(raw) == pytest.approx(grade)


def test_empty_text_scores_zero() -> None:
    result = score("# Only a heading\n\n```\ncode\n```")
    assert (result.words, result.sentences, result.grade) == (0, 0, 0.0)
    assert result.metrics.flesch_kincaid_grade is None


@pytest.mark.parametrize("lang", ["en", "en_US", "en-GB", "EN"])
def test_english_by_any_name(lang: str) -> None:
    assert score("Rest well.", lang).lang == "en"


@pytest.mark.parametrize("lang", ["fr", "pt-BR", "xx", ""])
def test_unknown_language_is_an_error(lang: str) -> None:
    with pytest.raises(UnsupportedLanguage, match="does not support language"):
        score("Reposez-vous bien.", lang)


def test_layperson_summaries_read_easier(cochrane_pairs: list[dict[str, Any]]) -> None:
    """The first eight Cochrane pairs, in file order: the plain summary is easier in seven."""
    easier = [score(p["layperson"]).grade < score(p["clinician"]).grade for p in cochrane_pairs]
    assert sum(easier) >= 7


def test_plain_paragraphs_stay_under_the_fail_level(plain_paragraphs: list[dict[str, Any]]) -> None:
    for paragraph in plain_paragraphs:
        assert score(paragraph["text"]).grade <= 8, paragraph["id"]
