"""Readability findings writers chose to ignore: who, when, why, and which finding.

A finding is known by its section, audience, kind and flagged text (whitespace
collapsed), hashed into ``key``: the same words flagged for the same reason stay
ignored while the text around them changes. Nothing here commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.storage.models import IgnoredFindingRecord
from service.storage.revisions import article


@dataclass(frozen=True)
class IgnoredFinding:
    """One ignored finding, as the editor and the review page show it."""

    id: int
    section: str
    audience: str
    kind: str
    text: str
    reason: str
    actor: str
    at: dt.datetime

    @property
    def key(self) -> str:
        """The finding's identity (see :func:`finding_key`)."""
        return finding_key(self.section, self.audience, self.kind, self.text)


def finding_key(section: str, audience: str, kind: str, text: str) -> str:
    """The identity of a finding in an article: where (section, audience), what and which words."""
    parts = (section, audience, kind, " ".join(text.split()))
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _row(record: IgnoredFindingRecord) -> IgnoredFinding:
    return IgnoredFinding(
        id=record.id,
        section=record.section_key,
        audience=record.audience,
        kind=record.kind,
        text=record.text,
        reason=record.reason,
        actor=record.actor,
        at=record.at,
    )


def ignored(session: Session, locale: str, slug: str) -> list[IgnoredFinding]:
    """Every ignored finding of the article, by section, audience, then oldest first.

    Raises ``ArticleNotFound`` when there is no such article.
    """
    record = article(session, locale, slug)
    rows = session.scalars(
        select(IgnoredFindingRecord)
        .where(IgnoredFindingRecord.article_id == record.id)
        .order_by(
            IgnoredFindingRecord.section_key,
            IgnoredFindingRecord.audience,
            IgnoredFindingRecord.at,
            IgnoredFindingRecord.id,
        )
    )
    return [_row(row) for row in rows]


def ignore(
    session: Session,
    locale: str,
    slug: str,
    *,
    section: str,
    audience: str,
    kind: str,
    text: str,
    reason: str,
    actor: str,
) -> bool:
    """Record that ``actor`` ignores this finding because of ``reason``; False if it already is."""
    record = article(session, locale, slug)
    key = finding_key(section, audience, kind, text)
    exists = session.scalar(
        select(IgnoredFindingRecord.id).where(
            IgnoredFindingRecord.article_id == record.id, IgnoredFindingRecord.key == key
        )
    )
    if exists is not None:
        return False
    row = IgnoredFindingRecord(
        article_id=record.id,
        key=key,
        section_key=section,
        audience=audience,
        kind=kind,
        text=" ".join(text.split()),
        reason=reason,
        actor=actor,
        at=dt.datetime.now(dt.UTC),
    )
    session.add(row)
    session.flush()
    return True


def unignore(session: Session, locale: str, slug: str, ignored_id: int) -> bool:
    """Show the finding again (the record goes); False when there was no such record."""
    record = article(session, locale, slug)
    result = session.execute(
        delete(IgnoredFindingRecord).where(
            IgnoredFindingRecord.article_id == record.id, IgnoredFindingRecord.id == ignored_id
        )
    )
    return bool(getattr(result, "rowcount", 0))
