"""Saving a library's revisions a batch at a time: a few queries and one flush a batch.

``repository.save_revision`` looks an article up, then its newest revision, then flushes:
three round trips an article, which is most of a 10,000-article load. Here a batch of
articles is compared with what is stored in one query (``newest_of``), and its new
revisions reach the database in one flush, which SQLAlchemy sends as multi-row INSERTs.
Everything still goes through the session, so flush hooks (the publication generation,
an index kept in step with revisions) see every batch. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from service.content.model import Article
from service.storage import figures as stored_figures
from service.storage import review_due
from service.storage.models import ArticleRecord, RevisionRecord
from service.storage.repository import content_hash, revision_record

ArticlePath = tuple[str, str]  # (locale, slug)


@dataclass(frozen=True)
class Newest:
    """What is stored of one article: its id, and its newest revision's number and hash."""

    article_id: int
    number: int  # 0: no revision yet
    content_hash: str | None


def path_of(article: Article) -> ArticlePath:
    """Where ``article`` is stored: its locale and slug."""
    return (article.locale, article.slug)


def newest_of(session: Session, paths: Iterable[ArticlePath]) -> dict[ArticlePath, Newest]:
    """The stored articles among ``paths`` with their newest revision, in one query."""
    wanted = list(dict.fromkeys(paths))
    if not wanted:
        return {}
    rows = session.execute(
        select(
            ArticleRecord.locale,
            ArticleRecord.slug,
            ArticleRecord.id,
            RevisionRecord.number,
            RevisionRecord.content_hash,
        )
        .outerjoin(RevisionRecord, RevisionRecord.article_id == ArticleRecord.id)
        .where(tuple_(ArticleRecord.locale, ArticleRecord.slug).in_(wanted))
    )
    found: dict[ArticlePath, Newest] = {}
    for locale, slug, article_id, number, fingerprint in rows:
        known = found.get((locale, slug))
        if known is None or (number or 0) > known.number:
            found[(locale, slug)] = Newest(article_id, number or 0, fingerprint)
    return found


def save_batch(
    session: Session,
    articles: Sequence[Article],
    newest: MutableMapping[ArticlePath, Newest],
    *,
    author: str | None,
    message: str,
) -> list[RevisionRecord | None]:
    """Append each article that differs from its newest revision; ``None`` for the others.

    What ``save_revision`` does for one article, for a batch, flushed: ``newest`` is what
    ``newest_of`` found for the batch, brought up to date here as revisions are added.
    Review-due dates a bundle names are set whether or not its content changed. The
    records made for the batch's new articles leave the session once they have an id;
    the revisions returned stay in it until the caller lets them go.
    """
    new_articles = [
        ArticleRecord(locale=locale, slug=slug)
        for locale, slug in dict.fromkeys(map(path_of, articles))
        if (locale, slug) not in newest
    ]
    if new_articles:
        session.add_all(new_articles)
        session.flush()
        for record in new_articles:
            newest[(record.locale, record.slug)] = Newest(record.id, 0, None)
            session.expunge(record)
    review_due.set_many(
        session,
        {
            newest[path_of(article)].article_id: article.review_due
            for article in articles
            if article.review_due is not None
        },
    )
    revisions: list[RevisionRecord | None] = []
    for article in articles:
        known = newest[path_of(article)]
        fingerprint = content_hash(article)
        if known.content_hash == fingerprint:
            revisions.append(None)
            continue
        revision = revision_record(
            article,
            article_id=known.article_id,
            number=known.number + 1,
            fingerprint=fingerprint,
            author=author,
            message=message,
        )
        session.add(revision)
        revisions.append(revision)
        newest[path_of(article)] = Newest(known.article_id, known.number + 1, fingerprint)
    session.flush()
    stored_figures.store_many(
        session,
        [
            (revision.id, article.figures)
            for article, revision in zip(articles, revisions, strict=True)
            if revision is not None
        ],
    )
    return revisions
