"""The plain-language glossary: shipped terms, matching, and errors that say what to fix."""

from __future__ import annotations

from typing import Any

import pytest

from service.readability.glossary import GlossaryError, default_glossary, parse_glossary


def test_shipped_glossary_has_enough_terms() -> None:
    terms = default_glossary("en").terms
    assert len(terms) >= 150
    names = [t.term.lower() for t in terms]
    assert len(names) == len(set(names))
    assert all(t.plain and t.plain.lower() != t.term.lower() for t in terms)


def test_every_term_and_form_finds_itself() -> None:
    glossary = default_glossary()
    for term in glossary.terms:
        for form in (term.term, *term.forms):
            assert [m.term for m in glossary.find(f"About {form} today.")] == [term], form


@pytest.mark.parametrize(
    ("text", "term", "plain"),
    [
        ("hypertension", "hypertension", "high blood pressure"),
        ("keratin", "keratin", "a tough protein in skin, hair and nails"),
        ("Myocardial infarctions", "myocardial infarction", "heart attack"),
        ("oedema", "edema", "swelling caused by fluid"),
        ("non-comedogenic", "comedogenic", "likely to clog pores"),
    ],
)
def test_examples(text: str, term: str, plain: str) -> None:
    (match,) = default_glossary().find(text)
    assert (match.term.term, match.term.plain) == (term, plain)


def test_longest_term_wins() -> None:
    matches = list(default_glossary().find("after a cardiac arrest"))
    assert [m.term.term for m in matches] == ["cardiac arrest"]


BAD = [
    ("no language", {"de": []}, "no term list for language 'en'"),
    ("entry not a mapping", {"en": ["hypertension"]}, "en entry 1"),
    ("missing plain", {"en": [{"term": "x"}]}, "'plain' must give"),
    ("unquoted comma", {"en": [{"term": "x", "plain": "a", "b": None}]}, "unknown key 'b'"),
    ("forms not a list", {"en": [{"term": "x", "plain": "y", "forms": "z"}]}, "'forms' must be"),
]


@pytest.mark.parametrize(("raw", "message"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_glossary(raw: Any, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(raw, "en", "glossary.yaml")
