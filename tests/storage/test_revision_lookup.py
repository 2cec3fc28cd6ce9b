"""One lookup for "the newest revision of an article, or not found", and one error for a miss."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import event

from service.auth.roles import Role
from service.content.model import Status
from service.editorial import revisions, workflow
from service.editorial.workflow import Action
from service.storage import repository
from service.storage.db import db
from service.storage.revisions import (
    ArticleNotFound,
    newest_revision,
    revision_by_number,
    revisions_newest_first,
)


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """Every SQL statement the app's engine runs inside the block."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    engine = app.extensions["twofold.engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_newest_revision_is_the_last_saved_one_drafts_included(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        first = revisions.current(session, "en", "sample").article
        edited = dataclasses.replace(first, question="Is it catching?", status=Status.DRAFT)
        repository.save_all(session, [edited])
        newest = newest_revision(session, "en", "sample")
        assert (newest.number, newest.status, newest.question) == (2, "draft", "Is it catching?")
        assert newest.article.slug == "sample" and newest.variants
        assert [r.number for r in revisions_newest_first(session, "en", "sample")] == [2, 1]


def test_a_newest_revision_costs_one_statement_per_table(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        session.commit()
        with statements(app) as seen:
            revisions.current(session, "en", "sample")
    # The article, its newest revision, then its sections, its references, the readers'
    # questions it answers and its figures: one statement each, whatever their number.
    assert len(seen) == 6


def test_a_missing_article_and_a_missing_revision_are_one_error_told_apart(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        with pytest.raises(ArticleNotFound) as no_article:
            newest_revision(session, "en", "no-such-thing")
        with pytest.raises(ArticleNotFound) as no_revision:
            revision_by_number(session, "en", "sample", 99)
        with pytest.raises(ArticleNotFound) as neither:
            revision_by_number(session, "en", "no-such-thing", 1)
        with pytest.raises(ArticleNotFound):
            revisions_newest_first(session, "en", "no-such-thing")
    assert (no_article.value.path, no_article.value.number) == ("en/no-such-thing", None)
    assert (no_revision.value.path, no_revision.value.number) == ("en/sample", 99)
    assert neither.value.number is None
    assert isinstance(no_article.value, LookupError)


def test_the_error_reads_in_english_for_logs_and_in_the_locale_for_pages(app: Flask) -> None:
    article, revision = ArticleNotFound("en", "gone"), ArticleNotFound("en", "sample", 7)
    assert str(article) == "No article en/gone."
    assert str(revision) == "Article en/sample has no revision 7."
    with app.test_request_context():
        assert article.message == "No article en/gone."
        with force_locale("es"):
            assert article.message == "No existe el artículo en/gone."
            assert revision.message == "El artículo en/sample no tiene la revisión 7."
        with force_locale("de"):
            assert revision.message == "Der Artikel en/sample hat keine Revision 7."


def test_every_caller_raises_the_same_error(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        with pytest.raises(ArticleNotFound):
            revisions.current(session, "en", "gone")
        with pytest.raises(ArticleNotFound):
            revisions.revision(session, "en", "sample", 42)
        with pytest.raises(ArticleNotFound):
            revisions.history(session, "en", "gone")
        with pytest.raises(ArticleNotFound):
            workflow.apply(session, "en", "gone", Action.SUBMIT, actor="w@t.test", role=Role.WRITER)
        with pytest.raises(ArticleNotFound):
            workflow.record_override(
                session, "en", "gone", actor="r@t.test", role=Role.REVIEWER, reason="Plain enough"
            )
        assert workflow.audit_log(session, "en", "gone") == []


def test_the_editor_tells_a_missing_revision_from_a_missing_article(auth: Any) -> None:
    writer = auth.client("writer")
    details = "/staff/articles/en/sample/details"
    form = {"csrf_token": auth.csrf_token(writer, details), "question": "Is it catching?"}
    lost = writer.post(details, data={**form, "base": "99"})
    assert lost.status_code == 400
    assert "There is no revision 99 to edit; reload the page." in lost.get_data(as_text=True)
    gone = writer.post("/staff/articles/en/gone/details", data={**form, "base": "1"})
    assert gone.status_code == 404
