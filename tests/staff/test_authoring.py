"""Every save a new revision; a stale save refused with both texts kept; history and diffs."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask

from service.content.model import Article, Section, Status, Variant
from service.editorial import revisions
from service.storage.db import db
from service.writing.audience import Audience


def with_body(article: Article, key: str, audience: Audience, body: str) -> Article:
    sections = []
    for section in article.sections:
        if section.key == key:
            variants = tuple(
                dataclasses.replace(v, body=body) if v.audience is audience else v
                for v in section.variants
            )
            section = Section(section.key, variants)
        sections.append(section)
    return dataclasses.replace(article, sections=tuple(sections))


def test_each_save_is_a_new_draft_revision_with_author_and_message(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        first = revisions.current(session, "en", "sample")
        edited = with_body(first.article, "overview", Audience.LAYPERSON, "Milia are tiny bumps.")
        number = revisions.save(
            session, edited, base=first.number, author="w@t.test", message="Shorter"
        )
        assert number == first.number + 1
        newest = revisions.current(session, "en", "sample")
        assert (newest.author, newest.message, newest.article.status) == (
            "w@t.test",
            "Shorter",
            Status.DRAFT,
        )
        # The old revision is still there, unchanged.
        old = revisions.revision(session, "en", "sample", first.number)
        assert old.article == first.article


def test_saving_unchanged_content_makes_no_revision(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        first = revisions.current(session, "en", "sample")
        assert (
            revisions.save(session, first.article, base=first.number, author="w", message="")
            is None
        )


def test_a_stale_save_is_refused_and_keeps_both_texts(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        base = revisions.current(session, "en", "sample")
        theirs = with_body(base.article, "overview", Audience.LAYPERSON, "Their text.")
        revisions.save(session, theirs, base=base.number, author="a@t.test", message="Theirs")
        mine = with_body(base.article, "overview", Audience.LAYPERSON, "My text.")
        with pytest.raises(revisions.StaleRevision) as refused:
            revisions.save(session, mine, base=base.number, author="b@t.test", message="Mine")
        assert "Nothing was overwritten" in str(refused.value)
        assert refused.value.yours == mine
        assert refused.value.latest.article == dataclasses.replace(
            theirs, status=Status.DRAFT, reviewed=None, reviewed_by=None
        )
        newest = revisions.current(session, "en", "sample").article
        overview = newest.sections[0].variant(Audience.LAYPERSON)
        assert overview is not None and overview.body == "Their text."


def test_restoring_an_old_revision_makes_a_new_one(app: Flask) -> None:
    with app.app_context():
        session = db.new_session()
        first = revisions.current(session, "en", "sample")
        edited = with_body(first.article, "overview", Audience.CLINICIAN, "Changed.")
        revisions.save(session, edited, base=first.number, author="w", message="Change")
        number = revisions.restore(session, "en", "sample", first.number, author="w")
        restored = revisions.current(session, "en", "sample")
        assert (
            number == first.number + 2 and restored.message == f"Restored revision {first.number}"
        )
        assert restored.article.sections == first.article.sections
        assert [h.number for h in revisions.history(session, "en", "sample")] == [3, 2, 1]


def test_the_diff_names_each_changed_section_and_audience(app: Flask) -> None:
    with app.app_context():
        before = revisions.current(db.new_session(), "en", "sample").article
    after = with_body(before, "causes", Audience.CLINICIAN, "Rewritten [@berk2008].")
    after = dataclasses.replace(
        after,
        sections=(*after.sections, Section("new", (Variant(Audience.LAYPERSON, "New", "Hi."),))),
    )
    changes = revisions.diff(before, after)
    assert [(c.section, c.audience) for c in changes] == [
        ("causes", Audience.CLINICIAN),
        ("new", Audience.LAYPERSON),
    ]
    assert "+Rewritten [@berk2008]." in changes[0].lines
    assert "+# New" in changes[1].lines
