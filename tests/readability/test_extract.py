"""Prose extraction: what is read, where sentences end, and the way back to the source."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textstat.backend.counts import count_sentences

from service.readability.extract import Block, extract
from service.writing.citations import strip_citations

CASES = [
    # Decimals, statistics and dosages stay inside their sentence.
    ("dosage", "Take 2.5 mg twice a day. Rest well.", ["Take 2.5 mg twice a day.", "Rest well."]),
    (
        "confidence interval",
        "Deaths fell (RR 0.73, 95% CI 0.65 to 0.81). Harms were rare.",
        ["Deaths fell (RR 0.73, 95% CI 0.65 to 0.81).", "Harms were rare."],
    ),
    (
        "p-values",
        "The change was small (p<0.05). Another was not (P = .03). Done here.",
        ["The change was small (p<0.05).", "Another was not (P = .03).", "Done here."],
    ),
    (
        "percentage",
        "Rates fell by 12.5% in a year. That helps.",
        ["Rates fell by 12.5% in a year.", "That helps."],
    ),
    # Abbreviations that never end a sentence.
    (
        "e.g. and et al.",
        "Eat fruit, e.g. Apples. Smith et al. Found more. Dr. Lee agreed.",
        ["Eat fruit, e.g. Apples.", "Smith et al. Found more.", "Dr. Lee agreed."],
    ),
    (
        "i.e., vs., approx., Fig., no.",
        "Use one dose, i.e. One tablet. Drug A vs. Drug B took approx. Ten days (Fig. 2, no. 5).",
        [
            "Use one dose, i.e. One tablet.",
            "Drug A vs. Drug B took approx. Ten days (Fig. 2, no. 5).",
        ],
    ),
    (
        "etc. before a capital ends",
        "Buy soap, towels etc. Then wash.",
        ["Buy soap, towels etc.", "Then wash."],
    ),
    (
        "text pasted without a space",
        "No effect was found.The review ended.",
        ["No effect was found.", "The review ended."],
    ),
    ("questions and exclamations", "Is it safe? Yes! Ask us.", ["Is it safe?", "Yes!", "Ask us."]),
    # Lists: each item a sentence, with a full stop added.
    (
        "list without periods",
        "- Fever\n- Cough\n- Sore throat\n",
        ["Fever.", "Cough.", "Sore throat."],
    ),
    (
        "lead-in colon",
        "You may have:\n\n- fever\n- a cough\n",
        ["You may have.", "fever.", "a cough."],
    ),
    (
        "nested list",
        "- Eat well\n  - fruit\n  - vegetables\n- Sleep\n",
        ["Eat well.", "fruit.", "vegetables.", "Sleep."],
    ),
    (
        "item with two sentences",
        "1. Rinse. Then dry your hands\n2. Repeat\n",
        ["Rinse.", "Then dry your hands.", "Repeat."],
    ),
    (
        "item with two paragraphs",
        "1. First step\n\n   More about it\n",
        ["First step.", "More about it."],
    ),
    # Tables: header dropped, each row a sentence.
    (
        "table",
        "| Sign | What to do |\n|---|---|\n| Fever | Call us |\n| Rash. | Rest. |\n",
        ["Fever; Call us.", "Rash.", "Rest."],
    ),
    ("block quote", "> Wash your hands\n> before you eat\n", ["Wash your hands before you eat."]),
    # What is not prose.
    ("heading", "# Causes\n\nGerms cause colds.", ["Germs cause colds."]),
    ("setext heading", "Causes\n======\n\nGerms cause colds.", ["Germs cause colds."]),
    ("fenced code", "Run it.\n\n```\nx = 1. y = 2.\n```\n", ["Run it."]),
    ("indented code", "Run it.\n\n    x = 1. y = 2.\n", ["Run it."]),
    ("inline code", "Type `help` to see more.", ["Type to see more."]),
    ("citation", "Milia are harmless [@berk2008].", ["Milia are harmless."]),
    (
        "citation group",
        "Some babies have them [@a2009; @b2010]. Fine.",
        ["Some babies have them.", "Fine."],
    ),
    ("footnote mark", "It helps[^1]. Really.", ["It helps.", "Really."]),
    ("bare URL", "See https://example.org/a.b for more.", ["See for more."]),
    ("autolink", "See <https://example.org> for more.", ["See for more."]),
    (
        "link text kept",
        "Read [the NHS page](https://nhs.uk/x.y) today.",
        ["Read the NHS page today."],
    ),
    ("link whose text is the URL", "Go to [www.nhs.uk](https://www.nhs.uk) now.", ["Go to now."]),
    ("image", "A rash ![photo of a rash](rash.png) can itch.", ["A rash can itch."]),
    ("inline HTML", "Press <kbd>Enter</kbd> now.", ["Press Enter now."]),
    ("HTML block", "<div>\nHidden text.\n</div>\n\nShown text.", ["Shown text."]),
    ("emphasis", "Do **not** stop *suddenly*.", ["Do not stop suddenly."]),
    ("front matter", "---\ntitle: Why milia form\n---\nMilia are small.", ["Milia are small."]),
    ("empty", "", []),
]


@pytest.mark.parametrize(
    ("markdown", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_sentences(markdown: str, expected: list[str]) -> None:
    assert [s.text for s in extract(markdown).sentences] == expected


def test_blocks_and_quotes() -> None:
    prose = extract("Intro.\n\n- item\n\n| a | b |\n|---|---|\n| c | d |\n\n> quoted\n")
    assert [(s.block, s.quoted) for s in prose.sentences] == [
        (Block.PARAGRAPH, False),
        (Block.LIST_ITEM, False),
        (Block.TABLE_ROW, False),
        (Block.PARAGRAPH, True),
    ]


SOURCE = """---
title: Treatment
---
Milia often clear up on their own [@berk2008].

- Extraction. The doctor gently removes the bump
- Use `tretinoin` cream **twice** a day.

| Sign | Do |
|------|----|
| Fever | Call \\*us\\* &amp; rest |
"""


@pytest.mark.parametrize(
    ("sentence", "line", "column", "end_column"),
    [
        ("Milia often clear up on their own.", 4, 1, 47),
        ("Extraction.", 6, 3, 14),
        ("The doctor gently removes the bump.", 6, 15, 49),
        ("Use cream twice a day.", 7, 3, 41),
        ("Fever; Call *us* & rest.", 11, 3, 33),
    ],
)
def test_source_lines_and_columns(sentence: str, line: int, column: int, end_column: int) -> None:
    prose = extract(SOURCE)
    found = next(s for s in prose.sentences if s.text == sentence)
    location = found.location
    assert (location.line, location.column, location.end_line, location.end_column) == (
        line,
        column,
        line,
        end_column,
    )


@pytest.mark.parametrize(
    "word", ["often", "doctor", "bump", "cream", "twice", "Fever", "rest", "us"]
)
def test_each_word_maps_to_itself_in_the_source(word: str) -> None:
    prose = extract(SOURCE)
    for sentence in prose.sentences:
        i = sentence.text.find(word)
        if i >= 0:
            location = prose.span(sentence, i, i + len(word))
            assert SOURCE[location.start : location.end] == word
            assert SOURCE.splitlines()[location.line - 1][location.column - 1 :].startswith(word)
            return
    pytest.fail(f"{word!r} not extracted")


def test_citations_removed_as_strip_citations_does() -> None:
    text = "Milia are common [@berk2008] in babies [@a; @b]."
    assert extract(text).text == strip_citations(text)


def test_textstat_text_keeps_our_sentence_count() -> None:
    prose = extract(
        "Deaths fell (RR 0.73, 95% CI 0.65 to 0.81, P = .03). Smith et al. agreed with it. "
        "Take 2.5 mg each day, e.g. at breakfast.\n\n- Drink more water\n- Rest in a cool room"
    )
    assert len(prose.sentences) == 5
    assert count_sentences(prose.textstat_text()) == 5


_word = st.sampled_from(
    ["germs", "fever", "Rest", "0.81", "2.5", "mg", "e.g.", "(CI", "95%)", "Dr."]
)


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.lists(_word, min_size=1, max_size=12), min_size=1, max_size=4))
def test_every_character_comes_from_its_place(paragraphs: list[list[str]]) -> None:
    """Whatever the text, each character of each sentence is the source character it maps to."""
    source = "\n\n".join(" ".join(words) + "." for words in paragraphs)
    prose = extract(source)
    for sentence in prose.sentences:
        for char, offset in zip(sentence.text, sentence.offsets, strict=True):
            if char != " ":
                assert source[offset] == char
