"""The review workflow's audit log in the database: who moved which revision, when, and why.

Entries are only ever added; the workflow and bundle loads write them in the same
transaction as the status change they describe, so neither is kept without the other.
Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.content.model import Status
from service.storage.models import ArticleRecord, ReviewEventRecord, RevisionRecord
from service.storage.revisions import find_article


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    revision: int
    actor: str
    at: dt.datetime
    from_status: Status
    to_status: Status
    comment: str
    override_reason: str | None


def audit_entry(event: ReviewEventRecord, number: int) -> AuditEntry:
    """The log line of a stored ``event`` about revision ``number``.

    Made from the stored row, after the commit: times then read back as the database
    keeps them, so an entry equals the same line of ``audit_log``.
    """
    return AuditEntry(
        revision=number,
        actor=event.actor,
        at=event.at,
        from_status=Status(event.from_status),
        to_status=Status(event.to_status),
        comment=event.comment,
        override_reason=event.override_reason,
    )


def add_event(
    session: Session,
    revision: RevisionRecord,
    *,
    actor: str,
    from_status: str,
    comment: str,
    override_reason: str | None = None,
) -> ReviewEventRecord:
    """Log that ``revision`` moved from ``from_status`` to its current status (uncommitted)."""
    event = ReviewEventRecord(
        article_id=revision.article_id,
        revision_id=revision.id,
        actor=actor,
        at=dt.datetime.now(dt.UTC),
        from_status=from_status,
        to_status=revision.status,
        comment=comment,
        override_reason=override_reason,
    )
    session.add(event)
    return event


def override_reason(session: Session, revision_id: int) -> str | None:
    """Why a reviewer let this revision through the readability gate; ``None`` if none did."""
    return session.scalar(
        select(ReviewEventRecord.override_reason).where(
            ReviewEventRecord.revision_id == revision_id,
            ReviewEventRecord.override_reason.is_not(None),
        )
    )


def audit_log(session: Session, locale: str, slug: str) -> list[AuditEntry]:
    """Every workflow event of ``locale/slug``, oldest first; empty for no such article."""
    record = find_article(session, locale, slug)
    if record is None:
        return []
    rows = session.execute(
        select(ReviewEventRecord, RevisionRecord.number)
        .join(RevisionRecord, RevisionRecord.id == ReviewEventRecord.revision_id)
        .where(ReviewEventRecord.article_id == record.id)
        .order_by(ReviewEventRecord.at, ReviewEventRecord.id)
    )
    return [audit_entry(event, number) for event, number in rows]


def approvals(
    session: Session, locale: str, slugs: Collection[str] | None = None
) -> dict[str, dt.datetime]:
    """When each article of ``locale`` (of ``slugs``, if given) last had a revision
    approved, by slug.

    The approval's review event when there is one; else the approved revision's own
    creation (a bundle loaded as already approved has no event).
    """
    by_event = (
        select(ArticleRecord.slug, func.max(ReviewEventRecord.at))
        .join(ArticleRecord, ArticleRecord.id == ReviewEventRecord.article_id)
        .where(ArticleRecord.locale == locale, ReviewEventRecord.to_status == Status.APPROVED.value)
        .group_by(ArticleRecord.slug)
    )
    by_revision = (
        select(ArticleRecord.slug, func.max(RevisionRecord.created_at))
        .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
        .where(ArticleRecord.locale == locale, RevisionRecord.status == Status.APPROVED.value)
        .group_by(ArticleRecord.slug)
    )
    if slugs is not None:
        by_event = by_event.where(ArticleRecord.slug.in_(list(slugs)))
        by_revision = by_revision.where(ArticleRecord.slug.in_(list(slugs)))
    latest: dict[str, dt.datetime] = {}
    for query in (by_revision, by_event):
        for slug, at in session.execute(query):
            if at is not None:
                moment = _utc(at)
                latest[slug] = max(latest.get(slug, moment), moment)
    return latest


def _utc(moment: dt.datetime | str) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive values or text)."""
    value = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Submission:
    """Who moved a revision to submitted, and when."""

    actor: str
    at: dt.datetime


def submissions(session: Session, revision_ids: Sequence[int]) -> dict[int, Submission]:
    """The latest event that made each of ``revision_ids`` submitted, by revision id.

    A revision with no such event (a bundle stored as submitted at start-up) is absent.
    """
    if not revision_ids:
        return {}
    rows = session.execute(
        select(ReviewEventRecord.revision_id, ReviewEventRecord.actor, ReviewEventRecord.at)
        .where(
            ReviewEventRecord.revision_id.in_(revision_ids),
            ReviewEventRecord.to_status == Status.SUBMITTED.value,
        )
        .order_by(ReviewEventRecord.at, ReviewEventRecord.id)
    )
    return {revision_id: Submission(actor, _utc(at)) for revision_id, actor, at in rows}
