"""The review workflow as a table of transitions, with audit entries and the readability gate."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from flask import Flask

from service.auth.roles import Role
from service.content.model import Article, Status
from service.editorial import revisions, workflow
from service.editorial.workflow import Action, ReadabilityGateFailed, WorkflowError
from service.storage import repository
from service.storage.db import db


def set_status(app: Flask, status: Status) -> None:
    """Put the newest revision of en/second at ``status`` by a fresh save."""
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", "second")
        article = dataclasses.replace(latest.article, status=status)
        repository.save_all(session, [article])


@pytest.mark.parametrize(
    ("start", "action", "role", "end"),
    [
        (Status.DRAFT, Action.SUBMIT, Role.WRITER, Status.SUBMITTED),
        (Status.SUBMITTED, Action.START_REVIEW, Role.REVIEWER, Status.UNDER_REVIEW),
        (Status.UNDER_REVIEW, Action.APPROVE, Role.REVIEWER, Status.APPROVED),
        (Status.SUBMITTED, Action.REQUEST_CHANGES, Role.REVIEWER, Status.DRAFT),
        (Status.UNDER_REVIEW, Action.REQUEST_CHANGES, Role.REVIEWER, Status.DRAFT),
        (Status.UNDER_REVIEW, Action.APPROVE, Role.ADMIN, Status.APPROVED),
    ],
)
def test_allowed_transitions_move_the_article_and_are_audited(
    app: Flask, start: Status, action: Action, role: Role, end: Status
) -> None:
    set_status(app, start)
    with app.app_context():
        session = db.new_session()
        entry = workflow.apply(
            session,
            "en",
            "second",
            action,
            actor=f"{role}@t.test",
            role=role,
            comment="Please define the acid.",
            today=dt.date(2026, 1, 2),
        )
        assert revisions.current(session, "en", "second").article.status is end
        log = workflow.audit_log(session, "en", "second")
    assert log[-1] == entry
    assert (entry.actor, entry.from_status, entry.to_status) == (f"{role}@t.test", start, end)
    assert entry.comment == "Please define the acid."


@pytest.mark.parametrize(
    ("start", "action", "role", "message"),
    [
        (Status.DRAFT, Action.APPROVE, Role.REVIEWER, "needs it to be under-review"),
        (Status.SUBMITTED, Action.APPROVE, Role.REVIEWER, "needs it to be under-review"),
        (Status.APPROVED, Action.SUBMIT, Role.WRITER, "needs it to be draft"),
        (Status.UNDER_REVIEW, Action.APPROVE, Role.WRITER, "Only reviewer accounts"),
        (Status.SUBMITTED, Action.REQUEST_CHANGES, Role.WRITER, "Only reviewer accounts"),
        (Status.SUBMITTED, Action.START_REVIEW, Role.QA, "Only reviewer accounts"),
        (Status.DRAFT, Action.SUBMIT, Role.REVIEWER, "Only writer accounts"),
    ],
)
def test_refused_transitions_change_nothing(
    app: Flask, start: Status, action: Action, role: Role, message: str
) -> None:
    set_status(app, start)
    with app.app_context():
        session = db.new_session()
        with pytest.raises(WorkflowError, match=message):
            workflow.apply(session, "en", "second", action, actor="x@t.test", role=role)
        assert revisions.current(session, "en", "second").article.status is start
        assert workflow.audit_log(session, "en", "second") == []


def test_requesting_changes_needs_a_comment(app: Flask) -> None:
    with app.app_context(), pytest.raises(WorkflowError, match="a comment is required"):
        workflow.apply(
            db.new_session(),
            "en",
            "second",
            Action.REQUEST_CHANGES,
            actor="r@t.test",
            role=Role.REVIEWER,
            comment="  ",
        )


def test_approval_sets_last_reviewed(app: Flask) -> None:
    set_status(app, Status.UNDER_REVIEW)
    with app.app_context():
        workflow.apply(
            db.new_session(),
            "en",
            "second",
            Action.APPROVE,
            actor="r@t.test",
            role=Role.REVIEWER,
            today=dt.date(2026, 3, 4),
        )
    html = app.test_client().get("/en/articles/second").get_data(as_text=True)
    assert "Last reviewed:" in html and "March 4, 2026" in html
    assert '"lastReviewed": "2026-03-04"' in html
    assert "pending human review" not in html


def failing_gate(article: Article) -> list[str]:
    return [f"{article.slug}/overview (layperson): grade 11.2, above 8"]


def test_the_readability_gate_refuses_a_failing_submission(app: Flask) -> None:
    set_status(app, Status.DRAFT)
    with app.app_context():
        session = db.new_session()
        with pytest.raises(ReadabilityGateFailed) as refused:
            workflow.apply(
                session,
                "en",
                "second",
                Action.SUBMIT,
                actor="w@t.test",
                role=Role.WRITER,
                gate=failing_gate,
            )
        assert refused.value.failures == ("second/overview (layperson): grade 11.2, above 8",)
        assert revisions.current(session, "en", "second").article.status is Status.DRAFT


def test_a_reviewers_override_lets_the_submission_through_and_is_logged(app: Flask) -> None:
    set_status(app, Status.DRAFT)
    with app.app_context():
        session = db.new_session()
        with pytest.raises(WorkflowError, match="Only reviewer accounts"):
            workflow.record_override(
                session, "en", "second", actor="w@t.test", role=Role.WRITER, reason="Trust me"
            )
        workflow.record_override(
            session,
            "en",
            "second",
            actor="r@t.test",
            role=Role.REVIEWER,
            reason="Drug names inflate the grade; wording checked by hand.",
        )
        workflow.apply(
            session,
            "en",
            "second",
            Action.SUBMIT,
            actor="w@t.test",
            role=Role.WRITER,
            gate=failing_gate,
        )
        log = workflow.audit_log(session, "en", "second")
    assert [e.override_reason for e in log] == [
        "Drug names inflate the grade; wording checked by hand.",
        None,
    ]
    assert log[-1].to_status is Status.SUBMITTED


def test_an_override_covers_only_the_revision_it_was_given_for(app: Flask) -> None:
    set_status(app, Status.DRAFT)
    with app.app_context():
        session = db.new_session()
        workflow.record_override(
            session, "en", "second", actor="r@t.test", role=Role.REVIEWER, reason="Checked."
        )
        latest = revisions.current(session, "en", "second")
        edited = dataclasses.replace(latest.article, question="A changed question?")
        revisions.save(session, edited, base=latest.number, author="w@t.test", message="Edit")
        with pytest.raises(ReadabilityGateFailed):
            workflow.apply(
                session,
                "en",
                "second",
                Action.SUBMIT,
                actor="w@t.test",
                role=Role.WRITER,
                gate=failing_gate,
            )


def test_an_approved_article_keeps_serving_until_the_edit_is_submitted(app: Flask) -> None:
    client = app.test_client()
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", "sample")
        assert latest.article.status is Status.APPROVED
        edited = dataclasses.replace(latest.article, question="An edited question?")
        revisions.save(session, edited, base=latest.number, author="w@t.test", message="Edit")
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert "What causes milia to form?" in html and "An edited question?" not in html
    with app.app_context():
        workflow.apply(
            db.new_session(), "en", "sample", Action.SUBMIT, actor="w@t.test", role=Role.WRITER
        )
    html = client.get("/en/articles/sample").get_data(as_text=True)
    assert "An edited question?" in html and "pending human review" in html
