"""Findings placed in the edited text as a browser counts, and the plain words for jargon."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from service.readability import Finding, FindingKind, Location, check_markdown
from service.staff.editor.plain_alternative import fitted, opens_sentence, plain_swap
from service.staff.highlight import Mark, highlight, marks, utf16_length
from service.writing.audience import Audience

SOURCE = "Some people are genetically predisposed to cysts."
OVERVIEW = "/staff/articles/en/sample/sections/overview"


def finding(kind: FindingKind, word: str, source: str = SOURCE, **extra: Any) -> Finding:
    """A finding over the first ``word`` in ``source``."""
    start = source.index(word)
    end = start + len(word)
    return Finding(kind, word, f"about {word}", Location(1, start, 1, end, start, end), **extra)


def utf16(text: str) -> int:
    """What JavaScript's ``text.length`` says."""
    return len(text.encode("utf-16-le")) // 2


def test_marks_are_the_pieces_the_highlighter_marks() -> None:
    findings = [
        finding(FindingKind.PASSIVE_VOICE, "are genetically predisposed"),
        finding(FindingKind.HARD_WORD, "genetically"),
        finding(FindingKind.JARGON, "cysts"),
    ]
    found = marks(SOURCE, findings)
    assert [SOURCE[m.start : m.end] for m in found] == [
        "are ",
        "genetically",
        " predisposed",
        "cysts",
    ]
    assert found[1] == Mark(16, 27, ("hard_word", "passive_voice"))
    marked = re.findall(r"<mark[^>]*>([^<]*)</mark>", str(highlight(SOURCE, findings)))
    assert marked == [SOURCE[m.start : m.end] for m in found]


@pytest.mark.parametrize("before", ["", "é ", "🙂 ", "𝑥🙂𝑦 ", "日本 "])
def test_offsets_count_characters_beyond_u_ffff_twice_as_a_browser_does(before: str) -> None:
    source = f"{before}Milia are {before}cysts."
    jargon = finding(FindingKind.JARGON, "cysts", source, suggestion="small lumps")
    (mark,) = marks(source, [jargon])
    prefix = source[: source.index("cysts")]
    assert (mark.start, mark.end) == (utf16(prefix), utf16(prefix) + 5)
    assert utf16_length(source) == utf16(source)
    swap = plain_swap(source, jargon)
    assert swap is not None and (swap.start, swap.end) == (mark.start, mark.end)


def test_only_jargon_with_a_plain_alternative_gets_a_swap() -> None:
    jargon = finding(FindingKind.JARGON, "cysts", suggestion="small lumps")
    swap = plain_swap(SOURCE, jargon)
    assert swap is not None and (swap.term, swap.plain) == ("cysts", "small lumps")
    assert plain_swap(SOURCE, finding(FindingKind.JARGON, "cysts")) is None
    hard = finding(FindingKind.HARD_WORD, "genetically", suggestion="x")
    assert plain_swap(SOURCE, hard) is None


def test_no_swap_where_markdown_splits_the_word_or_the_finding_is_elsewhere() -> None:
    source = "Use a **cortico**steroid."
    split = Finding(
        FindingKind.JARGON,
        "corticosteroid",
        "m",
        Location(1, 7, 1, 25, 6, 24),
        suggestion="a steroid medicine",
    )
    assert plain_swap(source, split) is None
    beyond = Finding(FindingKind.JARGON, "x", "m", Location(1, 1, 1, 1, 90, 95), "y")
    assert plain_swap(source, beyond) is None


@pytest.mark.parametrize(
    ("text", "term", "plain"),
    [
        ("Corticosteroid creams help.", "Corticosteroid", "A steroid medicine"),
        ("It helps. Corticosteroid creams", "Corticosteroid", "A steroid medicine"),
        ("- Corticosteroid creams", "Corticosteroid", "A steroid medicine"),
        ("A cream with corticosteroid.", "corticosteroid", "a steroid medicine"),
        ("Ask about HPV today.", "HPV", "a steroid medicine"),
        ("HPV is common.", "HPV", "a steroid medicine"),
        ("Ask about Corticosteroid today.", "Corticosteroid", "a steroid medicine"),
    ],
)
def test_the_plain_words_open_a_sentence_with_a_capital_only_where_the_term_did(
    text: str, term: str, plain: str
) -> None:
    assert fitted("a steroid medicine", term, text, text.index(term)) == plain


def test_a_word_after_a_line_break_or_list_marker_opens_a_sentence() -> None:
    assert opens_sentence("one\ntwo", 4)
    assert opens_sentence("> * two", 4)
    assert not opens_sentence("one, two", 5)


# --- The editor page and the live endpoint ----------------------------------------------


@pytest.fixture
def writer(auth: Any) -> FlaskClient:
    """A client logged in as a writer."""
    client: FlaskClient = auth.client("writer")
    return client


TEXT = "Your doctor may prescribe a corticosteroid cream."


def test_the_live_endpoint_sends_marks_in_the_sent_text(writer: FlaskClient) -> None:
    page = writer.get(OVERVIEW).get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert token
    response = writer.post(
        "/staff/articles/readability.json",
        json={"markdown": TEXT, "audience": "layperson", "locale": "en"},
        headers={"X-CSRFToken": token.group(1)},
    )
    data = response.get_json()
    jargon = [m for m in data["marks"] if "jargon" in m["kinds"]]
    assert [TEXT[m["start"] : m["end"]] for m in jargon] == ["corticosteroid"]
    button = re.search(r"<button[^>]*use-plain[^>]*>([^<]*)</button>", data["html"])
    assert button and html.unescape(button.group(1)) == "Use “a steroid medicine”"
    assert " hidden " in button.group(0)  # shown by the script that makes it work
    assert 'type="button"' in button.group(0)  # never sends the form


def test_the_editor_page_gives_each_textarea_the_marks_of_its_text(
    writer: FlaskClient, section_form: Any
) -> None:
    data = {**section_form(writer, OVERVIEW, TEXT), "action": "check"}
    page = writer.post(OVERVIEW, data=data).get_data(as_text=True)
    area = re.search(r'<textarea[^>]*id="layperson_body"[^>]*>', page)
    assert area
    attribute = re.search(r'data-marks="([^"]*)"', area.group(0))
    assert attribute
    found = json.loads(html.unescape(attribute.group(1)))
    assert [TEXT[m["start"] : m["end"]] for m in found if "jargon" in m["kinds"]] == [
        "corticosteroid"
    ]
    assert re.search(r'<script src="/static/inline-marks\.[0-9a-f]{12}\.js" defer></script>', page)


def test_marks_match_the_engine_findings_on_a_real_text() -> None:
    text = "Milia 🙂 are keratin cysts in the epidermis.\n\n- A dermatologist 🙂 may help."
    report = check_markdown(text, Audience.LAYPERSON, "en")
    units = text.encode("utf-16-le")
    # What a browser finds at each mark's offsets is what the highlighter marks.
    in_browser = [
        units[2 * m.start : 2 * m.end].decode("utf-16-le") for m in marks(text, report.findings)
    ]
    marked = re.findall(r"<mark[^>]*>([^<]*)</mark>", str(highlight(text, report.findings)))
    assert in_browser == [html.unescape(piece) for piece in marked]
    assert {"keratin", "epidermis", "dermatologist"} <= set(in_browser)
