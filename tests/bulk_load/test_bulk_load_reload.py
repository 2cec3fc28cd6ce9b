"""Loading a library again: what did not change is skipped, what changed is stored as
before (drafts, audit entries, review dates), batch after batch, on every backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from service.editorial import bundle_load
from service.storage import repository
from service.storage.db import db
from service.storage.models import PublicationRecord, ReviewEventRecord, RevisionRecord


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 16, so that 45 articles take three of them."""
    monkeypatch.setattr(bundle_load, "BATCH", 16)


def stored(app: Flask) -> tuple[int, int, int]:
    """Revisions, audit entries and the publication generation."""
    with app.app_context():
        session = db.new_session()
        return (
            session.scalar(select(func.count(RevisionRecord.id))) or 0,
            session.scalar(select(func.count(ReviewEventRecord.id))) or 0,
            session.scalar(select(PublicationRecord.generation)) or 0,
        )


def load(app: Flask, root: Path, *options: str) -> str:
    """Run ``variants load`` on ``root``; its output."""
    result = app.test_cli_runner().invoke(args=["variants", "load", *options, str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_loading_an_unchanged_library_again_stores_nothing(
    any_db_app: Flask, library: Callable[..., Path]
) -> None:
    root = library(45)
    load(any_db_app, root, "--trust-status")
    after_first = stored(any_db_app)

    for options in (("--trust-status",), ()):
        output = load(any_db_app, root, *options)
        assert "Loaded 0 new revision(s); 45 article(s) unchanged." in output
        assert stored(any_db_app) == after_first  # no revision, no audit entry, no new pages


def test_a_trusted_load_publishes_every_batch_and_readers_see_it_at_once(
    any_db_app: Flask, library: Callable[..., Path]
) -> None:
    root = library(45)
    before = stored(any_db_app)
    slug = sorted((root / "de").iterdir())[-1].name  # stored in the last batch
    client = any_db_app.test_client()
    assert client.get(f"/de/articles/{slug}/layperson").status_code == 404  # cached miss too

    load(any_db_app, root, "--trust-status")

    revisions, events, generation = stored(any_db_app)
    assert (revisions, events) == (before[0] + 45, before[1] + 45)  # one audit entry each
    assert generation > before[2]  # page caches drop what they hold
    assert client.get(f"/de/articles/{slug}/layperson").status_code == 200


def test_a_changed_article_in_a_reloaded_library_becomes_a_draft_readers_do_not_see(
    any_db_app: Flask, library: Callable[..., Path]
) -> None:
    root = library(45)
    load(any_db_app, root, "--trust-status")
    folder = sorted((root / "es").iterdir())[7]
    section = folder / "outlook.layperson.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nUna frase nueva al final.\n")
    client = any_db_app.test_client()
    page = f"/es/articles/{folder.name}/layperson"
    assert "Una frase nueva al final." not in client.get(page).get_data(as_text=True)
    revisions, events, generation = stored(any_db_app)

    output = load(any_db_app, root)

    assert f"es/{folder.name}: revision 2 (draft; the bundle said approved)" in output
    assert "Loaded 1 new revision(s); 44 article(s) unchanged." in output
    assert stored(any_db_app) == (revisions + 1, events + 1, generation)
    assert "Una frase nueva al final." not in client.get(page).get_data(as_text=True)


def test_a_review_date_named_by_a_bundle_is_set_even_when_nothing_else_changed(
    any_db_app: Flask, library: Callable[..., Path]
) -> None:
    root = library(45)
    load(any_db_app, root, "--trust-status")
    folders = [sorted((root / locale).iterdir())[-1] for locale in ("en", "de")]
    for folder in folders:
        head = folder / "article.yaml"
        head.write_text(head.read_text(encoding="utf-8") + "review_due: 2027-03-01\n")
    revisions = stored(any_db_app)[0]

    output = load(any_db_app, root, "--trust-status")

    assert "Loaded 0 new revision(s); 45 article(s) unchanged." in output
    assert stored(any_db_app)[0] == revisions
    with any_db_app.app_context():
        dues = {
            (a.locale, a.slug): a.review_due
            for a in repository.latest_articles(db.new_session())
            if a.review_due is not None
        }
    assert dues == {
        ("en", folders[0].name): dt.date(2027, 3, 1),
        ("de", folders[1].name): dt.date(2027, 3, 1),
    }
