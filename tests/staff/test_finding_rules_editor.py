"""Ignoring a finding and accepting a term, as a writer meets them in the editor, and what
the reviewer then sees."""

from __future__ import annotations

import html as html_lib
import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.editorial import revisions
from service.storage.db import db

SAMPLE = "/staff/articles/en/sample"
OVERVIEW = f"{SAMPLE}/sections/overview"
REVIEW = SAMPLE  # the article's staff page, where reviewers work
READABILITY = "/staff/articles/readability.json"
# The sample's layperson overview, whose one finding is the hard word "Milia".
SAVED = "Milia are tiny white bumps on the skin. They are harmless and often go away on their own."
# A writer's unsaved edit: "epidermis" is jargon (a warning), "Milia" still a hard word.
EDITED = "Milia are tiny white bumps on the skin. Sunscreen protects the epidermis."
REASON = "Milia is the subject of the article; readers search for this word."


def token(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match
    return match.group(1)


def form(
    client: FlaskClient, app: Flask, layperson_body: str = SAVED, **fields: str
) -> dict[str, Any]:
    """The overview section form as the page fills it, with ``fields`` added."""
    with app.app_context():
        current = revisions.current(db.new_session(), "en", "sample")
    overview = next(s for s in current.article.sections if s.key == "overview")
    data: dict[str, Any] = {
        "csrf_token": token(client, OVERVIEW),
        "base": current.number,
        "message": "",
    }
    for variant in overview.variants:
        data[f"{variant.audience}_title"] = variant.title
        data[f"{variant.audience}_body"] = variant.body
    data["layperson_body"] = layperson_body
    return {**data, **fields}


def ignore_button(page: str, word: str) -> tuple[str, str]:
    """The "Ignore this finding" button of the layperson finding quoting ``word``:
    its value, and the name of the reason field beside it."""
    for item in re.findall(r'<li class="finding finding-[a-z_]+">.*?</li>', page, re.S):
        if f"<q>{word}</q>" in item and "ignore_reason-layperson-" in item:
            value = re.search(r'name="ignore" value="([^"]+)"', item)
            field = re.search(r'<textarea id="[^"]+" name="([^"]+)"', item)
            assert value and field
            return html_lib.unescape(value.group(1)), field.group(1)
    raise AssertionError(f"no Ignore button for {word!r}")


def layperson_panel(page: str) -> str:
    """The layperson readability panel of the section editor."""
    match = re.search(
        r'<div class="readability-body" id="readability-layperson">(.*?)</section>', page, re.S
    )
    assert match
    return match.group(1)


@pytest.fixture
def writer(auth: Any) -> FlaskClient:
    client: FlaskClient = auth.client("writer")
    return client


def newest_number(app: Flask) -> int:
    with app.app_context():
        return revisions.current(db.new_session(), "en", "sample").number


def test_every_finding_offers_ignore_with_a_required_reason(writer: FlaskClient) -> None:
    panel = layperson_panel(writer.get(OVERVIEW).get_data(as_text=True))
    assert "<summary>Ignore…</summary>" in panel
    assert "Why may this finding be ignored? (required; the reviewer reads it)" in panel
    assert "Ignore this finding" in panel


def test_a_writer_ignores_a_finding_and_keeps_the_unsaved_text(
    app: Flask, writer: FlaskClient
) -> None:
    before = newest_number(app)
    checked = writer.post(OVERVIEW, data=form(writer, app, EDITED, action="check"))
    value, field = ignore_button(checked.get_data(as_text=True), "Milia")
    response = writer.post(
        OVERVIEW, data=form(writer, app, EDITED, ignore=value, **{field: REASON})
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Finding ignored: the reviewer sees it with your reason." in page
    panel = layperson_panel(page)
    assert "<summary>1 ignored finding</summary>" in panel
    assert REASON in panel
    assert "Findings (1)" in panel  # the jargon "epidermis" is still listed
    listed = re.findall(r'<li class="finding finding-([a-z_]+)">', panel)
    assert listed == ["jargon"]
    assert "Sunscreen protects the epidermis." in page  # the text sent is kept, unsaved
    assert newest_number(app) == before


def test_ignoring_hides_a_hint_but_never_changes_the_verdict(
    app: Flask, writer: FlaskClient
) -> None:
    checked = writer.post(OVERVIEW, data=form(writer, app, EDITED, action="check"))
    verdict = re.search(
        r'class="verdict verdict-(\w+)"', layperson_panel(checked.get_data(as_text=True))
    )
    value, field = ignore_button(checked.get_data(as_text=True), "epidermis")
    page = writer.post(
        OVERVIEW,
        data=form(writer, app, EDITED, ignore=value, **{field: "Explained in the next section."}),
    )
    panel = layperson_panel(page.get_data(as_text=True))
    assert verdict and verdict.group(1) == "warn"
    assert 'class="verdict verdict-warn"' in panel  # jargon still warns: a hint set aside
    assert "<summary>1 ignored finding</summary>" in panel


def test_ignore_without_a_reason_is_refused_and_records_nothing(
    app: Flask, writer: FlaskClient
) -> None:
    value, field = ignore_button(writer.get(OVERVIEW).get_data(as_text=True), "Milia")
    response = writer.post(OVERVIEW, data=form(writer, app, ignore=value, **{field: "   "}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why this finding may be ignored: the reviewer reads your reason." in page
    assert '<details class="finding-ignore" open>' in page  # the reason field is in view
    assert f'aria-describedby="{field}-error"' in page
    assert "ignored finding" not in writer.get(OVERVIEW).get_data(as_text=True)


def test_a_reason_longer_than_500_characters_is_refused(app: Flask, writer: FlaskClient) -> None:
    value, field = ignore_button(writer.get(OVERVIEW).get_data(as_text=True), "Milia")
    response = writer.post(OVERVIEW, data=form(writer, app, ignore=value, **{field: "x" * 501}))
    assert response.status_code == 422
    assert "Keep the reason to 500 characters or fewer." in response.get_data(as_text=True)


def test_a_finding_gone_from_the_text_is_not_ignored(app: Flask, writer: FlaskClient) -> None:
    value, field = ignore_button(writer.get(OVERVIEW).get_data(as_text=True), "Milia")
    response = writer.post(
        OVERVIEW, data=form(writer, app, "Tiny white bumps.", ignore=value, **{field: REASON})
    )
    assert response.status_code == 422
    assert "That finding is no longer in the text; nothing was ignored." in response.get_data(
        as_text=True
    )


def ignore_milia(app: Flask, writer: FlaskClient) -> None:
    value, field = ignore_button(writer.get(OVERVIEW).get_data(as_text=True), "Milia")
    assert (
        writer.post(OVERVIEW, data=form(writer, app, ignore=value, **{field: REASON})).status_code
        == 200
    )


def test_an_ignored_finding_stays_ignored_across_unrelated_edits(
    app: Flask, writer: FlaskClient
) -> None:
    ignore_milia(app, writer)
    edited = SAVED + "\n\nSome grow on the face."
    response = writer.post(OVERVIEW, data=form(writer, app, edited, action="save"))
    assert response.status_code == 303
    panel = layperson_panel(writer.get(OVERVIEW).get_data(as_text=True))
    assert "<summary>1 ignored finding</summary>" in panel
    assert "finding-hard_word" not in panel


def test_show_again_undoes_an_ignore(app: Flask, writer: FlaskClient) -> None:
    ignore_milia(app, writer)
    page = writer.get(OVERVIEW).get_data(as_text=True)
    undo = re.search(r'name="unignore" value="(\d+)"', page)
    assert undo and "Show again" in page
    response = writer.post(OVERVIEW, data=form(writer, app, unignore=undo.group(1)))
    page = response.get_data(as_text=True)
    assert "The finding is shown again." in page
    assert "ignored finding" not in page
    assert re.findall(r'<li class="finding finding-([a-z_]+)">', layperson_panel(page)) == [
        "hard_word"
    ]


def test_the_reviewer_sees_each_ignored_finding_with_who_and_why(
    app: Flask, auth: Any, writer: FlaskClient
) -> None:
    reviewer = auth.client("reviewer")
    assert "Readability findings the writers ignored" not in reviewer.get(REVIEW).get_data(
        as_text=True
    )
    ignore_milia(app, writer)
    page = reviewer.get(REVIEW).get_data(as_text=True)
    section = page.split('id="ignored-heading"')[1].split("</section>")[0]
    assert "Readability findings the writers ignored" in page
    assert "<td>overview</td>" in section and "Patients and caregivers" in section
    assert 'hard word: <q lang="en">Milia</q>' in section
    assert "writer@twofold.test" in section
    assert f"<td>{REASON}</td>" in section


def test_ignoring_does_not_change_the_reader_page(app: Flask, writer: FlaskClient) -> None:
    reader = app.test_client()
    before = reader.get("/en/articles/sample/layperson").get_data()
    ignore_milia(app, writer)
    assert reader.get("/en/articles/sample/layperson").get_data() == before


def test_the_live_panel_hides_what_was_ignored_in_its_section(
    app: Flask, writer: FlaskClient
) -> None:
    ignore_milia(app, writer)
    page = writer.get(OVERVIEW).get_data(as_text=True)
    url = html_lib.unescape(re.search(r'data-readability-url="([^"]+)"', page).group(1))  # type: ignore[union-attr]
    assert url == f"{READABILITY}?slug=sample&section=overview"
    headers = {"X-CSRFToken": token(writer, OVERVIEW)}
    payload = json.dumps({"markdown": SAVED, "audience": "layperson", "locale": "en"})
    live = writer.post(
        url, data=payload, headers=headers, content_type="application/json"
    ).get_json()
    assert live["findings"] == [] and live["ignored"] == 1
    assert "1 ignored finding" in live["html"]
    alone = writer.post(READABILITY, data=payload, headers=headers, content_type="application/json")
    assert [f["text"] for f in alone.get_json()["findings"]] == ["Milia"]


@pytest.mark.parametrize("role", ["reviewer", "qa"])
def test_only_writers_may_ignore(app: Flask, auth: Any, role: str) -> None:
    client = auth.client(role)
    data = {"csrf_token": token(client, "/staff/"), "base": 1, "ignore": "layperson:1:x"}
    assert client.post(OVERVIEW, data=data).status_code == 403


def test_an_ignore_without_the_forms_token_is_refused(app: Flask, writer: FlaskClient) -> None:
    value, field = ignore_button(writer.get(OVERVIEW).get_data(as_text=True), "Milia")
    data = form(writer, app, ignore=value, **{field: REASON})
    del data["csrf_token"]
    assert writer.post(OVERVIEW, data=data).status_code == 400
    assert "ignored finding" not in writer.get(OVERVIEW).get_data(as_text=True)


# --- Accepted terms -----------------------------------------------------------------------

DETAILS = f"{SAMPLE}/details"


def details_form(client: FlaskClient, app: Flask, accepted: str) -> dict[str, Any]:
    page = client.get(DETAILS).get_data(as_text=True)
    value = re.search(r'id="question"[^>]*value="([^"]*)"', page) or re.search(
        r'value="([^"]*)"[^>]*id="question"', page
    )
    title = re.search(r'id="title_layperson"[^>]*value="([^"]*)"', page) or re.search(
        r'value="([^"]*)"[^>]*id="title_layperson"', page
    )
    assert value and title
    return {
        "csrf_token": token(client, DETAILS),
        "base": newest_number(app),
        "question": html_lib.unescape(value.group(1)),
        "title_layperson": html_lib.unescape(title.group(1)),
        "title_clinician": "",
        "topic": "",
        "accepted_terms": accepted,
        "message": "",
    }


def test_a_writer_accepts_the_articles_subject_on_the_details_page(
    app: Flask, writer: FlaskClient
) -> None:
    page = writer.get(DETAILS).get_data(as_text=True)
    assert "Accepted terms, one per line" in page
    response = writer.post(DETAILS, data=details_form(writer, app, "milia\nsebaceous gland\n"))
    assert response.status_code == 303
    assert "milia\nsebaceous gland</textarea>" in writer.get(DETAILS).get_data(as_text=True)
    panel = layperson_panel(writer.get(OVERVIEW).get_data(as_text=True))
    assert "Findings (0)" in panel and "Nothing to point out." in panel


def test_a_bad_term_is_refused_with_its_line_and_nothing_is_saved(
    app: Flask, writer: FlaskClient
) -> None:
    before = newest_number(app)
    response = writer.post(DETAILS, data=details_form(writer, app, "milia\n<b>bold</b>\n"))
    assert response.status_code == 422
    assert "Line 2: write a word or a short phrase" in response.get_data(as_text=True)
    assert newest_number(app) == before


def test_the_history_shows_a_change_of_accepted_terms(app: Flask, writer: FlaskClient) -> None:
    writer.post(DETAILS, data=details_form(writer, app, "milia\n"))
    number = newest_number(app)
    page = writer.get(f"{SAMPLE}/history/{number}").get_data(as_text=True)
    assert "Accepted terms, one per line" in page
    assert "milia" in page.split("Accepted terms, one per line")[1]
