"""Reviewers' comments on sections in the database: added, listed per article, resolved.

A comment belongs to one section and one audience of an article and is kept on the
revision the reviewer read. Comments are never deleted or edited: resolving one
records who resolved it and when, so the rows are their own record of the review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from service.storage.models import RevisionRecord, SectionCommentRecord, VariantRecord
from service.storage.revisions import article, revision_by_number
from service.writing.audience import Audience


@dataclass(frozen=True)
class SectionComment:
    """One reviewer comment, as the review page and the editor show it."""

    id: int
    section: str
    audience: Audience
    author: str
    text: str
    at: dt.datetime
    revision: int  # the revision the reviewer read when writing it
    text_then: str | None  # that revision's text of the section for the audience, if any
    resolved_by: str | None = None
    resolved_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        """Not resolved yet."""
        return self.resolved_at is None


def _utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite hands back naive values)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def add_comment(
    session: Session,
    locale: str,
    slug: str,
    number: int,
    *,
    section: str,
    audience: Audience,
    author: str,
    text: str,
) -> int:
    """Store a comment on revision ``number`` and commit; its id.

    ``ArticleNotFound`` when the article or that revision does not exist.
    """
    revision = revision_by_number(session, locale, slug, number)
    comment = SectionCommentRecord(
        article_id=revision.article_id,
        revision_id=revision.id,
        section_key=section,
        audience=audience.value,
        author=author,
        text=text,
        created_at=dt.datetime.now(dt.UTC),
    )
    session.add(comment)
    session.commit()
    return comment.id


def article_comments(session: Session, locale: str, slug: str) -> list[SectionComment]:
    """Every comment on ``locale/slug``, oldest first; ``ArticleNotFound`` for no article."""
    record = article(session, locale, slug)
    then = and_(
        VariantRecord.revision_id == SectionCommentRecord.revision_id,
        VariantRecord.section_key == SectionCommentRecord.section_key,
        VariantRecord.audience == SectionCommentRecord.audience,
    )
    rows = session.execute(
        select(SectionCommentRecord, RevisionRecord.number, VariantRecord.body)
        .join(RevisionRecord, RevisionRecord.id == SectionCommentRecord.revision_id)
        .outerjoin(VariantRecord, then)
        .where(SectionCommentRecord.article_id == record.id)
        .order_by(SectionCommentRecord.created_at, SectionCommentRecord.id)
    )
    return [
        SectionComment(
            id=comment.id,
            section=comment.section_key,
            audience=Audience(comment.audience),
            author=comment.author,
            text=comment.text,
            at=_utc(comment.created_at),
            revision=number,
            text_then=body,
            resolved_by=comment.resolved_by,
            resolved_at=_utc(comment.resolved_at) if comment.resolved_at else None,
        )
        for comment, number, body in rows
    ]


def resolve_comment(
    session: Session, locale: str, slug: str, comment_id: int, *, actor: str
) -> bool:
    """Mark a comment of ``locale/slug`` resolved by ``actor`` and commit.

    False when the article has no such comment. Resolving a resolved comment keeps
    the first resolution: who resolved it first stays on record.
    """
    record = article(session, locale, slug)
    comment = session.get(SectionCommentRecord, comment_id)
    if comment is None or comment.article_id != record.id:
        return False
    if comment.resolved_at is None:
        comment.resolved_by = actor
        comment.resolved_at = dt.datetime.now(dt.UTC)
        session.commit()
    return True
