"""Reviewers' comments per section: left on the review page, seen and resolved in the editor."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.storage import section_comments
from service.storage.db import db

REVIEW = "/staff/articles/en/sample"
OVERVIEW = f"{REVIEW}/sections/overview"
COMMENTS = f"{REVIEW}/comments"


def comment(client: FlaskClient, auth: Any, **changes: Any) -> Any:
    """Post the review page's comment form for the overview section, with ``changes``."""
    data = {
        "csrf_token": auth.csrf_token(client, REVIEW),
        "base": 1,
        "section": "overview",
        "audience": "layperson",
        "comment": "Say what milia look like before saying what causes them.",
        **changes,
    }
    return client.post(COMMENTS, data=data)


def stored(app: Flask) -> list[section_comments.SectionComment]:
    """Every comment on en/sample."""
    with app.app_context():
        return section_comments.article_comments(db.new_session(), "en", "sample")


def edit_overview(app: Flask, writer: FlaskClient, auth: Any, text: str) -> None:
    """The writer saves new layperson text for the overview section."""
    html = writer.get(OVERVIEW).get_data(as_text=True)
    fields = dict(re.findall(r'name="(\w+_title)"[^>]*value="([^"]*)"', html))
    base = re.search(r'name="base" value="(\d+)"', html)
    assert base
    data = {
        "csrf_token": auth.csrf_token(writer, OVERVIEW),
        "base": base.group(1),
        "action": "save",
        "message": "",
        "layperson_title": fields.get("layperson_title", "Overview"),
        "layperson_body": text,
        "clinician_title": "",
        "clinician_body": "",
    }
    assert writer.post(OVERVIEW, data=data).status_code == 303


def test_a_comment_goes_from_reviewer_to_writer_and_back_resolved(
    any_db_app: Flask, auth_for: Any
) -> None:
    auth = auth_for(any_db_app)
    reviewer, writer = auth.client("reviewer"), auth.client("writer")

    response = comment(reviewer, auth)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{REVIEW}#comments-overview")
    page = reviewer.get(REVIEW).get_data(as_text=True)
    assert "Comment added to section “overview”." in page
    block = page.split('id="comments-overview"')[1].split("</form>")[0]
    assert "Say what milia look like" in block and "reviewer@twofold.test wrote" in block

    # The writer sees it beside the overview section, with who and when.
    editor = writer.get(OVERVIEW).get_data(as_text=True)
    comments = editor.split('id="editor-comments-heading"')[1].split("</section>")[0]
    assert "Say what milia look like" in comments
    assert "reviewer@twofold.test wrote" in comments and "<time datetime=" in comments
    assert "text has changed since" not in comments
    # Not beside another section.
    assert "Say what milia look like" not in writer.get(f"{REVIEW}/sections/causes").get_data(
        as_text=True
    )

    # Once the writer changes the text, the comment says which revision it was made on.
    edit_overview(any_db_app, writer, auth, "Milia are tiny white bumps on the skin.")
    editor = writer.get(OVERVIEW).get_data(as_text=True)
    assert "made on revision 1; the text has changed since" in editor

    (made,) = stored(any_db_app)
    response = writer.post(
        f"{COMMENTS}/{made.id}/resolve",
        data={
            "csrf_token": auth.csrf_token(writer, OVERVIEW),
            "section": "overview",
            "return_to": "editor",
        },
    )
    assert response.status_code == 303 and response.headers["Location"].endswith(OVERVIEW)
    editor = writer.get(OVERVIEW).get_data(as_text=True)
    assert "Comment marked resolved." in editor and "Say what milia look like" not in editor

    (done,) = stored(any_db_app)
    assert (done.resolved_by, done.revision) == ("writer@twofold.test", 1)
    assert done.resolved_at is not None and done.resolved_at >= done.at
    page = reviewer.get(REVIEW).get_data(as_text=True)
    block = page.split('id="comments-overview"')[1].split("</form>")[0]
    assert "No open comments." in block
    assert "Resolved comments (1)" in block and "Resolved by writer@twofold.test" in block


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"comment": "   "}, 422, "Write the comment before adding it."),
        ({"comment": "x" * 2001}, 422, "Keep the comment to 2,000 characters or fewer."),
        ({"section": "nowhere"}, 400, "Revision 1 has no section “nowhere”"),
        ({"audience": "everyone"}, 400, "lost its revision or audience"),
        ({"base": "99"}, 400, "There is no revision 99 to comment on"),
        ({"base": "one"}, 400, "lost its revision or audience"),
    ],
)
def test_a_bad_comment_is_refused_with_the_reason_and_nothing_is_stored(
    app: Flask, auth: Any, changes: dict[str, str], status: int, message: str
) -> None:
    reviewer = auth.client("reviewer")
    response = comment(reviewer, auth, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html
    assert stored(app) == []


def test_a_refused_comment_keeps_its_text_in_its_sections_form(app: Flask, auth: Any) -> None:
    reviewer = auth.client("reviewer")
    long = "Too long. " * 201
    html = comment(reviewer, auth, comment=long, audience="clinician").get_data(as_text=True)
    form = html.split('id="comments-overview"')[1].split("</form>")[0]
    assert long.strip() in form and 'aria-invalid="true"' in form
    assert '<option value="clinician" selected>' in form


def test_only_reviewers_comment_and_staff_who_may_not_resolve_are_refused(
    app: Flask, auth: Any
) -> None:
    writer = auth.client("writer")
    assert comment(writer, auth).status_code == 403
    assert "Add comment" not in writer.get(REVIEW).get_data(as_text=True)
    reviewer = auth.client("reviewer")
    assert comment(reviewer, auth).status_code == 303
    (made,) = stored(app)
    qa = auth.client("qa")
    token = auth.csrf_token(qa, REVIEW)
    response = qa.post(f"{COMMENTS}/{made.id}/resolve", data={"csrf_token": token})
    assert response.status_code == 403
    assert stored(app)[0].is_open


def test_resolving_needs_a_csrf_token_and_a_comment_of_this_article(app: Flask, auth: Any) -> None:
    reviewer = auth.client("reviewer")
    comment(reviewer, auth)
    (made,) = stored(app)
    assert reviewer.post(f"{COMMENTS}/{made.id}/resolve").status_code == 400
    token = auth.csrf_token(reviewer, REVIEW)
    other = f"/staff/articles/en/second/comments/{made.id}/resolve"
    assert reviewer.post(other, data={"csrf_token": token}).status_code == 404
    assert stored(app)[0].is_open
    response = reviewer.post(f"{COMMENTS}/{made.id}/resolve", data={"csrf_token": token})
    assert response.status_code == 303
    assert stored(app)[0].resolved_by == "reviewer@twofold.test"


def test_open_comments_on_a_removed_section_stay_on_the_review_page(app: Flask, auth: Any) -> None:
    reviewer, writer = auth.client("reviewer"), auth.client("writer")
    comment(reviewer, auth, section="causes", comment="Cite a source for the second cause.")
    edit = f"{REVIEW}/edit"
    token = auth.csrf_token(writer, edit)
    response = writer.post(
        f"{REVIEW}/sections/causes/remove", data={"csrf_token": token, "base": 1, "message": ""}
    )
    assert response.status_code == 303
    page = reviewer.get(REVIEW).get_data(as_text=True)
    assert 'id="comments-causes"' not in page
    removed = page.split('id="comments-removed-heading"')[1].split("</section>")[0]
    assert "Section “causes”" in removed and "Cite a source for the second cause." in removed
    assert "Mark resolved" in removed


def test_a_comment_is_shown_as_text_never_as_markup(app: Flask, auth: Any) -> None:
    reviewer, writer = auth.client("reviewer"), auth.client("writer")
    comment(reviewer, auth, comment='<b onmouseover="x()">Bold?</b>\nSecond line')
    for html in (
        reviewer.get(REVIEW).get_data(as_text=True),
        writer.get(OVERVIEW).get_data(as_text=True),
    ):
        assert "&lt;b onmouseover=&#34;x()&#34;&gt;Bold?&lt;/b&gt;\nSecond line" in html
        assert "<b onmouseover" not in html
