"""The staff article list in the database: each article's newest revision, filtered,
sorted and a page at a time, reading only the columns the list prints.

Nothing here loads a revision's sections: a page costs three small queries whatever the
size of the library. Text matching ignores case in the database: PostgreSQL's ``lower``;
on SQLite, its own LIKE for a needle of ASCII letters, and for any other a Python
``str.lower`` registered by ``storage.db`` (SQLite's ``lower`` folds only ASCII, and
German and Spanish titles start with Ä, Ö, Ü, Á, É…).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from service.content.model import Article, Status
from service.readability import Verdict
from service.storage.db import SQLITE_LOWER
from service.storage.models import ArticleRecord, RevisionRecord, RevisionVerdictRecord
from service.storage.repository import to_article
from service.storage.revision_verdicts import current_for
from service.storage.revisions import REVISION_PARTS


class SortKey(enum.StrEnum):
    """A column the list sorts by."""

    TITLE = "title"
    UPDATED = "updated"
    STATUS = "status"
    LANGUAGE = "language"
    TOPIC = "topic"


class VerdictFilter(enum.StrEnum):
    """A readability verdict as last checked, or none by the current engine and policy."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NOT_CHECKED = "not-checked"


@dataclasses.dataclass(frozen=True)
class ListFilters:
    """What the list is narrowed to; ``None`` or ``""`` for "any"."""

    status: Status | None = None
    topic: str | None = None
    locale: str | None = None
    verdict: VerdictFilter | None = None
    text: str = ""

    @property
    def any(self) -> bool:
        """Whether anything narrows the list."""
        return any((self.status, self.topic, self.locale, self.verdict, self.text))


@dataclasses.dataclass(frozen=True)
class ListOrder:
    """The column the list is sorted by, and which way; ties go by locale, then slug."""

    key: SortKey = SortKey.LANGUAGE
    descending: bool = False


@dataclasses.dataclass(frozen=True)
class ListedArticle:
    """One line of the list: an article as its newest revision names it."""

    revision_id: int
    locale: str
    slug: str
    title: str
    topic: str | None
    status: Status
    number: int
    saved_at: dt.datetime
    saved_by: str | None
    verdict: Verdict | None


@dataclasses.dataclass(frozen=True)
class ArticleListPage:
    """One page of the list, with what the pagination needs."""

    rows: list[ListedArticle]
    total: int
    page: int
    pages: int
    per_page: int


# Between the fields the text filter searches: no text typed in a search box holds it.
_SEPARATOR = "\x1f"

# The workflow's order, not the alphabet's: drafts first, approved last.
_STATUS_RANK = {status.value: rank for rank, status in enumerate(Status)}


def article_page(
    session: Session,
    filters: ListFilters,
    order: ListOrder,
    *,
    engine: str,
    page: int = 1,
    per_page: int = 50,
) -> ArticleListPage:
    """Page ``page`` (clamped to the pages there are) of the newest revisions matching
    ``filters``, in ``order``; verdicts count only when checked under ``engine``.

    Three small queries: how many match, which ids make the page (sorted on as few
    columns as possible, so SQLite can walk the locale-and-slug index), then those rows.
    """
    sqlite = session.get_bind().dialect.name == "sqlite"
    matching = _filtered(select(RevisionRecord.id), filters, engine, sqlite=sqlite)
    total = int(session.scalar(select(func.count()).select_from(matching.subquery())) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    ids = list(
        session.scalars(
            matching.order_by(*_ordering(order, sqlite=sqlite))
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    rows = {row.id: _listed(row) for row in session.execute(_columns(ids, engine))}
    return ArticleListPage([rows[i] for i in ids], total, page, pages, per_page)


def topics(session: Session) -> list[str]:
    """Every topic an article's newest revision names, alphabetically.

    Each distinct topic comes from the ``ix_revisions_topic`` index; one newest revision
    naming it is enough, so this costs a few lookups per topic, not a scan of revisions.
    """
    named = (
        select(RevisionRecord.topic.label("topic"))
        .where(RevisionRecord.topic.is_not(None), RevisionRecord.topic != "")
        .distinct()
        .subquery()
    )
    current = select(RevisionRecord.id).where(RevisionRecord.topic == named.c.topic, _is_newest())
    query = select(named.c.topic).where(current.exists())
    return sorted(session.scalars(query), key=lambda topic: (topic.casefold(), topic))


def articles_of(session: Session, revision_ids: Iterable[int]) -> dict[int, Article]:
    """The whole article each of ``revision_ids`` holds (sections included), by id."""
    wanted = sorted(set(revision_ids))
    if not wanted:
        return {}
    query = (
        select(RevisionRecord)
        .where(RevisionRecord.id.in_(wanted))
        .options(*REVISION_PARTS, selectinload(RevisionRecord.article))
    )
    return {
        revision.id: to_article(revision.article, revision) for revision in session.scalars(query)
    }


def like_pattern(text: str) -> str:
    """A LIKE pattern (escape character ``\\``) matching ``text`` anywhere, its own
    ``%`` and ``_`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _is_newest() -> ColumnElement[bool]:
    """True for an article's newest revision: none newer exists (an index lookup each)."""
    newer = aliased(RevisionRecord)
    return ~exists().where(
        newer.article_id == RevisionRecord.article_id, newer.number > RevisionRecord.number
    )


def _title() -> ColumnElement[str]:
    """The title the list prints: the layperson one, else the clinician one, else the question."""
    return func.coalesce(
        func.nullif(RevisionRecord.title_layperson, ""),
        func.nullif(RevisionRecord.title_clinician, ""),
        RevisionRecord.question,
    )


def _columns(ids: list[int], engine: str) -> Select[*tuple[Any, ...]]:
    """The list's columns for the revisions ``ids``, with each one's verdict under ``engine``."""
    return (
        select(
            RevisionRecord.id,
            ArticleRecord.locale,
            ArticleRecord.slug,
            _title().label("title"),
            RevisionRecord.topic,
            RevisionRecord.status,
            RevisionRecord.number,
            RevisionRecord.created_at,
            RevisionRecord.author,
            RevisionVerdictRecord.verdict,
        )
        .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
        .outerjoin(RevisionVerdictRecord, current_for(RevisionRecord.id.expression, engine))
        .where(RevisionRecord.id.in_(ids))
    )


def _lower(value: ColumnElement[Any], sqlite: bool) -> ColumnElement[Any]:
    """``value`` with every letter lowercased, on SQLite by our function (see ``storage.db``)."""
    return getattr(func, SQLITE_LOWER)(value) if sqlite else func.lower(value)


def _filtered(
    query: Select[*tuple[Any, ...]], filters: ListFilters, engine: str, *, sqlite: bool
) -> Select[*tuple[Any, ...]]:
    """``query`` (of revisions) narrowed to newest revisions, then by each filter set."""
    query = query.join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id).where(
        _is_newest()
    )
    if filters.status is not None:
        query = query.where(RevisionRecord.status == filters.status.value)
    if filters.topic:
        query = query.where(RevisionRecord.topic == filters.topic)
    if filters.locale:
        query = query.where(ArticleRecord.locale == filters.locale)
    if filters.verdict is not None:
        stored = RevisionVerdictRecord.verdict
        query = query.outerjoin(
            RevisionVerdictRecord, current_for(RevisionRecord.id.expression, engine)
        ).where(
            stored.is_(None)
            if filters.verdict is VerdictFilter.NOT_CHECKED
            else stored == filters.verdict.value
        )
    if filters.text:
        # One string a row, so SQLite calls its Python lowercase once, not four times.
        searched = (
            func.coalesce(RevisionRecord.title_layperson, "")
            + literal(_SEPARATOR)
            + func.coalesce(RevisionRecord.title_clinician, "")
            + literal(_SEPARATOR)
            + RevisionRecord.question
            + literal(_SEPARATOR)
            + ArticleRecord.slug
        )
        needle = filters.text.lower()
        if not (sqlite and needle.isascii()):
            # SQLite's own LIKE ignores the case of ASCII letters at C speed: only a
            # needle with other letters needs every row lowercased there, in Python.
            searched = _lower(searched, sqlite)
        query = query.where(searched.like(like_pattern(needle), escape="\\"))
    return query


def _ordering(order: ListOrder, *, sqlite: bool) -> list[ColumnElement[Any]]:
    """ORDER BY terms for ``order``, ending in the locale and slug so pages never overlap."""
    keys: list[ColumnElement[Any]]
    if order.key is SortKey.TITLE:
        keys = [_lower(_title(), sqlite)]
    elif order.key is SortKey.UPDATED:
        keys = [RevisionRecord.created_at.expression]
    elif order.key is SortKey.STATUS:
        keys = [case(_STATUS_RANK, value=RevisionRecord.status, else_=len(_STATUS_RANK))]
    elif order.key is SortKey.TOPIC:
        keys = [_lower(RevisionRecord.topic.expression, sqlite)]
    else:
        keys = [ArticleRecord.locale.expression]
    terms: list[ColumnElement[Any]] = [
        key.desc() if order.descending else key.asc() for key in keys
    ]
    if order.key is SortKey.TOPIC:
        # Articles without a topic last, whichever way the topics go.
        no_topic = or_(RevisionRecord.topic.is_(None), RevisionRecord.topic == "")
        terms.insert(0, case((no_topic, 1), else_=0))
    ties = [ArticleRecord.slug.expression]
    if order.key is not SortKey.LANGUAGE:
        ties.insert(0, ArticleRecord.locale.expression)
    return [*terms, *ties]


def _listed(row: Any) -> ListedArticle:
    """A result row as a ``ListedArticle``."""
    saved_at = row.created_at
    if saved_at.tzinfo is None:  # SQLite hands back naive UTC
        saved_at = saved_at.replace(tzinfo=dt.UTC)
    try:
        verdict = Verdict(row.verdict) if row.verdict is not None else None
    except ValueError:  # a verdict this engine does not know is no verdict
        verdict = None
    return ListedArticle(
        revision_id=row.id,
        locale=row.locale,
        slug=row.slug,
        title=row.title,
        topic=row.topic or None,
        status=Status(row.status),
        number=row.number,
        saved_at=saved_at,
        saved_by=row.author,
        verdict=verdict,
    )
