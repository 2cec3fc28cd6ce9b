"""The article list's readability verdicts: stored ones, and a page's unchecked revisions
checked now and stored, so the list shows every article's verdict as it always did.

The list filters by the stored verdict (``storage.revision_verdicts``), which the library
check, the QA pages and the gate write. Until they have, a page checks what it shows —
at most one page of revisions, once each, exactly as ``readability check`` would (the
worst verdict of every variant, with its figures for QA), so the next look, the verdict
filter and the QA pages read it back instead.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from service.quality import checks
from service.readability import Verdict
from service.storage import article_list
from service.storage.article_list import ListedArticle


def with_verdicts(session: Session, rows: list[ListedArticle]) -> list[ListedArticle]:
    """``rows`` with each missing verdict checked now and stored under the current engine."""
    unchecked = [row.revision_id for row in rows if row.verdict is None]
    if not unchecked:
        return rows
    articles = article_list.articles_of(session, unchecked)
    checked = {
        revision_id: Verdict(checks.check_article(session, revision_id, article))
        for revision_id, article in articles.items()
    }
    if checked:
        try:
            session.commit()
        except SQLAlchemyError:
            # Another request stored the same figures first: theirs are as good.
            session.rollback()
    return [
        dataclasses.replace(row, verdict=checked[row.revision_id])
        if row.verdict is None and row.revision_id in checked
        else row
        for row in rows
    ]
