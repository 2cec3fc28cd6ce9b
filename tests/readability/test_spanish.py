"""Spanish: syllables by rule, Fernández Huerta, Szigriszt-Pazos, INFLESZ, the milia bundle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.readability import Verdict, check_markdown, score
from service.readability.formulas import Counts, fernandez_huerta, szigriszt_pazos
from service.readability.spanish import inflesz_band, number_words, word_syllables

ROOT = Path(__file__).resolve().parents[2]
SPANISH_MILIA = sorted((ROOT / "variants" / "es" / "milia").glob("*.layperson.md"))

SYLLABLES = [
    # plain syllables
    ("casa", 2), ("perro", 2), ("árbol", 2), ("médico", 3), ("enfermedad", 4),
    ("dermatólogo", 5), ("queratina", 4), ("comedogénico", 6), ("microdermoabrasión", 7),
    # diphthongs: a weak vowel (i, u) beside another vowel, one syllable
    ("piel", 1), ("cielo", 2), ("ciudad", 2), ("huevo", 2), ("cuidado", 3), ("milia", 2),
    ("farmacéutico", 5), ("acuoso", 3),
    # triphthongs
    ("buey", 1), ("estudiáis", 3), ("averiguáis", 4), ("Uruguay", 3),
    # hiatus: two strong vowels
    ("leer", 2), ("creer", 2), ("poeta", 3), ("caer", 2), ("aéreo", 4), ("océano", 4),
    ("héroe", 3), ("zanahoria", 4), ("alcohol", 3), ("dermoabrasión", 5),
    # hiatus: an accent on the weak vowel breaks the diphthong
    ("día", 2), ("país", 2), ("baúl", 2), ("reír", 2), ("oído", 3), ("maíz", 2),
    ("proteína", 4), ("geografía", 5), ("cacatúa", 4), ("leían", 3), ("creíble", 3),
    ("destruí", 3), ("búho", 2), ("ahí", 2), ("guía", 2),
    # two of the same weak vowel
    ("chiita", 3),
    # silent u in que, qui, gue, gui; sounded in güe, güi
    ("que", 1), ("queso", 2), ("quiste", 2), ("quitarlos", 3), ("guerra", 2),
    ("guitarra", 3), ("guion", 1), ("pingüino", 3), ("vergüenza", 3),
    # y: a vowel where no vowel follows
    ("y", 1), ("muy", 1), ("hay", 1), ("rey", 1), ("ya", 1), ("reyes", 2),
    # no vowel at all: read by its letters elsewhere
    ("sr", 0),
]  # fmt: skip


@pytest.mark.parametrize(("word", "syllables"), SYLLABLES)
def test_spanish_syllables_by_rule(word: str, syllables: int) -> None:
    assert word_syllables(word.lower()) == syllables


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (21, "veintiuno"),
        (35, "treinta y cinco"),
        (100, "cien"),
        (115, "ciento quince"),
        (500, "quinientos"),
        (1918, "mil novecientos dieciocho"),
        (21000, "veintiún mil"),
        (2_500_000, "dos millones quinientos mil"),
    ],
)
def test_numbers_in_words(number: int, words: str) -> None:
    assert number_words(number) == words


@pytest.mark.parametrize(
    ("text", "syllables"),
    [
        ("Tome 2 comprimidos de 500 mg.", 2 + 1 + 4 + 1 + 3 + 4),  # quinientos miligramos
        ("Pasa en 1.500 casos.", 2 + 1 + 4 + 2),  # mil quinientos: "." separates thousands
        ("Un 25% mejora.", 1 + 7 + 3),  # veinticinco por ciento
        ("La OMS lo dice.", 1 + 5 + 1 + 2),  # o, eme, ese
        ("Con 6-8 gotas.", 1 + 4 + 2),  # seis a ocho
    ],
)
def test_figures_units_and_letters_are_read_aloud_in_spanish(text: str, syllables: int) -> None:
    assert score(text, "es").counts.syllables == syllables


# Two sentences, counted by hand:
#   Un(1) quiste(2) es(1) una(2) bolsa(2) cerrada(3) bajo(2) la(1) piel(1)   9 words, 15 syllables
#   El(1) dermatólogo(5) puede(2) quitarlos(3) con(1) cuidado(3)           6 words, 15 syllables
HAND_COUNTED = (
    "Un quiste es una bolsa cerrada bajo la piel. El dermatólogo puede quitarlos con cuidado."
)


def test_counts_of_a_small_text_match_a_hand_count() -> None:
    counts = score(HAND_COUNTED, "es").counts
    assert (counts.sentences, counts.words, counts.syllables) == (2, 15, 30)


def test_fernandez_huerta_and_szigriszt_pazos_by_hand() -> None:
    result = score(HAND_COUNTED, "es")
    # 30 syllables / 15 words = 2.0 a word; 15 words / 2 sentences = 7.5 a sentence.
    assert result.metrics.fernandez_huerta == pytest.approx(206.84 - 0.60 * 200 - 1.02 * 7.5)
    assert result.metrics.fernandez_huerta == pytest.approx(79.19)
    assert result.metrics.szigriszt_pazos == pytest.approx(206.835 - 62.3 * 2.0 - 7.5)
    assert result.metrics.szigriszt_pazos == pytest.approx(74.735)
    assert result.grade == result.metrics.szigriszt_pazos  # the figure the policy uses
    assert (result.scale, result.higher_is_easier) == ("INFLESZ", True)
    assert result.band == "bastante fácil"


def test_longer_sentences_score_harder_in_fernandez_huerta() -> None:
    """Words per sentence, not sentences per 100 words: the corrected reading of the formula."""
    short = Counts(sentences=10, words=100, syllables=200, letters=500, polysyllables=0,
                   unfamiliar=0, complex_words=0)  # fmt: skip
    long = Counts(sentences=4, words=100, syllables=200, letters=500, polysyllables=0,
                  unfamiliar=0, complex_words=0)  # fmt: skip
    assert fernandez_huerta(long) < fernandez_huerta(short)
    assert szigriszt_pazos(long) < szigriszt_pazos(short)


INFLESZ = [
    (20.0, "muy difícil"),
    (39.9, "muy difícil"),
    (40.0, "algo difícil"),
    (54.9, "algo difícil"),
    (55.0, "normal"),
    (64.9, "normal"),
    (65.0, "bastante fácil"),
    (80.0, "bastante fácil"),  # "más de 80" is muy fácil
    (80.1, "muy fácil"),
    (104.0, "muy fácil"),
]


@pytest.mark.parametrize(("figure", "band"), INFLESZ)
def test_inflesz_bands(figure: float, band: str) -> None:
    assert inflesz_band(figure) == band


def test_a_spanish_section_is_scored_with_the_spanish_formulas() -> None:
    markdown = "# Milia\n\nLos milia son bultos blancos muy pequeños en la piel. Se van solos.\n"
    payload = check_markdown(markdown, "layperson", "es").to_dict()
    assert payload["lang"] == "es"
    assert set(payload["metrics"]) == {"fernandez_huerta", "szigriszt_pazos"}
    assert "Szigriszt-Pazos" in payload["consensus"] and "INFLESZ" in payload["consensus"]
    assert (payload["scale"], payload["higher_is_easier"]) == ("INFLESZ", True)
    assert payload["grade"] == payload["metrics"]["szigriszt_pazos"]
    assert payload["band"] == "muy fácil"
    assert payload["unfamiliar_share"] is None  # no Spanish familiar-word list: not a zero
    assert payload["reasons"][0]["message"].startswith("Szigriszt-Pazos ")


def test_english_formulas_never_score_spanish_text() -> None:
    text = "Los milia son bultos blancos muy pequeños en la piel."
    spanish, english = score(text, "es"), score(text, "en")
    assert spanish.metrics.flesch_kincaid_grade is None
    assert spanish.metrics.dale_chall is None
    assert english.metrics.szigriszt_pazos is None
    assert english.scale == "US school grade"


def test_spanish_findings_use_no_english_rules() -> None:
    """No English passive heuristic and no English glossary on Spanish text."""
    text = "El informe inglés dice: the cyst was removed. El quiste es una bolsa."
    assert {f.kind.value for f in check_markdown(text, "layperson", "en").findings} >= {
        "passive_voice",
        "jargon",
    }
    kinds = {f.kind.value for f in check_markdown(text, "layperson", "es").findings}
    assert "passive_voice" not in kinds and "jargon" not in kinds


def test_spanish_hard_words_have_four_syllables_or_more() -> None:
    text = "El dermatólogo trata la piel de las personas. Lo dijo García Villanueva."
    hard = [f.text for f in check_markdown(text, "layperson", "es").findings
            if f.kind.value == "hard_word"]  # fmt: skip
    assert hard == ["dermatólogo"]  # personas has three; names are skipped


def _body(path: Path) -> str:
    """A section file's Markdown after its front matter."""
    return re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("path", SPANISH_MILIA, ids=[p.name for p in SPANISH_MILIA])
def test_spanish_milia_layperson_text_passes_the_spanish_policy(path: Path) -> None:
    report = check_markdown(_body(path), "layperson", "es")
    grade_reason = next(r for r in report.reasons if r.rule == "grade")
    assert grade_reason.level is Verdict.PASS, grade_reason.message
    assert report.grade >= 65  # at least "bastante fácil"
    assert report.verdict is not Verdict.FAIL


def test_the_spanish_milia_bundle_has_layperson_sections() -> None:
    assert len(SPANISH_MILIA) == 4
