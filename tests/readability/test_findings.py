"""Findings for writers: what is found, what is not, and where it is in the Markdown."""

from __future__ import annotations

import pytest

from service.readability.findings import FindingKind, find
from service.readability.glossary import Glossary, Term

LONG = "You should " + " ".join(["always"] * 20) + " wash."

CASES = [
    ("long sentence", LONG, FindingKind.LONG_SENTENCE, LONG),
    ("hard word", "The medication is bitter.", FindingKind.HARD_WORD, "medication"),
    ("jargon", "You have hypertension.", FindingKind.JARGON, "hypertension"),
    ("jargon plural", "Lesions may form.", FindingKind.JARGON, "Lesions"),
    (
        "jargon phrase",
        "He had a myocardial infarction.",
        FindingKind.JARGON,
        "myocardial infarction",
    ),
    ("passive", "The bump is gently removed.", FindingKind.PASSIVE_VOICE, "is gently removed"),
    ("irregular passive", "The pill was taken daily.", FindingKind.PASSIVE_VOICE, "was taken"),
    ("abbreviation", "Ask for an ECG today.", FindingKind.ABBREVIATION, "ECG"),
    (
        "abbreviation before its expansion",
        "RCTs help. Randomised controlled trials (RCTs) are fair.",
        FindingKind.ABBREVIATION,
        "RCTs",
    ),
]


@pytest.mark.parametrize(
    ("markdown", "kind", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_found(markdown: str, kind: FindingKind, text: str) -> None:
    found = [(f.kind, f.text) for f in find(markdown)]
    assert (kind, text) in found


NOT_FOUND = [
    ("short sentence", "Wash your hands.", FindingKind.LONG_SENTENCE),
    ("familiar long word", "Everybody needs to remember it.", FindingKind.HARD_WORD),
    ("name inside a sentence", "Ask Mrs. Abernathy about it.", FindingKind.HARD_WORD),
    ("jargon explained: X is", "A cyst is a closed pocket. The cyst is small.", FindingKind.JARGON),
    ("jargon explained: X, a", "It is full of keratin, a tough protein.", FindingKind.JARGON),
    ("jargon explained: plain (X)", "You may see a bruise (contusion).", FindingKind.JARGON),
    ("jargon explained: To X means", "To exfoliate means to remove dead skin.", FindingKind.JARGON),
    ("state, not passive", "I am tired today.", FindingKind.PASSIVE_VOICE),
    ("not passive", "This is a test.", FindingKind.PASSIVE_VOICE),
    (
        "expansion first",
        "Body mass index (BMI) matters. Your BMI is fine.",
        FindingKind.ABBREVIATION,
    ),
    ("letters in brackets after", "An ECG (electrocardiogram) is quick.", FindingKind.ABBREVIATION),
    ("roman numeral", "Type II diabetes is common.", FindingKind.ABBREVIATION),
    ("shouting", "DO NOT stop taking it.", FindingKind.ABBREVIATION),
    (
        "heading and code",
        "# ECG hypertension\n\n```\nRCT hypertension\n```\n\nRest.",
        FindingKind.JARGON,
    ),
]


@pytest.mark.parametrize(
    ("markdown", "kind"), [c[1:] for c in NOT_FOUND], ids=[c[0] for c in NOT_FOUND]
)
def test_not_found(markdown: str, kind: FindingKind) -> None:
    assert kind not in {f.kind for f in find(markdown)}


def test_abbreviation_reported_once() -> None:
    found = [
        f
        for f in find("The CI was wide. The CI was wide again.")
        if f.kind is FindingKind.ABBREVIATION
    ]
    assert len(found) == 1


def test_sentence_limit_is_a_parameter() -> None:
    text = "Drink water and rest well today."
    assert FindingKind.LONG_SENTENCE in {f.kind for f in find(text, sentence_limit=5)}
    assert FindingKind.LONG_SENTENCE not in {f.kind for f in find(text, sentence_limit=6)}


def test_jargon_suggests_the_plain_word() -> None:
    (finding,) = [f for f in find("Hypertension is common.") if f.kind is FindingKind.JARGON]
    assert finding.suggestion == "high blood pressure"
    assert "high blood pressure" in finding.message


def test_custom_glossary() -> None:
    glossary = Glossary((Term("gadget", "tool"),))
    assert [f.suggestion for f in find("Use the gadget.", glossary=glossary)] == ["tool"]


SOURCE = """---
title: Care
---
# Hypertension

Milia are benign [@berk2008]. An MRI is rarely needed.

- Lesions are **usually** removed by a dermatologist
"""


def test_locations_point_at_the_source() -> None:
    findings = find(SOURCE)
    assert findings, "expected findings"
    lines = SOURCE.splitlines()
    for finding in findings:
        if finding.kind is FindingKind.PASSIVE_VOICE:
            continue  # a phrase may span emphasis markers; see the next test
        loc = finding.location
        assert SOURCE[loc.start : loc.end] == finding.text
        assert lines[loc.line - 1][loc.column - 1 : loc.end_column - 1] == finding.text
    kinds = {(f.kind, f.text, f.location.line) for f in findings}
    assert (FindingKind.JARGON, "benign", 6) in kinds
    assert (FindingKind.ABBREVIATION, "MRI", 6) in kinds
    assert (FindingKind.JARGON, "dermatologist", 8) in kinds
    assert all(f.location.line != 4 for f in findings)  # the heading is not prose


def test_passive_across_emphasis_maps_to_the_whole_phrase() -> None:
    (finding,) = [f for f in find(SOURCE) if f.text == "are usually removed"]
    assert SOURCE[finding.location.start : finding.location.end] == "are **usually** removed"


def test_to_dict() -> None:
    (finding,) = find("Ask for an ECG.")
    assert finding.to_dict() == {
        "kind": "abbreviation",
        "text": "ECG",
        "message": finding.message,
        "suggestion": None,
        "params": {"letters": "ECG"},
        "wording": "abbreviation",
        "line": 1,
        "column": 12,
        "end_line": 1,
        "end_column": 15,
        "start": 11,
        "end": 14,
    }
