"""The review queue, writers' own drafts, and the article's text on its review page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from service.editorial import revisions
from service.staff import queue
from service.storage.db import db

QUEUE = "/staff/queue/"


def post(client: FlaskClient, auth: Any, url: str, page: str, **data: str) -> Any:
    return client.post(url, data={"csrf_token": auth.csrf_token(client, page), **data})


def act(client: FlaskClient, auth: Any, slug: str, action: str, **data: str) -> None:
    page = f"/staff/articles/en/{slug}"
    response = post(client, auth, f"{page}/workflow", page, action=action, **data)
    assert response.status_code == 303, response.get_data(as_text=True)


def log_in_as(app: Flask, auth: Any, role: str, email: str) -> FlaskClient:
    """A client logged in as a new account ``email`` with ``role``."""
    auth.create(role, email)
    client = app.test_client()
    token = auth.csrf_token(client, "/staff/login")
    response = client.post(
        "/staff/login", data={"email": email, "password": auth.password, "csrf_token": token}
    )
    assert response.status_code == 303
    return client


def save_draft(app: Flask, slug: str, author: str, question: str) -> None:
    """``author`` saves an edit of ``en/slug``: a new draft revision."""
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", slug)
        edited = dataclasses.replace(latest.article, question=question)
        assert revisions.save(session, edited, base=latest.number, author=author, message="Edited")


def queue_rows(html: str) -> list[str]:
    """The queue table's body rows, in order."""
    table = html.split('id="queue-caption"')[1].split("</table>")[0]
    return re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], flags=re.S)


def test_a_submitted_article_waits_in_the_queue_oldest_first_until_approved(
    app: Flask, auth: Any
) -> None:
    writer = auth.client("writer")
    save_draft(app, "sample", "writer@twofold.test", "Where do milia come from?")
    act(writer, auth, "sample", "submit")

    reviewer = auth.client("reviewer")
    response = reviewer.get(QUEUE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Review queue</h1>" in html
    rows = queue_rows(html)
    assert len(rows) == 2
    # en/second was stored as submitted when the app started; en/sample was submitted since.
    second, sample = rows
    assert "Caring for your skin after a peel" in second and "bundle import" in second
    assert 'href="/staff/articles/en/second"' in second
    assert "What causes milia?" in sample and "writer@twofold.test" in sample
    assert 'href="/staff/articles/en/sample"' in sample
    assert "Submitted" in sample and "English" in sample and "<td>0</td>" in sample
    for row in rows:
        assert re.search(r'class="verdict verdict-(pass|warn|fail)"', row)

    act(reviewer, auth, "sample", "start-review")
    rows = queue_rows(reviewer.get(QUEUE).get_data(as_text=True))
    assert len(rows) == 2 and "Under Review" in rows[1]
    act(reviewer, auth, "sample", "approve")
    rows = queue_rows(reviewer.get(QUEUE).get_data(as_text=True))
    assert len(rows) == 1 and "What causes milia?" not in rows[0]

    act(reviewer, auth, "second", "start-review")
    act(reviewer, auth, "second", "approve")
    html = reviewer.get(QUEUE).get_data(as_text=True)
    assert "Nothing is waiting for review." in html and "<table" not in html


def test_age_counts_whole_days_since_the_submission(app: Flask, auth: Any) -> None:
    writer = auth.client("writer")
    save_draft(app, "sample", "writer@twofold.test", "Where do milia come from?")
    act(writer, auth, "sample", "submit")
    with app.app_context():
        rows = queue.awaiting_review(dt.datetime.now(dt.UTC) + dt.timedelta(days=3, hours=1))
    assert [(r.article.slug, r.submitted_by) for r in rows] == [
        ("second", None),
        ("sample", "writer@twofold.test"),
    ]
    assert rows[1].age_days == 3
    assert rows[0].submitted_at <= rows[1].submitted_at


def test_writers_see_their_own_drafts_and_not_another_writers(app: Flask, auth: Any) -> None:
    mine = auth.client("writer")
    theirs = log_in_as(app, auth, "writer", "other-writer@twofold.test")
    save_draft(app, "sample", "writer@twofold.test", "Where do milia come from?")
    save_draft(app, "second", "other-writer@twofold.test", "How do I care for peeled skin?")

    html = mine.get(QUEUE).get_data(as_text=True)
    assert "<h1>My drafts</h1>" in html and 'id="queue-caption"' not in html
    assert 'href="/staff/articles/en/sample/edit"' in html
    assert "What causes milia?" in html and "/staff/articles/en/second/edit" not in html

    html = theirs.get(QUEUE).get_data(as_text=True)
    assert 'href="/staff/articles/en/second/edit"' in html
    assert "/staff/articles/en/sample/edit" not in html

    # Once submitted, it is no draft any more.
    act(mine, auth, "sample", "submit")
    html = mine.get(QUEUE).get_data(as_text=True)
    assert "You have no drafts." in html and "/staff/articles/en/sample/edit" not in html


def test_drafts_come_newest_first(app: Flask, auth: Any) -> None:
    writer = auth.client("writer")
    save_draft(app, "second", "writer@twofold.test", "How do I care for peeled skin?")
    save_draft(app, "sample", "writer@twofold.test", "Where do milia come from?")
    html = writer.get(QUEUE).get_data(as_text=True)
    assert html.index("/en/sample/edit") < html.index("/en/second/edit")


def test_admins_get_both_lists_and_qa_gets_neither(app: Flask, auth: Any) -> None:
    html = auth.client("admin").get(QUEUE).get_data(as_text=True)
    assert '<h2 id="queue-heading">Awaiting review</h2>' in html
    assert '<h2 id="drafts-heading">My drafts</h2>' in html
    assert auth.client("qa").get(QUEUE).status_code == 403


def test_the_staff_bar_links_the_queue_for_the_role(app: Flask, auth: Any) -> None:
    link = 'href="/staff/queue/"'
    reviewer = auth.client("reviewer").get("/staff/").get_data(as_text=True)
    assert link in reviewer and ">Review queue</a>" in reviewer
    writer = auth.client("writer").get("/staff/").get_data(as_text=True)
    assert link in writer and ">My drafts</a>" in writer
    assert link not in auth.client("qa").get("/staff/").get_data(as_text=True)


def test_the_review_page_shows_both_audiences_text(app: Flask, auth: Any) -> None:
    html = auth.client("reviewer").get("/staff/articles/en/second").get_data(as_text=True)
    text = html.split('id="text-heading"')[1].split('id="workflow-heading"')[0]
    assert "A chemical peel removes the top layer of skin." in text
    assert "Superficial peels such as glycolic acid" in text
    assert "Wash gently with cool water." in text
    # aftercare has no clinician text: the clinician column shows the layperson one, flagged.
    assert "readers get the other version" in text
    assert text.index("What a peel does") < text.index("Looking after your skin")
