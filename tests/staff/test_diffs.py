"""Comparing revisions: any two, word by word, side by side, per audience; bad requests refused."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.content.model import Article, Reference, Section, Variant
from service.editorial import diffs, revisions
from service.editorial.diffs import Change, Mark, Piece, Unchanged
from service.storage.db import db
from service.writing.audience import Audience

SAMPLE = "/staff/articles/en/sample"
COMPARE = f"{SAMPLE}/history/compare"
LAYPERSON_TEXT = (
    "Milia are tiny white bumps on the skin. They are harmless and often go away on their own."
)


# --- The word diff itself ----------------------------------------------------------------


def marked(pieces: tuple[Piece, ...], mark: Mark) -> list[str]:
    """The texts of ``pieces`` marked ``mark``."""
    return [p.text for p in pieces if p.mark is mark]


def test_one_changed_word_is_deleted_on_the_left_and_inserted_on_the_right() -> None:
    change = diffs.word_diff("Milia are tiny white bumps.", "Milia are small white bumps.")
    assert marked(change.old, Mark.DELETED) == ["tiny"]
    assert marked(change.new, Mark.INSERTED) == ["small"]
    # Each side still reads as its own text.
    assert "".join(p.text for p in change.old) == "Milia are tiny white bumps."
    assert "".join(p.text for p in change.new) == "Milia are small white bumps."


def test_punctuation_is_a_word_and_spacing_stays_outside_the_marks() -> None:
    change = diffs.word_diff("They go away on their own.", "They go away on their own, mostly.")
    assert marked(change.old, Mark.DELETED) == []
    assert marked(change.new, Mark.INSERTED) == [", mostly"]
    comma = diffs.word_diff("small bumps. They", "small bumps, they")
    assert marked(comma.old, Mark.DELETED) == [". They"]  # a lone mark between changes joins them
    assert marked(comma.new, Mark.INSERTED) == [", they"]
    replaced = diffs.word_diff("a b c", "x y c")
    assert marked(replaced.old, Mark.DELETED) == ["a b"]  # one change, not a, b apart
    assert marked(replaced.new, Mark.INSERTED) == ["x y"]
    assert all(p.text == p.text.strip() for p in replaced.new if p.mark is not Mark.SAME)


def test_rewrapped_lines_change_no_word() -> None:
    change = diffs.word_diff("one two\nthree", "one two three")
    assert {p.mark for p in change.old + change.new} == {Mark.SAME}
    assert diffs.text_rows("one two\nthree", "one two three") == (Unchanged(("one two three",)),)


@pytest.mark.parametrize(
    "text",
    ["", "  lead", "Don't — stop!\n\n- a\n- b  ", "Ünïcode wörds, ja. 1–2 mm", "<b>&amp;</b>"],
)
def test_each_side_keeps_its_text_exactly(text: str) -> None:
    other = "Something else entirely."
    assert "".join(p.text for p in diffs.word_diff(text, other).old) == text
    assert "".join(p.text for p in diffs.word_diff(other, text).new) == text


def test_paragraphs_are_matched_and_unchanged_ones_kept_apart() -> None:
    old = "# Title\n\nFirst para.\n\nSecond para here.\n\n- a\n- b"
    new = "# Title\n\nFirst para.\n\nSecond para there.\n\n- a\n- b\n\nAdded at the end."
    rows = diffs.text_rows(old, new)
    assert rows[0] == Unchanged(("# Title", "First para."))
    assert isinstance(rows[1], Change)
    assert marked(rows[1].old, Mark.DELETED) == ["here"]
    assert marked(rows[1].new, Mark.INSERTED) == ["there"]
    assert rows[2] == Unchanged(("- a\n- b",))
    assert rows[3] == Change((), (Piece(Mark.INSERTED, "Added at the end."),))


def test_a_huge_rewrite_is_shown_whole_rather_than_word_by_word() -> None:
    old, new = "word " * 6000, "other " * 6000
    change = diffs.word_diff(old, new)
    assert marked(change.old, Mark.DELETED) == [old.strip()]
    assert marked(change.new, Mark.INSERTED) == [new.strip()]


# --- Comparing two articles --------------------------------------------------------------


def sample(app: Flask) -> Article:
    """The first revision of en/sample."""
    with app.app_context():
        return revisions.current(db.new_session(), "en", "sample").article


def with_text(article: Article, key: str, audience: Audience, body: str) -> Article:
    """``article`` with section ``key``'s ``audience`` body replaced."""
    sections = tuple(
        Section(
            s.key,
            tuple(
                dataclasses.replace(v, body=body) if s.key == key and v.audience is audience else v
                for v in s.variants
            ),
        )
        for s in article.sections
    )
    return dataclasses.replace(article, sections=sections)


def test_compare_gives_every_section_per_audience_and_only_changed_details(app: Flask) -> None:
    before = sample(app)
    after = with_text(
        before, "overview", Audience.LAYPERSON, LAYPERSON_TEXT.replace("tiny", "small")
    )
    after = dataclasses.replace(
        after,
        titles=((Audience.LAYPERSON, "Why milia form"), *after.titles[1:]),
        references=(*after.references, Reference("new2024", "A new study", year=2024)),
    )
    comparison = revisions.compare(before, after)
    assert [(d.field, d.audience) for d in comparison.details] == [
        ("title", Audience.LAYPERSON),
        ("references", None),
    ]
    overview, causes = comparison.sections
    assert [(v.audience, v.changed) for v in overview.variants] == [
        (Audience.LAYPERSON, True),
        (Audience.CLINICIAN, False),
    ]
    assert not causes.changed
    only_clinicians = revisions.compare(before, after, (Audience.CLINICIAN,))
    assert [d.field for d in only_clinicians.details] == ["references"]
    assert not only_clinicians.sections[0].changed


def test_compare_against_nothing_inserts_everything(app: Flask) -> None:
    article = sample(app)
    comparison = revisions.compare(None, article)
    assert {d.field for d in comparison.details} == {
        "question", "title", "topic", "sections", "references"
    }  # fmt: skip
    first = comparison.sections[0].variants[0]
    assert not first.before and first.after
    assert all(isinstance(r, Change) and r.old == () for r in first.rows)


def test_added_and_removed_sections_are_compared_too(app: Flask) -> None:
    before = sample(app)
    added = Section("new", (Variant(Audience.LAYPERSON, "New", "Hi."),))
    after = dataclasses.replace(before, sections=(before.sections[1], added))
    keys = [
        (s.key, [v.changed for v in s.variants]) for s in revisions.compare(before, after).sections
    ]
    assert keys == [("overview", [True, True]), ("causes", [False, False]), ("new", [True, False])]


# --- The pages ---------------------------------------------------------------------------


@pytest.fixture
def writer(auth: Any) -> FlaskClient:
    """A client logged in as a writer."""
    client: FlaskClient = auth.client("writer")
    return client


def save_layperson(app: Flask, body: str, message: str = "Edit") -> int:
    """Save a new revision of en/sample whose overview reads ``body`` for laypeople."""
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", "sample")
        edited = with_text(latest.article, "overview", Audience.LAYPERSON, body)
        number = revisions.save(
            session, edited, base=latest.number, author="w@t.test", message=message
        )
        assert number is not None
        return number


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    """The HTML of ``url``, checking its status."""
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def variant_block(html: str, key: str, audience: str) -> str:
    """The ``<section>`` comparing section ``key`` for ``audience``."""
    match = re.search(
        rf'<section class="diff-block" aria-labelledby="diff-{key}-{audience}">.*?</section>',
        html,
        re.S,
    )
    assert match, f"no comparison of {key} for {audience}"
    return match.group(0)


def test_a_changed_word_shows_deleted_and_inserted_in_its_audience_only(
    app: Flask, writer: FlaskClient
) -> None:
    save_layperson(app, LAYPERSON_TEXT.replace("tiny", "small"))
    save_layperson(app, LAYPERSON_TEXT.replace("tiny", "small") + "\n\nA second paragraph.")
    html = page(writer, f"{COMPARE}?from=1&to=2")
    assert "Revision 1 compared with revision 2" in html
    layperson = variant_block(html, "overview", "layperson")
    assert '<del><span class="visually-hidden">deleted: </span>tiny</del>' in layperson
    assert '<ins><span class="visually-hidden">inserted: </span>small</ins>' in layperson
    assert '<th scope="col">Revision 1</th>' in layperson
    assert "Section “overview”, Clinicians: no changes." in html
    assert 'aria-labelledby="diff-overview-clinician"' not in html
    assert "Section “causes”: no changes." in html
    assert "Unchanged text" in layperson  # the title, folded away
    # Any two: 1 → 3 has both changes, 3 → 1 the same backwards.
    both = variant_block(page(writer, f"{COMPARE}?from=1&to=3"), "overview", "layperson")
    assert ">small</ins>" in both and ">A second paragraph.</ins>" in both
    backwards = variant_block(page(writer, f"{COMPARE}?from=3&to=1"), "overview", "layperson")
    assert ">small</del>" in backwards and ">tiny</ins>" in backwards


def test_the_audience_filter_shows_one_audience(app: Flask, writer: FlaskClient) -> None:
    save_layperson(app, LAYPERSON_TEXT.replace("tiny", "small"))
    layperson = page(writer, f"{COMPARE}?from=1&to=2&audience=layperson")
    assert ">small</ins>" in layperson
    assert "Clinicians: no changes" not in layperson
    assert '<option value="layperson" selected>' in layperson  # the form remembers it
    clinician = page(writer, f"{COMPARE}?from=1&to=2&audience=clinician")
    assert "<ins>" not in clinician and "<del>" not in clinician
    assert "The text for Clinicians is the same in both revisions." in clinician
    assert "Section “overview”: no changes." in clinician
    assert ">small</ins>" in page(writer, f"{COMPARE}?from=1&to=2&audience=")  # both


def test_the_history_form_leads_to_the_comparison(app: Flask, writer: FlaskClient) -> None:
    save_layperson(app, LAYPERSON_TEXT.replace("tiny", "small"), message="Smaller")
    html = page(writer, f"{SAMPLE}/history")
    form = re.search(
        r'<form method="get" action="([^"]+)" class="compare-form">.*?</form>', html, re.S
    )
    assert form and form.group(1) == COMPARE
    assert re.search(r'<select id="compare-from" name="from">\s*<option value="2">', form.group(0))
    assert '<option value="1" selected>Revision 1: Loaded from bundles/' in form.group(0)
    assert '<option value="2" selected>Revision 2: Smaller</option>' in form.group(0)
    assert '<label for="compare-to">To</label>' in form.group(0)


def test_a_revision_page_compares_with_the_one_before(app: Flask, writer: FlaskClient) -> None:
    save_layperson(app, LAYPERSON_TEXT.replace("tiny", "small"))
    html = page(writer, f"{SAMPLE}/history/2")
    assert "Changes against revision 1." in html
    assert ">small</ins>" in variant_block(html, "overview", "layperson")
    assert "Restore revision 2" not in html  # the newest
    first = page(writer, f"{SAMPLE}/history/1")
    assert "No earlier revision" in first and "Restore revision 1" in first
    assert ">What causes milia to form?</ins>" in first
    assert ">small</del>" not in page(writer, f"{SAMPLE}/history/2?audience=clinician")


def test_markup_in_the_text_is_shown_as_text(app: Flask, writer: FlaskClient) -> None:
    save_layperson(
        app, LAYPERSON_TEXT + ' <script>alert("x")</script> <img src=x onerror=alert(1)>'
    )
    html = page(writer, f"{COMPARE}?from=1&to=2")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),
        ("?from=1", 400),
        ("?to=1", 400),
        ("?from=&to=1", 400),
        ("?from=one&to=1", 400),
        ("?from=1.5&to=1", 400),
        ("?from=-1&to=1", 400),
        ("?from=1&to=99999999999999999999", 400),
        ("?from=1&to=2&audience=doctors", 400),
        ("?from=1&to=9", 404),
        ("?from=0&to=1", 404),
        ("?from=9&to=1", 404),
    ],
)
def test_bad_numbers_and_audiences_are_refused_clearly(
    writer: FlaskClient, query: str, status: int
) -> None:
    html = page(writer, f"{COMPARE}{query}", status)
    if status == 400 and "audience" in query:
        assert "Unknown audience" in html and "layperson or clinician" in html
    elif status == 400:
        assert "“from” and “to” take revision numbers" in html


def test_a_refused_audience_is_shown_as_text(writer: FlaskClient) -> None:
    html = page(writer, f"{COMPARE}?from=1&to=1&audience=<b>x</b>", 400)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_missing_article_is_not_found_whatever_the_query(writer: FlaskClient) -> None:
    for query in ("?from=1&to=1", "?from=x", "?from=1&to=1&audience=x"):
        assert writer.get(f"/staff/articles/en/nothing/history/compare{query}").status_code == 404
    assert writer.get("/staff/articles/en/nothing/history/1?audience=x").status_code == 404


def test_the_same_revision_twice_says_nothing_differs(writer: FlaskClient) -> None:
    html = page(writer, f"{COMPARE}?from=1&to=1")
    assert "The text is the same in both revisions." in html
    assert "<ins>" not in html


@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_reviewers_may_compare_but_not_restore(app: Flask, auth: Any, role: str) -> None:
    save_layperson(app, LAYPERSON_TEXT.replace("tiny", "small"))
    client = auth.client(role)
    assert ">small</ins>" in page(client, f"{COMPARE}?from=1&to=2")
    assert ">small</ins>" in page(client, f"{SAMPLE}/history/2")
    assert '<form method="get"' in page(client, f"{SAMPLE}/history")
    restore_button = "Restore revision 1" in page(client, f"{SAMPLE}/history/1")
    assert restore_button is (role == "admin")


@pytest.mark.parametrize("role", ["qa", None])
def test_others_may_not_compare(
    app: Flask, auth: Any, client: FlaskClient, role: str | None
) -> None:
    visitor = auth.client(role) if role else client
    response = visitor.get(f"{COMPARE}?from=1&to=1")
    assert response.status_code == (403 if role else 302)
