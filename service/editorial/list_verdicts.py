"""The article list's readability verdicts: stored ones, and a page's unchecked revisions
checked now and stored, so the list shows every article's verdict as it always did.

The list filters by the stored verdict (``storage.revision_verdicts``), which the library
check, the QA pages and the gate write. Until they have, a page checks what it shows —
at most one page of revisions, once each: the verdict is kept under the current engine
and policy, so the next look, and the verdict filter, read it back instead.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from service.editorial.gate import layperson_verdict
from service.storage import article_list, revision_verdicts
from service.storage.article_list import ListedArticle


def with_verdicts(session: Session, rows: list[ListedArticle], engine: str) -> list[ListedArticle]:
    """``rows`` with each missing verdict checked now and stored under ``engine``."""
    unchecked = [row.revision_id for row in rows if row.verdict is None]
    if not unchecked:
        return rows
    articles = article_list.articles_of(session, unchecked)
    checked = {
        revision_id: verdict
        for revision_id, article in articles.items()
        if (verdict := layperson_verdict(article)) is not None
    }
    if checked:
        try:
            revision_verdicts.record(
                session, {rid: verdict.value for rid, verdict in checked.items()}, engine
            )
            session.commit()
        except SQLAlchemyError:
            # Another request stored the same verdicts first: theirs are as good.
            session.rollback()
    return [
        dataclasses.replace(row, verdict=checked[row.revision_id])
        if row.verdict is None and row.revision_id in checked
        else row
        for row in rows
    ]
