"""`variants load` of a large library is all or nothing: a bad file anywhere, or a database
failure in any batch, leaves the database exactly as it was, on every backend."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from service.editorial import bundle_load
from service.storage.db import db
from service.storage.models import ArticleRecord, PublicationRecord, RevisionRecord


def counts(app: Flask) -> tuple[int, int, int]:
    """Articles, revisions and the publication generation, as stored."""
    with app.app_context():
        session = db.new_session()
        return (
            session.scalar(select(func.count(ArticleRecord.id))) or 0,
            session.scalar(select(func.count(RevisionRecord.id))) or 0,
            session.scalar(select(PublicationRecord.generation)) or 0,
        )


def break_front_matter(folder: Path, section: str = "symptoms.layperson.md") -> Path:
    """Give one section file of ``folder`` an unknown front-matter field; the file."""
    path = folder / section
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    return path


def bundle(root: Path, index: int) -> Path:
    """The ``index``-th bundle folder of a generated root, in the order it is read."""
    return sorted(p for locale in sorted(root.iterdir()) for p in sorted(locale.iterdir()))[index]


def test_a_bad_file_in_the_middle_of_150_articles_loads_nothing_and_is_named(
    any_db_app: Flask, library: Callable[..., Path]
) -> None:
    root = library(150)
    broken = break_front_matter(bundle(root, 75))
    before = counts(any_db_app)

    result = any_db_app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", str(root)]
    )

    assert result.exit_code == 1
    assert "Nothing was loaded." in result.output
    assert f"{broken}:2: unknown field titel: in the front matter; write title: instead" in (
        result.output
    )
    assert counts(any_db_app) == before


class RefusingDatabase:
    """Makes the database refuse to store the article ``slug``, as a full disk would,
    and counts the revisions it accepted in the same load before that."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.new_session().get_bind()
        self.slug: str | None = None
        self.revision_inserts = 0
        event.listen(self.engine, "before_cursor_execute", self.check)

    def check(self, conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        """Raise the driver's error when ``slug`` is inserted."""
        if statement.lstrip().upper().startswith("INSERT INTO REVISIONS"):
            self.revision_inserts += 1
        inserting = statement.lstrip().upper().startswith("INSERT INTO ARTICLES")
        if self.slug and inserting and f"'{self.slug}'" in repr(parameters):
            raise OperationalError(statement, None, Exception("disk I/O error (injected)"))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self.check)


@pytest.fixture
def refusing_database(any_db_app: Flask) -> Iterator[RefusingDatabase]:
    """The app's database, made to refuse one article (named by the test)."""
    refusing = RefusingDatabase(any_db_app)
    yield refusing
    refusing.close()


def test_a_database_failure_in_a_later_batch_undoes_the_earlier_batches(
    any_db_app: Flask,
    library: Callable[..., Path],
    refusing_database: RefusingDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = library(150)
    monkeypatch.setattr(bundle_load, "BATCH", 20)  # eight batches; the sixth fails
    refusing_database.slug = bundle(root, 110).name
    before = counts(any_db_app)

    result = any_db_app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", str(root)]
    )

    assert result.exit_code == 1, result.output
    assert "Nothing was loaded: the database refused the load" in result.output
    assert "The database said: Exception: disk I/O error (injected)" in result.output
    assert refusing_database.revision_inserts >= 5  # five batches were written, then undone
    assert counts(any_db_app) == before
    # The database is usable, and the same load goes through once it accepts writes.
    refusing_database.slug = None
    loaded = any_db_app.test_cli_runner().invoke(
        args=["variants", "load", "--trust-status", str(root)]
    )
    assert loaded.exit_code == 0, loaded.output
    assert counts(any_db_app)[:2] == (before[0] + 150, before[1] + 150)
