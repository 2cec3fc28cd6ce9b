"""A translation is flagged "out of date" once its English source is approved again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from flask import Flask

from service.auth.roles import Role
from service.editorial import revisions, translations, workflow
from service.editorial.workflow import Action
from service.storage.db import db


def _translate_sample(app: Flask) -> None:
    """A Spanish article with the English sample's slug, written by a translator."""
    with app.app_context():
        session = db.new_session()
        english = revisions.current(session, "en", "sample").article
        revisions.create(session, dataclasses.replace(english, locale="es"), author="tr@t.test")


def _approve_new_english_revision(app: Flask) -> None:
    """A writer edits the English sample; the board approves it."""
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", "sample")
        edited = dataclasses.replace(latest.article, question="What are milia, and why?")
        revisions.save(session, edited, base=latest.number, author="w@t.test", message="Edit")
        steps = [
            (Action.SUBMIT, Role.WRITER),
            (Action.START_REVIEW, Role.REVIEWER),
            (Action.APPROVE, Role.REVIEWER),
        ]
        for action, role in steps:
            workflow.apply(
                session, "en", "sample", action, actor=f"{role}@t.test", role=role,
                gate=lambda _article: [],
            )  # fmt: skip


def _row_of(page: str, path: str) -> str:
    start = page.index(path)
    return page[start : page.index("</tr>", start)]


def test_a_translation_lags_once_its_source_is_approved_again(app: Flask, auth: Any) -> None:
    _translate_sample(app)
    writer = auth.client("writer")
    assert "Out of date" not in _row_of(
        writer.get("/staff/articles").get_data(as_text=True), "es/sample"
    )

    _approve_new_english_revision(app)
    page = writer.get("/staff/articles").get_data(as_text=True)
    assert "Out of date" in _row_of(page, "es/sample")
    assert "The source (English) was approved after this translation was last edited." in page
    assert "Out of date" not in _row_of(page, "en/sample")  # the source itself never lags


def test_editing_the_translation_clears_the_flag(app: Flask, auth: Any) -> None:
    _translate_sample(app)
    _approve_new_english_revision(app)
    with app.app_context():
        session = db.new_session()
        spanish = revisions.current(session, "es", "sample")
        edited = dataclasses.replace(spanish.article, question="¿Qué son los milia y por qué?")
        revisions.save(session, edited, base=spanish.number, author="tr@t.test", message="Al día")
    page = auth.client("writer").get("/staff/articles").get_data(as_text=True)
    assert "Out of date" not in _row_of(page, "es/sample")


def test_the_rule() -> None:
    approved = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    before, after = approved - dt.timedelta(days=1), approved + dt.timedelta(days=1)
    assert translations.out_of_date("es", "en", approved, before)
    assert not translations.out_of_date("es", "en", approved, after)
    assert not translations.out_of_date("en", "en", approved, before)  # the source
    assert not translations.out_of_date("es", "en", None, before)  # no English article
