"""Review-due dates in the database: when each article is next due for review.

One row per article, apart from its revisions: the date is set when a reviewer approves,
changed by staff, or named by a bundle, and none of these makes a new revision. Readers
never see it, so it moves no publication generation. Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.content.model import Status
from service.storage.models import ArticleRecord, ReviewDueRecord, RevisionRecord


def due_dates(session: Session) -> dict[int, dt.date]:
    """Every article's set review-due date, by article id."""
    return {
        article_id: due
        for article_id, due in session.execute(
            select(ReviewDueRecord.article_id, ReviewDueRecord.due)
        )
    }


def due_date(session: Session, article_id: int) -> dt.date | None:
    """The review-due date set for one article; ``None`` when none is set."""
    record = session.get(ReviewDueRecord, article_id)
    return None if record is None else record.due


def set_due(session: Session, article_id: int, due: dt.date | None) -> None:
    """Set (or, with ``None``, clear) one article's review-due date (uncommitted)."""
    record = session.get(ReviewDueRecord, article_id)
    if due is None:
        if record is not None:
            session.delete(record)
    elif record is None:
        session.add(ReviewDueRecord(article_id=article_id, due=due))
    else:
        record.due = due
    session.flush()


def set_many(session: Session, dues: Mapping[int, dt.date]) -> None:
    """Set several articles' review-due dates, by article id, in one lookup (uncommitted)."""
    if not dues:
        return
    stored = session.scalars(select(ReviewDueRecord).where(ReviewDueRecord.article_id.in_(dues)))
    existing = {record.article_id: record for record in stored}
    for article_id, due in dues.items():
        if (record := existing.get(article_id)) is None:
            session.add(ReviewDueRecord(article_id=article_id, due=due))
        else:
            record.due = due


def last_approved_on(session: Session, article_id: int) -> dt.date | None:
    """The latest approval date of any approved revision of the article."""
    return _date(
        session.scalar(
            select(func.max(RevisionRecord.reviewed)).where(
                RevisionRecord.article_id == article_id,
                RevisionRecord.status == Status.APPROVED.value,
            )
        )
    )


@dataclass(frozen=True)
class Scheduled:
    """One article's review dates: the one set, and when it was last approved."""

    locale: str
    slug: str
    title: str
    due: dt.date | None
    last_reviewed: dt.date | None


def schedule(session: Session) -> list[Scheduled]:
    """Every article with a review-due date or an approved revision, by locale and slug.

    ``title`` is the newest revision's (for patients, else for clinicians, else its
    question); ``last_reviewed`` the latest approval date of any approved revision.
    """
    newest = (
        select(RevisionRecord.article_id, func.max(RevisionRecord.number).label("number"))
        .group_by(RevisionRecord.article_id)
        .subquery()
    )
    reviewed = (
        select(RevisionRecord.article_id, func.max(RevisionRecord.reviewed).label("on"))
        .where(RevisionRecord.status == Status.APPROVED.value)
        .group_by(RevisionRecord.article_id)
        .subquery()
    )
    rows = session.execute(
        select(
            ArticleRecord.locale,
            ArticleRecord.slug,
            func.coalesce(
                RevisionRecord.title_layperson,
                RevisionRecord.title_clinician,
                RevisionRecord.question,
            ),
            ReviewDueRecord.due,
            reviewed.c.on,
        )
        .join(newest, newest.c.article_id == ArticleRecord.id)
        .join(
            RevisionRecord,
            (RevisionRecord.article_id == newest.c.article_id)
            & (RevisionRecord.number == newest.c.number),
        )
        .outerjoin(ReviewDueRecord, ReviewDueRecord.article_id == ArticleRecord.id)
        .outerjoin(reviewed, reviewed.c.article_id == ArticleRecord.id)
        .where((ReviewDueRecord.due.is_not(None)) | (reviewed.c.on.is_not(None)))
        .order_by(ArticleRecord.locale, ArticleRecord.slug)
    )
    return [
        Scheduled(locale, slug, title, due, _date(last_reviewed))
        for locale, slug, title, due, last_reviewed in rows
    ]


def _date(value: dt.date | str | None) -> dt.date | None:
    """A stored date (SQLite may hand back an aggregate's date as text)."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
