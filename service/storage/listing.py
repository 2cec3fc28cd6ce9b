"""Lists of published articles, light enough for 10,000 of them: a page at a time.

The reader's index, topic pages and the sitemap print a few columns of each article's
public revision (its newest submitted-or-later one). These queries select only those
columns, count and page in the database (``LIMIT``/``OFFSET``, by slug), and never load
a revision's sections, references or figures: a page costs the same at 10 articles as
at 10,000, apart from the database's own grouping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from service.content.model import Status
from service.storage.models import ArticleRecord, ReviewEventRecord, RevisionRecord
from service.writing.audience import Audience, written_for

PUBLIC_STATUSES = tuple(s.value for s in Status if s.is_public)


@dataclass(frozen=True)
class ListedArticle:
    """What a list prints of one published article."""

    slug: str
    question: str
    titles: tuple[tuple[Audience, str], ...]
    topic: str | None
    updated: dt.date

    def title(self, audience: Audience) -> str:
        """The title for ``audience``, else the other audience's, else the question."""
        return written_for(audience, dict(self.titles).get) or self.question


@dataclass(frozen=True)
class TopicCount:
    """A topic named by the public revisions of a language, and how many name it."""

    name: str
    count: int


@dataclass(frozen=True)
class PublishedUrl:
    """A published article for the sitemap: where, and when its page last changed."""

    locale: str
    slug: str
    changed: dt.datetime


def _listed(*columns: Any, locales: Collection[str]) -> Select[Any]:
    """``columns`` of each article in ``locales`` and its public revision.

    The public revision is found per article through the (article, number) index, so
    a query that stops early (a page) reads only the articles it shows.
    """
    older = aliased(RevisionRecord)
    newest = (
        select(func.max(older.number))
        .where(older.article_id == ArticleRecord.id, older.status.in_(PUBLIC_STATUSES))
        .correlate(ArticleRecord)
        .scalar_subquery()
    )
    return (
        select(*columns)
        .select_from(ArticleRecord)
        .join(
            RevisionRecord,
            (RevisionRecord.article_id == ArticleRecord.id) & (RevisionRecord.number == newest),
        )
        .where(ArticleRecord.locale.in_(locales))
    )


def _in_topics(query: Select[Any], topics: Collection[str] | None) -> Select[Any]:
    return query if topics is None else query.where(RevisionRecord.topic.in_(topics))


def count(session: Session, locale: str, topics: Collection[str] | None = None) -> int:
    """How many articles readers can see in ``locale`` (within ``topics``, when given)."""
    query = _in_topics(_listed(func.count(), locales=[locale]), topics)
    return int(session.scalar(query) or 0)


def page(
    session: Session,
    locale: str,
    *,
    offset: int,
    limit: int,
    topics: Collection[str] | None = None,
) -> list[ListedArticle]:
    """Articles readers can see in ``locale``, by slug, ``limit`` from ``offset`` on."""
    query = _listed(
        ArticleRecord.slug,
        RevisionRecord.question,
        RevisionRecord.title_layperson,
        RevisionRecord.title_clinician,
        RevisionRecord.topic,
        RevisionRecord.updated,
        locales=[locale],
    )
    query = _in_topics(query, topics).order_by(ArticleRecord.slug).offset(offset).limit(limit)
    return [
        ListedArticle(
            slug=slug,
            question=question,
            titles=tuple(
                (audience, title)
                for audience, title in ((Audience.LAYPERSON, lay), (Audience.CLINICIAN, clin))
                if title is not None
            ),
            topic=topic,
            updated=updated,
        )
        for slug, question, lay, clin, topic, updated in session.execute(query)
    ]


def topic_counts(session: Session, locale: str) -> list[TopicCount]:
    """The topics of the articles readers can see in ``locale``, with how many each has."""
    query = _listed(RevisionRecord.topic, func.count(), locales=[locale])
    query = query.where(RevisionRecord.topic.is_not(None)).group_by(RevisionRecord.topic)
    return sorted(
        (TopicCount(name, int(n)) for name, n in session.execute(query) if name.strip()),
        key=lambda t: (t.name.casefold(), t.name),
    )


def last_published(
    session: Session, locale: str, topics: Collection[str] | None = None
) -> dt.datetime | None:
    """When a list of ``locale``'s articles last changed: the newest public revision's
    creation, or the newest review event of one (an approval changes no revision)."""
    created = session.scalar(
        _in_topics(_listed(func.max(RevisionRecord.created_at), locales=[locale]), topics)
    )
    shown = _in_topics(_listed(RevisionRecord.id, locales=[locale]), topics)
    reviewed = session.scalar(
        select(func.max(ReviewEventRecord.at)).where(ReviewEventRecord.revision_id.in_(shown))
    )
    times = [_aware(t) for t in (created, reviewed) if t is not None]
    return max(times, default=None)


def count_all(session: Session, locales: Collection[str]) -> int:
    """How many articles readers can see in all of ``locales`` together."""
    return int(session.scalar(_listed(func.count(), locales=locales)) or 0)


def published_urls(
    session: Session, locales: Collection[str], *, offset: int, limit: int
) -> list[PublishedUrl]:
    """Articles readers can see in ``locales``, by locale and slug, ``limit`` from ``offset``."""
    reviewed = (
        select(func.max(ReviewEventRecord.at))
        .where(ReviewEventRecord.revision_id == RevisionRecord.id)
        .scalar_subquery()
    )
    columns = (ArticleRecord.locale, ArticleRecord.slug, RevisionRecord.created_at, reviewed)
    query = _listed(*columns, locales=locales)
    query = query.order_by(ArticleRecord.locale, ArticleRecord.slug).offset(offset).limit(limit)
    return [
        PublishedUrl(locale, slug, max(_aware(created), _aware(reviewed_at or created)))
        for locale, slug, created, reviewed_at in session.execute(query)
    ]


def locales_of(
    session: Session, slugs: Iterable[str], locales: Collection[str]
) -> dict[str, list[str]]:
    """For each of ``slugs``, the ones of ``locales`` that publish it, in order."""
    wanted = sorted(set(slugs))
    found: dict[str, list[str]] = {slug: [] for slug in wanted}
    # A chunk at a time: databases bound how many parameters one statement takes.
    for start in range(0, len(wanted), 500):
        chunk: Sequence[str] = wanted[start : start + 500]
        query = (
            select(ArticleRecord.slug, ArticleRecord.locale)
            .join(RevisionRecord, RevisionRecord.article_id == ArticleRecord.id)
            .where(
                ArticleRecord.slug.in_(chunk),
                ArticleRecord.locale.in_(locales),
                RevisionRecord.status.in_(PUBLIC_STATUSES),
            )
            .distinct()
            .order_by(ArticleRecord.slug, ArticleRecord.locale)
        )
        for slug, locale in session.execute(query):
            found[slug].append(locale)
    return found


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
