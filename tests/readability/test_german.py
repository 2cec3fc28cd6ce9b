"""German: syllables by vowel groups, the Wiener Sachtextformel and Amstad's Flesch by hand."""

from __future__ import annotations

import pytest

from service.readability import check_markdown, score
from service.readability.german import number_words, word_syllables, year_words

SYLLABLES = [
    ("haut", 1), ("sonne", 2), ("zyste", 2), ("behandlung", 3), ("hornzellen", 3),
    ("augenlider", 4), ("dermatologe", 5), ("keratin", 3), ("mitteleuropa", 5),
    # diphthongs and long vowels written with two letters: one syllable
    ("schneiden", 2), ("häufig", 2), ("bäume", 2), ("eule", 2), ("feuer", 2), ("bier", 1),
    ("haar", 1), ("zoo", 1), ("idee", 2), ("bayern", 2),
    # other vowels side by side are said apart
    ("nation", 3), ("theorie", 3), ("aktuell", 3),
    # foreign -ien, -een, -ient, -eum
    ("milien", 3), ("ferien", 3), ("ideen", 3), ("patient", 3), ("patienten", 4),
    ("museum", 3), ("wien", 1), ("verdient", 2),
    # u after q, y as a vowel or a consonant
    ("quelle", 2), ("typ", 1), ("system", 2), ("yoga", 2),
    ("neunzehnhundertachtzehn", 6),
    ("bzw", 0),  # no vowel: read in full elsewhere
]  # fmt: skip


@pytest.mark.parametrize(("word", "syllables"), SYLLABLES)
def test_german_syllables_by_vowel_groups(word: str, syllables: int) -> None:
    assert word_syllables(word) == syllables


def test_numbers_and_years_in_words() -> None:
    assert number_words(27) == "siebenundzwanzig"
    assert number_words(101) == "einhunderteins"
    assert number_words(21000) == "einundzwanzigtausend"
    assert year_words(1918) == "neunzehnhundertachtzehn"
    assert year_words(2005) == "zweitausendfünf"


@pytest.mark.parametrize(
    ("text", "syllables"),
    [
        # Neh-men Sie zwei Ta-blet-ten mit fünf-hun-dert Mil-li-gramm
        ("Nehmen Sie 2 Tabletten mit 500 mg.", 2 + 1 + 1 + 3 + 1 + 3 + 3),
        ("Das ist bzw. war so.", 1 + 1 + 5 + 1 + 1),  # beziehungsweise
        ("Etwa 25% heilen.", 2 + 6 + 2),  # fünfundzwanzig Prozent
    ],
)
def test_figures_units_and_abbreviations_are_read_aloud_in_german(
    text: str, syllables: int
) -> None:
    assert score(text, "de").counts.syllables == syllables


# Counted by hand:
#   Die(1) Milien(3) sind(1) kleine(2) weiße(2) Zysten(2)          6 words
#   Sie(1) verschwinden(3) meist(1) von(1) selbst(1)               5 words
# 11 words, 18 syllables, 2 sentences; SL = 5.5
# MS (three syllables or more): Milien, verschwinden        2 of 11
# IW (more than six letters):   verschwinden                1 of 11
# ES (one syllable): Die, sind, Sie, meist, von, selbst     6 of 11
HAND_COUNTED = "Die Milien sind kleine weiße Zysten. Sie verschwinden meist von selbst."


def test_wiener_sachtextformel_by_hand() -> None:
    result = score(HAND_COUNTED, "de")
    counts = result.counts
    assert (counts.sentences, counts.words, counts.syllables) == (2, 11, 18)
    assert (counts.polysyllables, counts.long_words, counts.monosyllables) == (2, 1, 6)
    ms, sl, iw, es = 100 * 2 / 11, 11 / 2, 100 * 1 / 11, 100 * 6 / 11
    expected = 0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875
    assert result.metrics.wiener_sachtextformel == pytest.approx(expected)
    assert result.metrics.wiener_sachtextformel == pytest.approx(2.958, abs=0.001)
    assert result.grade == result.metrics.wiener_sachtextformel
    assert result.metrics.flesch_amstad == pytest.approx(180 - 5.5 - 58.5 * 18 / 11)
    assert result.scale == "Wiener Sachtextformel school grade"
    assert not result.higher_is_easier


def test_a_german_section_is_scored_with_the_german_formulas() -> None:
    payload = check_markdown(f"## Milien\n\n{HAND_COUNTED}\n", "layperson", "de").to_dict()
    assert set(payload["metrics"]) == {"wiener_sachtextformel", "flesch_amstad"}
    assert "Wiener Sachtextformel" in payload["consensus"]
    assert payload["reasons"][0]["message"] == "Wiener Sachtextformel 3.0."


def test_german_hard_words_include_capitalised_nouns() -> None:
    """Every German noun has a capital, so capitals do not mark names as in English."""
    text = "Die Hornzellenansammlung verschwindet, bzw. sie geht weg."
    report = check_markdown(text, "layperson", "de")
    hard = [f.text for f in report.findings if f.kind.value == "hard_word"]
    assert hard == ["Hornzellenansammlung"]  # bzw. is read as five syllables, not hard
    assert not [f for f in report.findings if f.kind.value in ("passive_voice", "jargon")]
