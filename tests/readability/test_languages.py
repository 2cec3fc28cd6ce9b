"""Every language the engine scores: its policy, its direction, and sentences it does not split."""

from __future__ import annotations

from typing import Any

import pytest

from service.readability import extract, supported_languages
from service.readability.findings import FindingKind
from service.readability.formulas import Counts, Metrics
from service.readability.policy import PolicyError, Verdict, default_policy, evaluate, parse_policy
from service.readability.scores import Readability
from service.writing.audience import Audience

SCALES = {"es": ("INFLESZ", True), "de": ("Wiener Sachtextformel school grade", False)}


def _readability(lang: str, figure: float) -> Readability:
    counts = Counts(sentences=10, words=150, syllables=300, letters=700, polysyllables=0,
                    unfamiliar=0, complex_words=0)  # fmt: skip
    scale, higher_is_easier = SCALES[lang]
    return Readability(lang, figure, counts, Metrics(), "test", scale, higher_is_easier)


def test_english_spanish_and_german_are_scored() -> None:
    assert supported_languages() == ("de", "en", "es")


VERDICTS = [
    # Spanish: Szigriszt-Pazos on INFLESZ, higher is easier; warn below 65, fail below 55
    ("es", "layperson", 80.0, Verdict.PASS),
    ("es", "layperson", 65.0, Verdict.PASS),  # "bastante fácil" starts at 65
    ("es", "layperson", 64.9, Verdict.WARN),
    ("es", "layperson", 55.0, Verdict.WARN),  # "normal": warns, does not fail
    ("es", "layperson", 54.9, Verdict.FAIL),
    ("es", "layperson", 30.0, Verdict.FAIL),
    ("es", "clinician", 30.0, Verdict.PASS),  # reported, never gated
    # German: Wiener Sachtextformel, a school grade; warn above 6, fail above 8
    ("de", "layperson", 4.0, Verdict.PASS),
    ("de", "layperson", 6.0, Verdict.PASS),
    ("de", "layperson", 6.1, Verdict.WARN),
    ("de", "layperson", 8.0, Verdict.WARN),
    ("de", "layperson", 8.1, Verdict.FAIL),
    ("de", "clinician", 14.0, Verdict.PASS),
]


@pytest.mark.parametrize(("lang", "audience", "figure", "verdict"), VERDICTS)
def test_verdicts_per_language(lang: str, audience: str, figure: float, verdict: Verdict) -> None:
    judgement = evaluate(_readability(lang, figure), (), default_policy(), audience, lang)
    assert judgement.verdict is verdict


def test_spanish_reasons_name_the_formula_the_band_and_the_direction() -> None:
    judgement = evaluate(_readability("es", 52.3), (), default_policy(), "layperson", "es-MX")
    (reason,) = [r for r in judgement.reasons if r.rule == "grade"]
    assert reason.message.startswith(
        "Szigriszt-Pazos 52.3 (INFLESZ: algo difícil) is below 55, the fail level"
    )
    assert "Barrio-Cantalejo" in reason.source
    warned = evaluate(_readability("es", 60.0), (), default_policy(), "layperson", "es")
    assert warned.reasons[0].message == (
        "Szigriszt-Pazos 60.0 (INFLESZ: normal) is below 65, the target for layperson text."
    )


def test_german_reasons_name_the_formula() -> None:
    judgement = evaluate(_readability("de", 9.2), (), default_policy(), "layperson", "de-AT")
    assert judgement.reasons[0].message.startswith("Wiener Sachtextformel 9.2 is above 8")
    assert "Bamberger" in judgement.reasons[0].source


@pytest.mark.parametrize("lang", ["es", "de"])
def test_every_spanish_and_german_default_names_its_source(lang: str) -> None:
    policy = default_policy()
    for audience in Audience:
        rules = policy.for_(audience, lang)
        assert rules.grade.source
        assert all(rule.source for rule in rules.findings.values())
        # no glossary and no passive heuristic for these languages, so no rules for them
        assert FindingKind.JARGON not in rules.findings
        assert FindingKind.PASSIVE_VOICE not in rules.findings
    assert policy.for_(Audience.CLINICIAN, lang).report_only
    assert policy.for_(Audience.LAYPERSON, lang).sentence_limit == 20


def test_policy_thresholds_as_written() -> None:
    policy = default_policy()
    spanish = policy.for_(Audience.LAYPERSON, "es").grade
    german = policy.for_(Audience.LAYPERSON, "de").grade
    assert (spanish.warn_below, spanish.fail_below) == (65, 55)
    assert (spanish.warn_above, spanish.fail_above) == (None, None)
    assert (german.warn_above, german.fail_above) == (6, 8)


def _policy(lang: str, grade: dict[str, Any]) -> dict[str, Any]:
    return {"languages": {lang: {"layperson": {"grade": grade}}}}


BAD_DIRECTIONS = [
    ("grade thresholds for INFLESZ", _policy("es", {"warn_above": 6}), "write warn_below"),
    ("INFLESZ thresholds for a grade", _policy("de", {"fail_below": 55}), "write warn_above"),
    (
        "warn below fail",
        _policy("es", {"warn_below": 50, "fail_below": 55}),
        r"warn_below \(50\) is below fail_below \(55\)",
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"), [c[1:] for c in BAD_DIRECTIONS], ids=[c[0] for c in BAD_DIRECTIONS]
)
def test_thresholds_on_the_wrong_side_of_the_scale_are_refused(raw: Any, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy(raw, "policy.yaml")


SENTENCES = [
    # Spanish: ¿ and ¡ open sentences; abbreviations do not end them
    ("¿Qué son los milia? Son bultos. ¡No los apriete!", 3),
    ("Si le duele, ¿qué hace? Vaya al médico.", 2),
    ("La Dra. García lo dijo. La Sra. Pérez también.", 2),
    ("Hay cremas, p. ej. Vaselina, que tapan los poros.", 1),
    ("En EE. UU. Hay muchos casos.", 1),
    ("Vea la pág. 4 del folleto.", 1),
    ("Dura aprox. Dos semanas.", 1),
    ("Pasa a menudo.¿Por qué?", 2),  # pasted without a space
    # German: abbreviations and ordinals do not end sentences
    ("Sie entstehen z. B. Nach einer Verletzung.", 1),
    ("Das heißt d. h. Nichts.", 1),
    ("Dr. Müller bzw. Seine Kollegin kommt ca. Um neun.", 1),
    ("Das hilft ggf. Bei Milien.", 1),
    ("Am 3. Mai beginnt es. Im 19. Jahrhundert war es neu.", 2),
    ("Salben, Cremes usw. Die Haut braucht Ruhe.", 2),  # usw. ends a sentence, like etc.
    ("Die Haut heilt.Danach ist alles gut.", 2),  # pasted without a space
]


@pytest.mark.parametrize(("text", "count"), SENTENCES)
def test_sentences_in_spanish_and_german(text: str, count: int) -> None:
    assert len(extract(text).sentences) == count, [s.text for s in extract(text).sentences]
