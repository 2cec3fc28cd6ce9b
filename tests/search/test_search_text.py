"""What a reader typed becomes words, and a snippet becomes safe HTML with highlights."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.reader.search_text import (
    MAX_QUERY_CHARS,
    MAX_WORDS,
    QueryProblem,
    highlight,
    parse_query,
)
from service.storage.search import MARK_CLOSE, MARK_OPEN


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("heart burn", ("heart", "burn")),
        ('NEAR("heart" burn, 2)', ("near", "heart", "burn", "2")),
        ("title:heart OR -burn*", ("title", "heart", "or", "burn")),
        ("Corazón CORAZÓN corazón", ("corazón",)),
        ("Ärzte\x00helfen", ("ärzte", "helfen")),
        ("snake_case", ("snake", "case")),
        ("😀 Fieber 🔥", ("fieber",)),
    ],
)
def test_only_the_words_of_a_query_are_searched(typed: str, words: tuple[str, ...]) -> None:
    assert parse_query(typed).words == words


@pytest.mark.parametrize("typed", ["", "   ", '"', "*", "-", ":", "(", "?!.,", "😀🔥", "\x00"])
def test_a_query_without_words_is_refused(typed: str) -> None:
    with pytest.raises(QueryProblem, match="no-words"):
        parse_query(typed)


def test_a_long_query_is_refused_and_many_words_are_cut() -> None:
    with pytest.raises(QueryProblem, match="too-long"):
        parse_query("a" * (MAX_QUERY_CHARS + 1))
    many = parse_query(" ".join(f"w{n}" for n in range(MAX_WORDS + 3)))
    assert len(many.words) == MAX_WORDS
    assert many.truncated


def test_a_snippet_is_escaped_and_only_its_markers_become_highlights() -> None:
    raw = f'<script>alert("x")</script> a {MARK_OPEN}rash{MARK_CLOSE} &amp; <mark>'
    assert str(highlight(raw)) == (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; a <mark>rash</mark> &amp;amp; &lt;mark&gt;"
    )


def test_a_snippet_reads_as_prose_not_markdown() -> None:
    raw = f"## Causes\n**Sun** damage [@berk2008] and [a {MARK_OPEN}link{MARK_CLOSE}](https://x)."
    assert str(highlight(raw)) == "Causes Sun damage and a <mark>link</mark>."


@given(st.text())
def test_highlights_are_always_balanced_and_nothing_else_is_markup(raw: str) -> None:
    html = str(highlight(raw))
    assert html.count("<mark>") == html.count("</mark>")
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
