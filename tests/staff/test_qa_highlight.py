"""One highlighter for the editor's panel and the QA article page, overlaps included."""

from __future__ import annotations

import re

from markupsafe import escape

from service.readability import Finding, FindingKind, Location
from service.staff.highlight import highlight

SOURCE = "Some people are genetically predisposed to <milia> & cysts."


def finding(kind: FindingKind, word: str, message: str = "") -> Finding:
    """A finding over the first ``word`` in SOURCE."""
    start = SOURCE.index(word)
    end = start + len(word)
    return Finding(
        kind, word, message or f"about {word}", Location(1, start + 1, 1, end + 1, start, end)
    )


def unmarked(html: str) -> str:
    return re.sub(r"</?mark[^>]*>", "", html)


def test_one_finding_is_marked_as_the_editor_shows_it() -> None:
    html = str(highlight(SOURCE, [finding(FindingKind.HARD_WORD, "genetically")]))
    assert 'people are <mark class="finding-hard_word">genetically</mark> predisposed' in html
    assert unmarked(html) == str(escape(SOURCE))


def test_the_qa_page_adds_its_class_and_the_message_as_title() -> None:
    jargon = finding(FindingKind.JARGON, "cysts", "'cysts' is \"jargon\"")
    html = str(highlight(SOURCE, [jargon], mark_class="finding", describe=lambda f: f.message))
    assert (
        '<mark class="finding finding-jargon" title="&#39;cysts&#39; is &#34;jargon&#34;">' in html
    )


def test_overlapping_findings_give_flat_marks_each_character_once_none_lost() -> None:
    findings = [
        finding(FindingKind.LONG_SENTENCE, SOURCE),
        finding(FindingKind.PASSIVE_VOICE, "are genetically predisposed"),
        finding(FindingKind.HARD_WORD, "genetically"),
        finding(FindingKind.HARD_WORD, "predisposed to"),
    ]
    html = str(highlight(SOURCE, findings, mark_class="finding", describe=lambda f: f.message))
    assert unmarked(html) == str(escape(SOURCE))
    assert not re.search(r"<mark[^>]*>[^<]*<mark", html), "a mark inside a mark"
    assert html.count("<mark") == html.count("</mark>")
    assert (
        '<mark class="finding finding-hard_word finding-long_sentence finding-passive_voice" '
        'title="about Some people are genetically predisposed to &lt;milia&gt; &amp; cysts.\n'
        'about are genetically predisposed\nabout genetically">genetically</mark>'
    ) in html
    for kind in ("long_sentence", "passive_voice", "hard_word"):
        assert f"finding-{kind}" in html


def test_source_markup_is_escaped_and_findings_past_the_end_mark_nothing_empty() -> None:
    beyond = Finding(FindingKind.JARGON, "x", "x", Location(1, 1, 1, 1, len(SOURCE) - 6, 999))
    html = str(highlight(SOURCE, [beyond]))
    assert "&lt;milia&gt; &amp; " in html and "<milia>" not in html
    assert html.endswith('<mark class="finding-jargon">cysts.</mark>')
    assert "></mark>" not in html
    assert str(highlight(SOURCE, [])) == str(escape(SOURCE))
