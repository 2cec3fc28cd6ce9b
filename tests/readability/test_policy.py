"""The policy: verdicts per audience and language, reasons, and helpful errors for bad files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from service.readability import UnsupportedLanguage, check_markdown
from service.readability.extract import Location
from service.readability.findings import Finding, FindingKind
from service.readability.formulas import Counts, Metrics
from service.readability.policy import (
    PolicyError,
    Verdict,
    default_policy,
    evaluate,
    load_policy,
    parse_policy,
)
from service.readability.scores import Readability
from service.writing.audience import Audience

HERE = Location(1, 1, 1, 2, 0, 1)


def _readability(grade: float, words: int = 150) -> Readability:
    counts = Counts(sentences=10, words=words, syllables=words, letters=4 * words,
                    polysyllables=0, unfamiliar=0, complex_words=0)  # fmt: skip
    return Readability("en", grade, counts, Metrics(), "test")


def _findings(*kinds: FindingKind) -> tuple[Finding, ...]:
    return tuple(Finding(kind, "x", "x", HERE) for kind in kinds)


VERDICTS = [
    # grade, findings, audience, verdict
    (4.0, (), "layperson", Verdict.PASS),
    (6.0, (), "layperson", Verdict.PASS),  # warn only *above* 6
    (6.1, (), "layperson", Verdict.WARN),
    (8.0, (), "layperson", Verdict.WARN),  # fail only *above* 8
    (8.1, (), "layperson", Verdict.FAIL),
    (4.0, (FindingKind.JARGON,), "layperson", Verdict.WARN),
    (4.0, (FindingKind.LONG_SENTENCE,), "layperson", Verdict.WARN),
    (
        4.0,
        (FindingKind.HARD_WORD, FindingKind.PASSIVE_VOICE, FindingKind.ABBREVIATION),
        "layperson",
        Verdict.PASS,
    ),
    (9.0, (FindingKind.JARGON,), "layperson", Verdict.FAIL),
    (16.0, (), "clinician", Verdict.PASS),  # reported, never failed
    (16.0, (FindingKind.JARGON, FindingKind.LONG_SENTENCE), "clinician", Verdict.PASS),
    (9.0, (), Audience.LAYPERSON, Verdict.FAIL),
]


@pytest.mark.parametrize(("grade", "kinds", "audience", "verdict"), VERDICTS)
def test_verdicts(
    grade: float, kinds: tuple[FindingKind, ...], audience: Any, verdict: Verdict
) -> None:
    judgement = evaluate(_readability(grade), _findings(*kinds), default_policy(), audience, "en")
    assert judgement.verdict is verdict
    assert judgement.reasons[0].level is verdict  # worst reason first


def test_reasons_explain_and_cite() -> None:
    judgement = evaluate(_readability(9.2), (), default_policy(), "layperson", "en_US")
    (reason,) = [r for r in judgement.reasons if r.rule == "grade"]
    assert "Grade 9.2 is above 8" in reason.message
    assert "NIH" in reason.source


def test_small_sample_noted_without_changing_the_verdict() -> None:
    judgement = evaluate(_readability(3.0, words=40), (), default_policy(), "layperson", "en")
    assert judgement.verdict is Verdict.PASS
    assert any(r.rule == "sample" and "40 words" in r.message for r in judgement.reasons)


def test_empty_text_passes_with_a_note() -> None:
    judgement = evaluate(_readability(0.0, words=0), (), default_policy(), "layperson", "en")
    assert judgement.verdict is Verdict.PASS
    assert judgement.reasons[0].message == "There is no prose to score."


def test_unknown_language_is_never_english() -> None:
    with pytest.raises(UnsupportedLanguage):
        evaluate(_readability(4.0), (), default_policy(), "layperson", "fr")
    with pytest.raises(UnsupportedLanguage):
        check_markdown("Bonjour.", "layperson", "fr")


def test_unknown_audience_names_the_choices() -> None:
    with pytest.raises(PolicyError, match="layperson, clinician"):
        evaluate(_readability(4.0), (), default_policy(), "patient", "en")


def test_every_default_names_its_source() -> None:
    policy = default_policy()
    for audience in Audience:
        rules = policy.for_(audience, "en")
        assert rules.grade.source
        assert {kind for kind in FindingKind} == set(rules.findings)
        assert all(rule.source for rule in rules.findings.values())
    layperson = policy.for_(Audience.LAYPERSON, "en")
    assert (layperson.grade.warn_above, layperson.grade.fail_above) == (6, 8)
    assert layperson.sentence_limit == 20
    assert policy.for_(Audience.CLINICIAN, "en").report_only


def _policy_text(**layperson: Any) -> dict[str, Any]:
    return {"languages": {"en": {"layperson": layperson}}}


BAD_POLICIES = [
    ("not a mapping", [], "expected 'languages:'"),
    ("unknown language", {"languages": {"xx": {}}}, "language 'xx' has no readability formulas"),
    ("unknown audience", {"languages": {"en": {"doctor": {}}}}, "unknown audience"),
    (
        "warn above fail",
        _policy_text(grade={"warn_above": 9, "fail_above": 8}),
        r"warn_above \(9\) is above",
    ),
    ("grade not a number", _policy_text(grade={"warn_above": "six"}), "expected a grade"),
    ("unknown finding kind", _policy_text(findings={"jargons": "warn"}), "unknown kind 'jargons'"),
    ("bad level", _policy_text(findings={"jargon": {"level": "error"}}), "info, warn or fail"),
    ("bad word limit", _policy_text(findings={"long_sentence": {"words": 0}}), "whole number"),
]


@pytest.mark.parametrize(
    ("raw", "message"), [c[1:] for c in BAD_POLICIES], ids=[c[0] for c in BAD_POLICIES]
)
def test_bad_policy_says_what_to_fix(raw: Any, message: str) -> None:
    with pytest.raises(PolicyError, match=message) as error:
        parse_policy(raw, "policy.yaml")
    assert str(error.value).startswith("policy.yaml")


def test_policy_without_an_audience(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(_policy_text(grade={"warn_above": 5, "fail_above": 7})))
    policy = load_policy(path)
    assert policy.for_("layperson", "en").grade.fail_above == 7
    with pytest.raises(PolicyError, match="no rules for clinician text in 'en'"):
        policy.for_("clinician", "en")


def test_check_markdown_report(plain_paragraphs: list[dict[str, Any]]) -> None:
    report = check_markdown("# Title\n\nYou have hypertension. Drink water.", "layperson", "en")
    assert report.verdict is Verdict.WARN  # jargon warns
    data = report.to_dict()
    assert {"grade", "verdict", "sentences", "words", "metrics", "findings"} <= set(data)
    assert data["verdict"] == "warn"
    assert data["findings"][0]["kind"] == "jargon"


def test_plain_paragraphs_pass_the_layperson_policy(plain_paragraphs: list[dict[str, Any]]) -> None:
    """Every plain patient paragraph stays under the fail level; most do not even warn."""
    verdicts = {p["id"]: check_markdown(p["text"]).verdict for p in plain_paragraphs}
    assert Verdict.FAIL not in verdicts.values()
    assert list(verdicts.values()).count(Verdict.PASS) >= 7
