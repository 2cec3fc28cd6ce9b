"""Helpers shared by the scale-check tests: what revision_verdicts holds, by article."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from service.storage.db import db
from service.storage.models import ArticleRecord, RevisionRecord, RevisionVerdictRecord


def verdict_rows(app: Flask) -> dict[str, tuple[str, str]]:
    """Each article with a stored verdict: ``locale/slug`` → (verdict, engine)."""
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
        return {
            f"{loc}/{slug}": (verdict, engine)
            for loc, slug, verdict, engine in session.execute(query)
        }


def count_scoring(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Count every text the engine scores from now on, in this process."""
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
