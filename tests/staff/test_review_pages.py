"""The article staff page: workflow buttons, the readability gate and override, export."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from service.content.bundle import read_path

SAMPLE = Path(__file__).resolve().parent.parent / "bundles"
DENSE = (
    "Pharmacokinetic heterogeneity notwithstanding, randomised comparative investigations "
    "demonstrated statistically significant improvements in dermatological manifestations "
    "attributable to concomitant immunosuppressive administration.\n"
)


def post(client: Any, auth: Any, url: str, page: str, **data: str) -> Any:
    return client.post(url, data={"csrf_token": auth.csrf_token(client, page), **data})


def test_writer_submits_and_reviewer_approves_through_the_pages(app: Flask, auth: Any) -> None:
    page = "/en/articles/second"
    reviewer = auth.client("reviewer")
    html = reviewer.get("/staff/articles/en/second").get_data(as_text=True)
    assert "Start review" in html and "Approve" not in html
    response = post(
        reviewer,
        auth,
        "/staff/articles/en/second/workflow",
        "/staff/articles/en/second",
        action="start-review",
    )
    assert response.status_code == 303
    response = post(
        reviewer,
        auth,
        "/staff/articles/en/second/workflow",
        "/staff/articles/en/second",
        action="approve",
        comment="Checked against the sources.",
    )
    assert response.status_code == 303
    html = reviewer.get("/staff/articles/en/second").get_data(as_text=True)
    log = html.split('id="audit-heading"')[1]
    assert re.search(
        r"reviewer@twofold.test</td>\s*<td>Submitted</td>\s*<td>Under Review</td>", log
    )
    assert "Checked against the sources." in log
    reader = app.test_client().get(page).get_data(as_text=True)
    assert "pending human review" not in reader and "Last reviewed:" in reader


@pytest.mark.parametrize(
    ("role", "form", "status", "message"),
    [
        ("writer", {"action": "approve"}, 409, "Only reviewer accounts can approve"),
        ("reviewer", {"action": "request-changes", "comment": ""}, 409, "a comment is required"),
        ("reviewer", {"action": "publish-now"}, 400, "Choose one of the actions"),
    ],
)
def test_a_refused_transition_says_why_and_changes_nothing(
    app: Flask, auth: Any, role: str, form: dict[str, str], status: int, message: str
) -> None:
    staff_page = "/staff/articles/en/second"
    client = auth.client(role)
    response = post(client, auth, f"{staff_page}/workflow", staff_page, **form)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert "No review transitions yet." in client.get(staff_page).get_data(as_text=True)


def test_the_gate_refuses_a_failing_submission_until_a_reviewer_overrides(
    app_factory: Any, auth_for: Any, tmp_path: Path
) -> None:
    root = tmp_path / "variants"
    shutil.copytree(SAMPLE, root)
    article = root / "en" / "second" / "article.yaml"
    article.write_text(article.read_text().replace("status: submitted", "status: draft"))
    (root / "en" / "second" / "overview.layperson.md").write_text(
        f"---\ntitle: Overview\n---\n{DENSE}"
    )
    app = app_factory(VARIANTS_PATH=str(root))
    auth = auth_for(app)
    staff_page = "/staff/articles/en/second"
    writer = auth.client("writer")
    response = post(writer, auth, f"{staff_page}/workflow", staff_page, action="submit")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "fails the readability policy" in html and "Overview (overview)" in html
    assert "draft" in writer.get(staff_page).get_data(as_text=True).lower()

    reviewer = auth.client("reviewer")
    response = post(
        reviewer, auth, f"{staff_page}/override", staff_page, reason="Terms checked with the board."
    )
    assert response.status_code == 303
    response = post(writer, auth, f"{staff_page}/workflow", staff_page, action="submit")
    assert response.status_code == 303
    log = writer.get(staff_page).get_data(as_text=True).split('id="audit-heading"')[1]
    assert "Readability override: Terms checked with the board." in log


def test_only_reviewers_record_overrides(app: Flask, auth: Any) -> None:
    writer = auth.client("writer")
    response = post(
        writer,
        auth,
        "/staff/articles/en/second/override",
        "/staff/articles/en/second",
        reason="I say so",
    )
    assert response.status_code == 403


def test_export_gives_the_bundle_as_variants_dump_writes_it(
    app: Flask, auth: Any, tmp_path: Path
) -> None:
    writer = auth.client("writer")
    response = writer.get("/staff/articles/en/sample/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert 'filename="en-sample-r1.zip"' in response.headers["Content-Disposition"]
    zipfile.ZipFile(io.BytesIO(response.data)).extractall(tmp_path / "out")
    for path in (SAMPLE / "en" / "sample").iterdir():
        assert (tmp_path / "out" / "en" / "sample" / path.name).read_bytes() == path.read_bytes()
    assert read_path(tmp_path / "out") == read_path(SAMPLE / "en" / "sample")


def test_questions_reach_the_inbox_and_can_be_marked_answered(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    reader = app.test_client()
    assert ask_question(reader, "sample", "Do milia leave scars?").status_code == 303
    writer = auth.client("writer")
    inbox = writer.get("/staff/questions/?article=en/sample").get_data(as_text=True)
    assert "Do milia leave scars?" in inbox and "Mark answered" in inbox
    question_id = re.search(r"/staff/questions/(\d+)/answered", inbox)
    assert question_id
    response = post(
        writer,
        auth,
        f"/staff/questions/{question_id.group(1)}/answered",
        "/staff/questions/",
        article="en/sample",
    )
    assert response.status_code == 303
    inbox = writer.get("/staff/questions/").get_data(as_text=True)
    assert "Do milia leave scars?" not in inbox and "Answered (1)" in inbox
    answered = writer.get("/staff/questions/?state=answered").get_data(as_text=True)
    assert "Do milia leave scars?" in answered and "Reopen" in answered


def test_spam_leaves_the_open_list_and_can_be_brought_back(
    app: Flask, auth: Any, ask_question: Any
) -> None:
    reader = app.test_client()
    ask_question(reader, "sample", "Cheap pills at example.com")
    ask_question(reader, "sample", "Is it contagious?")
    writer = auth.client("writer")
    inbox = writer.get("/staff/questions/").get_data(as_text=True)
    ids = re.findall(r"/staff/questions/(\d+)/answered", inbox)
    assert len(set(ids)) == 2 and 'name="state" value="spam"' in inbox
    first = max(set(ids), key=int)  # newest first: the second question asked
    response = post(writer, auth, f"/staff/questions/{first}/answered", "/staff/questions/",
                    state="spam")  # fmt: skip
    assert response.status_code == 303
    inbox = writer.get("/staff/questions/").get_data(as_text=True)
    assert "Is it contagious?" not in inbox and "Cheap pills" in inbox
    assert "Spam (1)" in inbox and "Open (1)" in inbox
    spam = writer.get("/staff/questions/?state=spam").get_data(as_text=True)
    assert "Is it contagious?" in spam and "Reopen" in spam
    post(writer, auth, f"/staff/questions/{first}/answered", "/staff/questions/", state="open")
    assert "Is it contagious?" in writer.get("/staff/questions/").get_data(as_text=True)


def test_a_long_inbox_comes_a_page_at_a_time(app: Flask, auth: Any) -> None:
    from service.storage import inbox
    from service.storage.db import db
    from service.writing.audience import Audience

    with app.app_context():
        session = db.new_session()
        for n in range(120):
            inbox.add_question(session, "en", "sample", Audience.LAYPERSON, f"Question {n:03d}?")
    writer = auth.client("writer")
    first = writer.get("/staff/questions/").get_data(as_text=True)
    assert "Question 119?" in first and "Question 070?" in first and "Question 069?" not in first
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    last = writer.get("/staff/questions/?page=3").get_data(as_text=True)
    assert "Question 000?" in last and 'rel="prev"' in last and 'rel="next"' not in last
    assert writer.get("/staff/questions/?page=99").status_code == 200  # the last page
