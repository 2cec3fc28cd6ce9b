"""Fixtures for the library check at scale: apps on small generated libraries."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from library import write_library
from sqlalchemy import select


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated library of 9 articles in English, Spanish and German."""
    return write_library(tmp_path_factory.mktemp("generated"), 9, locales=("en", "es", "de"))


# As the suite's own: PostgreSQL too when TEST_DATABASE_URL names a database.
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def library_app(
    request: pytest.FixtureRequest, generated: Path, tmp_path: Path, build_app: Callable[..., Flask]
) -> Iterator[Flask]:
    """The app on the generated library, on each database the run has."""
    from service.storage import db

    app = build_app(tmp_path, request.param, VARIANTS_PATH=str(generated))
    yield app
    db.close(app)


def verdict_rows(app: Flask) -> dict[str, tuple[str, str]]:
    """Each article with a stored verdict: ``locale/slug`` → (verdict, engine)."""
    from service.storage.db import db
    from service.storage.models import ArticleRecord, RevisionRecord, RevisionVerdictRecord

    with app.app_context():
        session = db.new_session()
        query = (
            select(
                ArticleRecord.locale,
                ArticleRecord.slug,
                RevisionVerdictRecord.verdict,
                RevisionVerdictRecord.engine,
            )
            .join(RevisionRecord, RevisionRecord.id == RevisionVerdictRecord.revision_id)
            .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
        )
        found = session.execute(query)
        return {f"{loc}/{slug}": (verdict, engine) for loc, slug, verdict, engine in found}


@pytest.fixture
def stored_verdicts() -> Callable[[Flask], dict[str, tuple[str, str]]]:
    """``stored_verdicts(app)``: each article's stored verdict and engine, by ``locale/slug``."""
    return verdict_rows


@pytest.fixture
def scoring_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every text the engine scores in this process from now on (its first three arguments)."""
    import service.quality.scores as scores
    import service.quality.summaries as summaries

    calls: list[Any] = []
    for module in (scores, summaries):
        real = module.check_markdown

        def counted(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            calls.append(args[:3])
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "check_markdown", counted)
    return calls
