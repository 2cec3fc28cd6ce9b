"""Findings per audience (the policy turns kinds off) and an article's accepted terms."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from service.readability import FindingKind, Vocabulary, check_markdown
from service.readability.policy import PolicyError, default_policy, parse_policy
from service.writing.audience import Audience

# Clinician prose of the kind issue #14 quotes: technical words on purpose.
CLINICAL = (
    "Milia are keratinous cysts of the epidermis. Secondary milia are caused by "
    "blistering, dermabrasion or topical corticosteroids, and the keratinocytes of the "
    "infundibulum are occluded by retained keratin over several weeks of treatment."
)


def kinds(markdown: str, audience: Audience, lang: str = "en", **kwargs: Any) -> set[str]:
    """The kinds of finding listed for ``markdown``."""
    report = check_markdown(markdown, audience, lang, **kwargs)
    return {finding.kind.value for finding in report.findings}


def test_clinician_text_gets_no_jargon_or_hard_word_findings() -> None:
    assert {"jargon", "hard_word"} <= kinds(CLINICAL, Audience.LAYPERSON)
    clinician = kinds(CLINICAL, Audience.CLINICIAN)
    assert not clinician & {"jargon", "hard_word"}
    assert "passive_voice" in clinician  # still a hint for professional writers


def test_clinicians_keep_the_long_sentence_finding_at_their_looser_limit() -> None:
    thirty = " ".join(["word"] * 25) + "."
    assert "long_sentence" in kinds(thirty, Audience.LAYPERSON)
    assert "long_sentence" not in kinds(thirty, Audience.CLINICIAN)
    assert "long_sentence" in kinds(" ".join(["word"] * 31) + ".", Audience.CLINICIAN)


@pytest.mark.parametrize("lang", ["es", "de"])
def test_clinician_text_in_other_languages_gets_no_hard_word_findings(lang: str) -> None:
    text = "Die Keratinozytenproliferation der Epidermis. La queratinización epidérmica."
    assert "hard_word" in kinds(text, Audience.LAYPERSON, lang)
    assert "hard_word" not in kinds(text, Audience.CLINICIAN, lang)


def test_a_kind_turned_off_leaves_the_grade_as_it_was() -> None:
    report = check_markdown(CLINICAL, Audience.CLINICIAN, "en")
    everything = _policy(clinician_findings={"jargon": "info", "hard_word": "info"})
    full = check_markdown(CLINICAL, Audience.CLINICIAN, "en", everything)
    assert report.grade == full.grade
    assert len(full.findings) > len(report.findings)


def _policy(clinician_findings: dict[str, Any]) -> Any:
    raw = {
        "languages": {
            "en": {
                "layperson": {"grade": {"warn_above": 6, "fail_above": 8}},
                "clinician": {"report_only": True, "findings": clinician_findings},
            }
        }
    }
    return parse_policy(raw, "test-policy.yaml")


def test_off_may_be_written_unquoted_in_the_policy_file() -> None:
    # YAML 1.1 reads a bare ``off`` as false; the policy takes it as meant.
    raw = yaml.safe_load(
        "languages:\n  en:\n    layperson:\n      grade: {fail_above: 8}\n"
        "      findings:\n        passive_voice: {level: off}\n"
    )
    policy = parse_policy(raw, "p.yaml")
    assert not policy.for_(Audience.LAYPERSON, "en").reports(FindingKind.PASSIVE_VOICE)
    text = "The cyst was removed by the doctor."
    assert "passive_voice" not in kinds(text, Audience.LAYPERSON, policy=policy)


def test_a_bad_level_names_the_choices() -> None:
    with pytest.raises(PolicyError, match="level must be off, info, warn or fail"):
        _policy(clinician_findings={"jargon": "sometimes"})


def test_the_shipped_policy_turns_off_jargon_and_hard_words_for_clinicians_only() -> None:
    policy = default_policy()
    for lang in ("en", "es", "de"):
        assert not policy.for_(Audience.CLINICIAN, lang).reports(FindingKind.HARD_WORD)
        assert policy.for_(Audience.LAYPERSON, lang).reports(FindingKind.HARD_WORD)
    assert not policy.for_(Audience.CLINICIAN, "en").reports(FindingKind.JARGON)


LAY = "Milia are small cysts. The epidermis traps keratin. Milia sometimes appear."


def test_accepted_terms_are_no_hard_word_or_jargon() -> None:
    before = check_markdown(LAY, Audience.LAYPERSON, "en")
    assert {f.text for f in before.findings} >= {"Milia", "epidermis", "cysts"}
    after = check_markdown(LAY, Audience.LAYPERSON, "en", accepted=["milia", "Epidermis", "cyst"])
    assert {f.text for f in after.findings} == {"keratin"}
    assert after.grade == before.grade  # the grade never depends on the vocabulary


@pytest.mark.parametrize(
    ("term", "word", "accepted"),
    [
        ("milia", "Milia", True),
        ("milia", "MILIA", True),
        ("cyst", "cysts", True),
        ("cyst", "cyst's", True),
        ("cyst", "cyst\u2019s", True),
        ("papule", "papules", True),
        ("biopsy", "biopsies", True),
        ("Zyste", "Zysten", True),
        ("quiste", "quistes", True),
        ("sebaceous gland", "Sebaceous glands", True),
        ("milia", "milium", False),  # irregular forms are listed themselves
        ("cyst", "cystic", False),
        ("sebaceous gland", "sebaceous", False),
    ],
)
def test_what_an_accepted_term_covers(term: str, word: str, accepted: bool) -> None:
    assert Vocabulary.of([term]).accepts(word) is accepted


def test_a_vocabulary_keeps_each_term_once_in_the_order_written() -> None:
    assert Vocabulary.of(["milia", " ", "Milia", "cyst "]).terms == ("milia", "cyst")
