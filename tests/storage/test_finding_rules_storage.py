"""Ignored findings in the database: recorded once with who and why, listed, undone."""

from __future__ import annotations

import pytest
from flask import Flask

from service.editorial import ignored_findings
from service.editorial.ignored_findings import IgnoreRefused
from service.readability import check_markdown
from service.storage.db import db
from service.storage.revisions import ArticleNotFound
from service.writing.audience import Audience

TEXT = "Milia are tiny white bumps. Sunscreen protects the epidermis."


def test_an_ignore_is_kept_with_who_when_and_why(any_db_app: Flask) -> None:
    epidermis = next(
        f for f in check_markdown(TEXT, Audience.LAYPERSON, "en").findings if f.text == "epidermis"
    )
    with any_db_app.app_context():
        session = db.new_session()
        for _ in range(2):  # ignoring twice records it once
            ignored_findings.ignore(
                session,
                "en",
                "sample",
                section="overview",
                audience=Audience.LAYPERSON,
                finding=epidermis,
                reason="  Explained   below. ",
                actor="writer@twofold.test",
            )
        (record,) = ignored_findings.ignored(db.new_session(), "en", "sample")
        assert (record.section, record.audience, record.kind, record.text) == (
            "overview",
            "layperson",
            "jargon",
            "epidermis",
        )
        assert record.reason == "Explained below." and record.actor == "writer@twofold.test"
        assert record.at.year >= 2025
        assert ignored_findings.unignore(db.new_session(), "en", "sample", record.id)
        assert not ignored_findings.unignore(db.new_session(), "en", "sample", record.id)
        assert ignored_findings.ignored(db.new_session(), "en", "sample") == []


def test_a_blank_reason_or_unknown_article_records_nothing(any_db_app: Flask) -> None:
    finding = check_markdown(TEXT, Audience.LAYPERSON, "en").findings[0]
    with any_db_app.app_context():
        with pytest.raises(IgnoreRefused):
            ignored_findings.ignore(
                db.new_session(),
                "en",
                "sample",
                section="overview",
                audience=Audience.LAYPERSON,
                finding=finding,
                reason=" ",
                actor="writer@twofold.test",
            )
        assert ignored_findings.ignored(db.new_session(), "en", "sample") == []
        with pytest.raises(ArticleNotFound):
            ignored_findings.ignored(db.new_session(), "en", "nowhere")
