"""Each checked revision's figures per variant: written with its verdict, read by lists.

Only SQL lives here. A revision's rows are valid while its ``revision_verdicts`` row
names the current ``engine`` fingerprint (``service.quality`` says which that is);
reading passes that fingerprint, so rows of a revision checked by another engine or
policy are never read. Lists sort, filter and page here, in the database, so a page of
a library of 10,000 articles costs one page of rows. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    Select,
    and_,
    case,
    delete,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased, selectinload

from service.content.model import Article
from service.storage import figures as stored_figures
from service.storage import repository, revision_verdicts
from service.storage.models import (
    ArticleRecord,
    RevisionRecord,
    RevisionVerdictRecord,
    VariantRecord,
    VariantScoreRecord,
)
from service.storage.revisions import REVISION_PARTS

# How many ids one statement names at most (SQLite allows 999 bound parameters in old builds).
CHUNK = 500
VERDICT_RANK = {"pass": 0, "warn": 1, "fail": 2}


@dataclass(frozen=True)
class Figures:
    """What is kept of one variant's report: its place, and the figures lists show."""

    section_key: str
    audience: str
    position: int
    grade: float
    verdict: str
    words: int
    sentences: int
    findings: int
    metrics: str


@dataclass(frozen=True)
class StoredRow:
    """One stored variant with what a list prints beside it: its article and section."""

    locale: str
    slug: str
    question: str
    title_layperson: str | None
    title_clinician: str | None
    status: str
    section_key: str
    section_title: str | None
    audience: str
    grade: float
    verdict: str
    words: int
    sentences: int
    findings: int
    metrics: str


def _newest() -> Select[int, int]:
    """Each article's newest revision number."""
    return select(
        RevisionRecord.article_id, func.max(RevisionRecord.number).label("number")
    ).group_by(RevisionRecord.article_id)


def _of_newest(*columns: Any) -> Select[*tuple[Any, ...]]:
    """``columns`` of each article's newest revision, its article joined."""
    newest = _newest().subquery()
    return (
        select(*columns)
        .select_from(RevisionRecord)
        .join(
            newest,
            and_(
                RevisionRecord.article_id == newest.c.article_id,
                RevisionRecord.number == newest.c.number,
            ),
        )
        .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
    )


def _of_checked(engine: str, *columns: Any) -> Select[*tuple[Any, ...]]:
    """``columns`` of each article's newest revision checked under ``engine``."""
    return _of_newest(*columns).join(
        RevisionVerdictRecord,
        revision_verdicts.current_for(RevisionRecord.id.expression, engine),
    )


def _newest_revisions(locale: str | None) -> Select[int]:
    """The id of each article's newest revision (in ``locale``)."""
    query: Select[int] = _of_newest(RevisionRecord.id)
    if locale:
        query = query.where(ArticleRecord.locale == locale)
    return query


def unchecked(session: Session, engine: str, *, locale: str | None = None) -> list[int]:
    """The newest revision of each article (in ``locale``) not checked under ``engine``,
    by locale and slug."""
    query = (
        _newest_revisions(locale)
        .outerjoin(
            RevisionVerdictRecord,
            revision_verdicts.current_for(RevisionRecord.id.expression, engine),
        )
        .where(RevisionVerdictRecord.revision_id.is_(None))
        .order_by(ArticleRecord.locale, ArticleRecord.slug)
    )
    return list(session.scalars(query))


def newest_count(session: Session, *, locale: str | None = None) -> int:
    """How many articles there are (in ``locale``)."""
    query = select(func.count()).select_from(_newest_revisions(locale).subquery())
    return int(session.scalar(query) or 0)


def articles_of(session: Session, revision_ids: Sequence[int]) -> Iterator[tuple[int, Article]]:
    """Each of ``revision_ids`` with the article it holds, in the order given, a chunk at a time."""
    for start in range(0, len(revision_ids), CHUNK):
        chunk = revision_ids[start : start + CHUNK]
        records = {
            r.id: r
            for r in session.scalars(
                select(RevisionRecord)
                .where(RevisionRecord.id.in_(chunk))
                .options(*REVISION_PARTS, selectinload(RevisionRecord.article))
            )
        }
        figures = stored_figures.figures_of(session, chunk)
        # Made into plain values before the first is handed out: the caller may commit
        # between two, which would expire the records still to read.
        articles = [
            (rid, repository.to_article(records[rid].article, records[rid], None, figures[rid]))
            for rid in chunk
        ]
        yield from articles


def record(
    session: Session,
    checked: Mapping[int, Sequence[Figures]],
    verdicts: Mapping[int, str],
    engine: str,
) -> None:
    """Store each checked revision's figures and verdict under ``engine``, replacing old ones."""
    ids = list(checked)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(delete(VariantScoreRecord).where(VariantScoreRecord.revision_id.in_(chunk)))
    rows = [
        {"revision_id": rid, **figures.__dict__}
        for rid, variants in checked.items()
        for figures in variants
    ]
    if rows:
        # Another request checking the same revision meanwhile (two QA pages at once) has
        # the same figures: its rows are overwritten, never a duplicate-key error.
        statement = _insert(session, VariantScoreRecord)
        keys = ("revision_id", "section_key", "audience")
        statement = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={c: statement.excluded[c] for c in rows[0] if c not in keys},
        )
        session.execute(statement, rows)
    revision_verdicts.record(session, verdicts, engine)


def _insert(session: Session, table: type[VariantScoreRecord]) -> Any:
    """An INSERT of ``table`` in the dialect of ``session``'s database, which can upsert."""
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


@dataclass(frozen=True)
class Filters:
    """Which stored rows a list wants: all by default."""

    locale: str | None = None
    audience: str | None = None
    verdicts: tuple[str, ...] = ()


# Every row: no filter.
ALL = Filters()


def _rows_query(engine: str, filters: Filters, *, light: bool = False) -> Select[*tuple[Any, ...]]:
    """The stored rows of every article's newest revision checked under ``engine``.

    ``light``: only the figures and the place (locale, slug, section_key, audience,
    grade, verdict, words, position), without the titles' joins: what counts, verdicts
    and the check's table need.
    """
    titled = aliased(VariantRecord)
    score = VariantScoreRecord
    columns: tuple[Any, ...] = (
        (
            ArticleRecord.locale,
            ArticleRecord.slug,
            score.section_key,
            score.audience,
            score.grade,
            score.verdict,
            score.words,
            score.position,
        )
        if light
        else (
            ArticleRecord.locale,
            ArticleRecord.slug,
            RevisionRecord.question,
            RevisionRecord.title_layperson,
            RevisionRecord.title_clinician,
            RevisionRecord.status,
            score.section_key,
            titled.title,
            score.audience,
            score.grade,
            score.verdict,
            score.words,
            score.sentences,
            score.findings,
            score.metrics,
            score.position,
        )
    )
    query = _of_checked(engine, *columns).join(score, score.revision_id == RevisionRecord.id)
    if not light:
        query = query.outerjoin(
            titled,
            and_(
                titled.revision_id == score.revision_id,
                titled.section_key == score.section_key,
                titled.audience == score.audience,
            ),
        )
    if filters.locale:
        query = query.where(ArticleRecord.locale == filters.locale)
    if filters.audience:
        query = query.where(VariantScoreRecord.audience == filters.audience)
    if filters.verdicts:
        query = query.where(VariantScoreRecord.verdict.in_(filters.verdicts))
    return query


def _order(sort: str, descending: bool, scales: Mapping[str, tuple[str, bool]]) -> list[Any]:
    """The ORDER BY of a list sorted by ``sort`` (the QA table's columns), ties in article
    order; ``place`` is article order itself: locale, slug, section, audience."""
    score = VariantScoreRecord
    audience_order = case((score.audience == "layperson", 0), else_=1)
    verdict_rank = case(*((score.verdict == v, rank) for v, rank in VERDICT_RANK.items()), else_=3)
    locale = ArticleRecord.locale
    scale = case(*((locale == loc, name) for loc, (name, _) in scales.items()), else_=locale)
    # Harder is always larger: a reading-ease scale (higher is easier) is turned round.
    easy = [loc for loc, (_, higher_is_easier) in scales.items() if higher_is_easier]
    difficulty = case((locale.in_(easy), -score.grade), else_=score.grade) if easy else score.grade
    place = [locale, ArticleRecord.slug, score.position, audience_order]
    keys: dict[str, list[Any]] = {
        "place": place,
        "article": [locale, ArticleRecord.slug, score.section_key, score.audience],
        "section": [score.section_key, locale, ArticleRecord.slug, score.audience],
        "audience": [score.audience, locale, ArticleRecord.slug, score.section_key],
        "grade": [scale, difficulty, ArticleRecord.slug, score.section_key],
        "words": [score.words, ArticleRecord.slug, score.section_key],
        "verdict": [verdict_rank, score.grade],
    }
    chosen = keys.get(sort, keys["article"])
    return [key.desc() if descending else key.asc() for key in chosen] + place


def rows(
    session: Session,
    engine: str,
    filters: Filters = ALL,
    *,
    sort: str = "place",
    descending: bool = False,
    scales: Mapping[str, tuple[str, bool]] | None = None,
    offset: int = 0,
    limit: int | None = None,
    batch: int = 2000,
) -> Iterator[StoredRow]:
    """The stored rows ``filters`` keep, sorted by ``sort`` and paged, streamed in batches.

    ``scales`` names each locale's scale and whether higher reads easier there, so that
    sorting by grade groups a scale's rows and sorts them by difficulty.
    """
    order = _order(sort, descending, scales or {})
    query = _rows_query(engine, filters).order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    result = session.execute(query.execution_options(yield_per=batch))
    for row in result:
        values: tuple[Any, ...] = tuple(row)
        yield StoredRow(*values[:-1])


def locales(session: Session) -> list[str]:
    """Every locale an article is written in."""
    return list(session.scalars(select(ArticleRecord.locale).distinct()))


def count(session: Session, engine: str, filters: Filters = ALL) -> int:
    """How many stored rows ``filters`` keep."""
    query = select(func.count()).select_from(_rows_query(engine, filters, light=True).subquery())
    return int(session.scalar(query) or 0)


def worst(session: Session, engine: str, filters: Filters = ALL) -> str | None:
    """The worst verdict of the rows ``filters`` keep; None when there are none."""
    sub = _rows_query(engine, filters, light=True).subquery()
    found = set(session.scalars(select(sub.c.verdict).distinct()))
    return max(found, key=lambda v: VERDICT_RANK.get(v, 3)) if found else None


def missing(
    session: Session,
    engine: str,
    *,
    locale: str | None = None,
    audiences: Sequence[str],
    exempt: Sequence[str] = (),
) -> list[tuple[str, str, str, str]]:
    """Sections of checked newest revisions without a variant for one of ``audiences``:
    locale, slug, section and the audience missing, in article order.

    ``exempt`` sections (answers to readers' questions: a clinician answer is optional)
    are never missing.
    """
    sub = _rows_query(engine, Filters(locale=locale), light=True).subquery()
    query = (
        select(sub.c.locale, sub.c.slug, sub.c.section_key, func.min(sub.c.audience))
        .where(sub.c.section_key.not_in(exempt) if exempt else literal(True))
        .group_by(sub.c.locale, sub.c.slug, sub.c.section_key)
        .having(func.count() == 1)
        .order_by(sub.c.locale, sub.c.slug, func.min(sub.c.position))
    )
    gaps = []
    for loc, slug, section, only in session.execute(query):
        other = "clinician" if only == "layperson" else "layperson"
        if other in audiences:
            gaps.append((loc, slug, section, other))
    return gaps


def newest_revision_id(session: Session, locale: str, slug: str) -> int | None:
    """The id of ``locale/slug``'s newest revision, None when there is none."""
    return session.scalar(
        select(RevisionRecord.id)
        .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
        .where(ArticleRecord.locale == locale, ArticleRecord.slug == slug)
        .order_by(RevisionRecord.number.desc())
        .limit(1)
    )


# A stored row as the check's table prints it: locale, slug, section key, audience,
# grade, verdict, words. Plain tuples: an unchanged library of 10,000 articles has 120,000.
Line = tuple[str, str, str, str, float, str, int]


def lines(session: Session, engine: str, filters: Filters = ALL) -> Iterator[Line]:
    """The rows ``filters`` keep with only what the check's table prints, in article order.

    Read through the session's connection, not the ORM: plain rows, nothing to track.
    """
    score = VariantScoreRecord
    audience_order = case((score.audience == "layperson", 0), else_=1)
    query = _rows_query(engine, filters, light=True).order_by(
        ArticleRecord.locale, ArticleRecord.slug, score.position, audience_order
    )
    for row in session.connection().execute(query):
        yield row[:7]


def grades(session: Session, engine: str, filters: Filters = ALL) -> list[tuple[str, str, float]]:
    """Locale, audience and grade of each row ``filters`` keep: what a distribution draws."""
    sub = _rows_query(engine, filters, light=True).subquery()
    query = select(sub.c.locale, sub.c.audience, sub.c.grade)
    return [(locale, audience, grade) for locale, audience, grade in session.execute(query)]


class Pair(NamedTuple):
    """A section of a checked newest revision with both variants: their two grades."""

    locale: str
    slug: str
    section_key: str
    revision_id: int
    layperson: float
    clinician: float


def pairs(session: Session, engine: str, *, locale: str | None = None) -> list[Pair]:
    """Every section of a checked newest revision (in ``locale``) that has both variants,
    in article order: what a gap chart draws."""
    lay = aliased(VariantScoreRecord)
    clin = aliased(VariantScoreRecord)
    query = (
        _of_checked(
            engine,
            ArticleRecord.locale,
            ArticleRecord.slug,
            lay.section_key,
            lay.revision_id,
            lay.grade,
            clin.grade,
        )
        .join(lay, and_(lay.revision_id == RevisionRecord.id, lay.audience == "layperson"))
        .join(
            clin,
            and_(
                clin.revision_id == lay.revision_id,
                clin.section_key == lay.section_key,
                clin.audience == "clinician",
            ),
        )
        .order_by(ArticleRecord.locale, ArticleRecord.slug, lay.position)
    )
    if locale:
        query = query.where(ArticleRecord.locale == locale)
    return [Pair._make(row) for row in session.execute(query)]


def layperson_titles(
    session: Session, places: Sequence[tuple[int, str]]
) -> dict[tuple[int, str], tuple[str, str | None]]:
    """For each (revision id, section key), the article's layperson title (else the other,
    else its question) and the section's layperson title (None: no variant row)."""
    ids = sorted({rid for rid, _ in places})
    found: dict[tuple[int, str], tuple[str, str | None]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = (
            select(
                RevisionRecord.id,
                func.coalesce(
                    RevisionRecord.title_layperson,
                    RevisionRecord.title_clinician,
                    RevisionRecord.question,
                ),
                VariantScoreRecord.section_key,
                VariantRecord.title,
            )
            .join(VariantScoreRecord, VariantScoreRecord.revision_id == RevisionRecord.id)
            .outerjoin(
                VariantRecord,
                and_(
                    VariantRecord.revision_id == VariantScoreRecord.revision_id,
                    VariantRecord.section_key == VariantScoreRecord.section_key,
                    VariantRecord.audience == VariantScoreRecord.audience,
                ),
            )
            .where(RevisionRecord.id.in_(chunk), VariantScoreRecord.audience == "layperson")
        )
        for rid, article_title, section, section_title in session.execute(query):
            found[(rid, section)] = (article_title, section_title)
    return found
