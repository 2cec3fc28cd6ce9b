"""The search index follows publishing: readers find what they can read, and only that."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from alembic import command
from flask import Flask
from search_bundles import Bundle, write_bundle
from sqlalchemy import text

from service.auth.roles import Role
from service.content.model import Article, Section, Status, Variant
from service.editorial import revisions, workflow
from service.editorial.workflow import Action
from service.storage.db import db
from service.storage.migrate import alembic_config
from service.writing.audience import Audience

Serve = Callable[..., Flask]

PUBLISHED = Bundle(
    slug="eczema",
    title=("Eczema", "Atopic dermatitis"),
    question="What is eczema?",
    sections={"overview": ("Eczema makes skin itchy and oldword.", "Atopic dermatitis.")},
)


def found(app: Flask, word: str, audience: str = "layperson") -> list[str]:
    """The slugs a reader of ``audience`` finds for ``word`` in English."""
    html = (
        app.test_client()
        .get("/en/search", query_string={"q": word, "audience": audience})
        .get_data(as_text=True)
    )
    return re.findall(r'class="search-title"><a href="/en/articles/([^/"]+)/', html)


def index_holds(app: Flask, word: str) -> int:
    """How many documents the index itself lists for ``word`` (not what its text says)."""
    with app.app_context():
        session = db.new_session()
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                text(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms "
                    "USING fts5vocab(main, search_fts, 'row')"
                )
            )
            held = session.scalar(
                text("SELECT doc FROM temp.search_terms WHERE term = :word"), {"word": word}
            )
        else:
            held = session.scalar(
                text(
                    "SELECT count(*) FROM search_entries "
                    "WHERE document @@ plainto_tsquery('english', :word)"
                ),
                {"word": word},
            )
        session.rollback()
        return int(held or 0)


def with_overview(article: Article, body: str) -> Article:
    """``article`` with its layperson overview replaced by ``body``."""
    sections = tuple(
        dataclasses.replace(
            section,
            variants=tuple(
                Variant(v.audience, v.title, body) if v.audience is Audience.LAYPERSON else v
                for v in section.variants
            ),
        )
        if section.key == "overview"
        else section
        for section in article.sections
    )
    return dataclasses.replace(article, sections=sections)


def save_draft(app: Flask, body: str) -> None:
    """A writer saves a new draft of the eczema article with ``body`` as its overview."""
    with app.app_context():
        session = db.new_session()
        latest = revisions.current(session, "en", "eczema")
        revisions.save(
            session,
            with_overview(latest.article, body),
            base=latest.number,
            author="writer@twofold.test",
            message="",
        )


def act(app: Flask, *actions: Action, comment: str = "") -> None:
    """Take workflow ``actions`` on the eczema article, as an admin."""
    with app.app_context():
        session = db.new_session()
        for action in actions:
            workflow.apply(
                session,
                "en",
                "eczema",
                action,
                actor="admin@twofold.test",
                role=Role.ADMIN,
                comment=comment,
            )


def test_submitting_publishes_to_search_and_drafts_stay_out(serve: Serve, backend: str) -> None:
    app = serve(backend, PUBLISHED)
    assert found(app, "oldword") == ["eczema"]
    save_draft(app, "Eczema makes skin itchy and newword.")
    # A new draft: readers still read, and find, the published text.
    assert found(app, "oldword") == ["eczema"]
    assert found(app, "newword") == []
    act(app, Action.SUBMIT)
    # Submitted is public: readers now read the new text, and find only it.
    assert found(app, "newword") == ["eczema"]
    assert found(app, "oldword") == []
    # Nothing of the old text stays behind in the index: the patients' document holds
    # the new word, none the old one.
    assert index_holds(app, "newword") == 1
    assert index_holds(app, "oldword") == 0


def test_changes_requested_take_the_text_back_out(serve: Serve, backend: str) -> None:
    app = serve(backend, PUBLISHED)
    save_draft(app, "Eczema makes skin itchy and newword.")
    act(app, Action.SUBMIT)
    act(app, Action.REQUEST_CHANGES, comment="Say more about creams.")
    assert found(app, "newword") == []
    assert found(app, "oldword") == ["eczema"]
    act(app, Action.SUBMIT, Action.START_REVIEW, Action.APPROVE)
    assert found(app, "newword") == ["eczema"]
    assert found(app, "oldword") == []
    assert index_holds(app, "oldword") == 0


def test_a_new_article_is_found_once_submitted(serve: Serve, backend: str) -> None:
    app = serve(backend, PUBLISHED)
    article = Article(
        locale="en",
        slug="psoriasis",
        question="What is psoriasis?",
        titles=((Audience.LAYPERSON, "Psoriasis"),),
        topic=None,
        status=Status.DRAFT,
        updated=dt.date(2025, 6, 27),
        sections=(
            Section("overview", (Variant(Audience.LAYPERSON, "What it is", "Scaly psorplam."),)),
        ),
        references=(),
    )
    with app.app_context():
        revisions.create(db.new_session(), article, author="writer@twofold.test")
    assert found(app, "psorplam") == []
    with app.app_context():
        workflow.apply(
            db.new_session(),
            "en",
            "psoriasis",
            Action.SUBMIT,
            actor="admin@twofold.test",
            role=Role.ADMIN,
        )
    assert found(app, "psorplam") == ["psoriasis"]
    # Written for patients only: clinicians read, and find, the same text.
    assert found(app, "psorplam", "clinician") == ["psoriasis"]
    assert index_holds(app, "psorplam") == 2


def test_a_bundle_load_is_searchable_when_it_commits(
    serve: Serve, backend: str, tmp_path: Path
) -> None:
    app = serve(backend, PUBLISHED)
    incoming = tmp_path / "incoming"
    write_bundle(
        incoming,
        dataclasses.replace(
            PUBLISHED, sections={"overview": ("Eczema is loadedword now.", "Dermatitis.")}
        ),
    )
    write_bundle(
        incoming,
        Bundle(
            slug="acne",
            title=("Acne", "Acne vulgaris"),
            question="What is acne?",
            sections={"overview": ("Acne makes spots, loadedword too.", "Comedones.")},
        ),
    )
    result = app.test_cli_runner().invoke(
        args=["variants", "load", str(incoming), "--trust-status"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(found(app, "loadedword")) == ["acne", "eczema"]
    assert found(app, "oldword") == []
    assert index_holds(app, "oldword") == 0


def test_upgrading_an_existing_database_indexes_what_is_published(
    serve: Serve, backend: str
) -> None:
    app = serve(backend, PUBLISHED)
    engine = app.extensions["twofold.engine"]
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0012")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert found(app, "oldword") == ["eczema"]
    assert index_holds(app, "oldword") == 1


def test_a_write_past_the_orm_is_indexed_when_marked(serve: Serve, backend: str) -> None:
    # A bulk path that updates revisions with Core statements names the articles it touched.
    from service.storage import search_index

    app = serve(backend, PUBLISHED)
    save_draft(app, "Eczema makes skin itchy and newword.")
    with app.app_context():
        session = db.new_session()
        article_id, newest = session.execute(
            text("SELECT article_id, max(id) FROM revisions GROUP BY article_id")
        ).one()
        session.execute(
            text("UPDATE revisions SET status = 'submitted' WHERE id = :id"), {"id": newest}
        )
        search_index.mark_changed(session, [article_id])
        session.commit()
    assert found(app, "newword") == ["eczema"]
    assert index_holds(app, "oldword") == 0
