"""Reading and writing articles: plain ``Article`` values in, append-only revisions out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session, selectinload

from service.content.model import Article, Asked, Figure, Reference, Section, Status, Variant
from service.storage import figures as stored_figures
from service.storage import review_due
from service.storage.models import (
    ArticleRecord,
    AskedRecord,
    ReferenceRecord,
    ReviewEventRecord,
    RevisionFigureRecord,
    RevisionRecord,
    VariantRecord,
)
from service.storage.revisions import (
    REVISION_PARTS,
    find_article,
    latest_revision,
    newest_content_hash,
)
from service.writing.audience import Audience

AUDIENCE_ORDER = {audience: i for i, audience in enumerate(Audience)}
PUBLIC_STATUSES = tuple(s.value for s in Status if s.is_public)


def content_hash(article: Article) -> str:
    """A stable fingerprint of everything a revision stores, status included.

    The review-due date is the article's, not the revision's: it is left out, so that
    setting it never makes a revision differ. Figures count by name, digest and credit
    (their bytes by digest). Empty accepted terms, readers-asked and figure lists are
    left out: revisions stored before those fields existed keep their fingerprints, and
    a bundle loaded again is still recognised as unchanged.
    """
    values = dataclasses.asdict(dataclasses.replace(article, figures=()))
    del values["review_due"]
    del values["figures"]
    if article.figures:
        values["figures"] = [[f.name, f.digest, f.credit] for f in article.figures]
    for optional in ("accepted_terms", "asked"):
        if not values[optional]:
            del values[optional]
    payload = json.dumps(values, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def save_revision(
    session: Session, article: Article, *, author: str | None = None, message: str = ""
) -> RevisionRecord | None:
    """Append ``article`` as a new revision; ``None`` when it equals the latest one."""
    record = find_article(session, article.locale, article.slug)
    if record is None:
        record = ArticleRecord(locale=article.locale, slug=article.slug)
        session.add(record)
        session.flush()
    if article.review_due is not None:
        # A bundle naming its review date sets it, whether or not its content changed.
        review_due.set_due(session, record.id, article.review_due)
    latest = latest_revision(session, record.id)
    fingerprint = content_hash(article)
    if latest is not None and latest.content_hash == fingerprint:
        return None
    revision = revision_record(
        article,
        article_id=record.id,
        number=(latest.number + 1) if latest else 1,
        fingerprint=fingerprint,
        author=author,
        message=message,
    )
    session.add(revision)
    session.flush()
    stored_figures.store(session, revision.id, article.figures)
    return revision


def revision_record(
    article: Article,
    *,
    article_id: int,
    number: int,
    fingerprint: str,
    author: str | None,
    message: str,
) -> RevisionRecord:
    """A new, unsaved revision ``number`` of article ``article_id`` holding ``article``
    (its figures apart: ``storage.figures`` records them once the revision has an id)."""
    titles = dict(article.titles)
    return RevisionRecord(
        article_id=article_id,
        number=number,
        created_at=_utcnow(),
        author=author,
        message=message,
        content_hash=fingerprint,
        status=article.status.value,
        question=article.question,
        title_layperson=titles.get(Audience.LAYPERSON),
        title_clinician=titles.get(Audience.CLINICIAN),
        topic=article.topic,
        updated=article.updated,
        reviewed=article.reviewed,
        reviewed_by=article.reviewed_by,
        accepted_terms="".join(f"{term}\n" for term in article.accepted_terms),
        variants=[
            VariantRecord(
                position=position,
                section_key=section.key,
                audience=variant.audience.value,
                title=variant.title,
                body=variant.body,
            )
            for position, section in enumerate(article.sections)
            for variant in section.variants
        ],
        references=[
            ReferenceRecord(position=position, **dataclasses.asdict(reference))
            for position, reference in enumerate(article.references)
        ],
        asked=[
            AskedRecord(
                position=position,
                question=asked.question,
                layperson=asked.answer(Audience.LAYPERSON) or "",
                clinician=asked.answer(Audience.CLINICIAN),
            )
            for position, asked in enumerate(article.asked)
        ],
    )


def is_latest(session: Session, article: Article) -> bool:
    """True when ``article`` is exactly the newest stored revision of its article."""
    return newest_content_hash(session, article.locale, article.slug) == content_hash(article)


def move_status(
    revision: RevisionRecord, status: Status, *, review: tuple[dt.date, str] | None = None
) -> None:
    """Move a stored revision to ``status`` (uncommitted); ``review`` is when and by whom
    it was approved, stamped on it when given.

    The revision's content stays as it was, but its fingerprint covers the status: it
    is computed again, so that a bundle reloaded with that status compares equal.
    """
    revision.status = status.value
    if review is not None:
        revision.reviewed, revision.reviewed_by = review
    revision.content_hash = content_hash(to_article(revision.article, revision))


def save_all(
    session: Session, articles: Iterable[Article], *, author: str | None = None, message: str = ""
) -> list[RevisionRecord]:
    """Save several articles in one transaction: all of them, or none on any error."""
    created = []
    try:
        for article in articles:
            revision = save_revision(session, article, author=author, message=message)
            if revision is not None:
                created.append(revision)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return created


def to_article(
    record: ArticleRecord,
    revision: RevisionRecord,
    due: dt.date | None = None,
    figures: tuple[Figure, ...] | None = None,
) -> Article:
    """The plain ``Article`` a stored revision holds, its figures without their bytes.

    ``due`` is the article's review date, for the callers that need it (an export),
    looked up apart; ``figures`` are the revision's, when the caller loaded them with
    others' already.
    """
    if figures is None:
        session = object_session(revision)
        assert session is not None, "a revision read from the database belongs to a session"
        figures = stored_figures.figures_of(session, [revision.id])[revision.id]
    sections: dict[str, list[Variant]] = {}
    for row in revision.variants:
        sections.setdefault(row.section_key, []).append(
            Variant(audience=Audience(row.audience), title=row.title, body=row.body)
        )
    titles = tuple(
        (audience, title)
        for audience, title in (
            (Audience.LAYPERSON, revision.title_layperson),
            (Audience.CLINICIAN, revision.title_clinician),
        )
        if title is not None
    )
    return Article(
        locale=record.locale,
        slug=record.slug,
        question=revision.question,
        titles=titles,
        topic=revision.topic,
        status=Status(revision.status),
        updated=revision.updated,
        sections=tuple(
            Section(key=k, variants=tuple(sorted(v, key=lambda x: AUDIENCE_ORDER[x.audience])))
            for k, v in sections.items()
        ),
        references=tuple(
            Reference(
                key=r.key,
                title=r.title,
                journal=r.journal,
                year=r.year,
                doi=r.doi,
                pmid=r.pmid,
                url=r.url,
            )
            for r in revision.references
        ),
        reviewed=revision.reviewed,
        reviewed_by=revision.reviewed_by,
        accepted_terms=tuple((revision.accepted_terms or "").splitlines()),
        review_due=due,
        asked=tuple(
            Asked(
                question=row.question,
                answers=tuple(
                    (audience, text)
                    for audience, text in (
                        (Audience.LAYPERSON, row.layperson),
                        (Audience.CLINICIAN, row.clinician),
                    )
                    if text
                ),
            )
            for row in revision.asked
        ),
        figures=figures,
    )


def public_figure(session: Session, digest: str) -> stored_figures.FigureFile | None:
    """Image ``digest`` if a revision readers see shows it, else None.

    Only those revisions: a figure taken out of an article (a photograph whose consent
    was withdrawn, say) stops being served as soon as the change is published.
    """
    public = (
        select(RevisionRecord.article_id, func.max(RevisionRecord.number).label("number"))
        .where(RevisionRecord.status.in_(PUBLIC_STATUSES))
        .group_by(RevisionRecord.article_id)
        .subquery()
    )
    showing = (
        select(RevisionRecord.id)
        .join(
            public,
            (RevisionRecord.article_id == public.c.article_id)
            & (RevisionRecord.number == public.c.number),
        )
        .join(RevisionFigureRecord, RevisionFigureRecord.revision_id == RevisionRecord.id)
        .where(RevisionFigureRecord.digest == digest)
        .limit(1)
    )
    revision_id = session.scalar(showing)
    if revision_id is None:
        return None
    return stored_figures.revision_figure(session, revision_id, digest)


def public_article(session: Session, locale: str, slug: str) -> Article | None:
    """What readers see: the latest revision that was submitted or later, never a draft."""
    record = find_article(session, locale, slug)
    if record is None:
        return None
    revision = latest_revision(session, record.id, PUBLIC_STATUSES)
    return to_article(record, revision) if revision else None


@dataclasses.dataclass(frozen=True)
class PublicStamp:
    """Which revision readers see of one article, and when it last changed for them."""

    slug: str
    revision_id: int
    status: Status
    published_at: dt.datetime

    @property
    def version(self) -> str:
        """A short text that changes whenever readers would see another page."""
        return f"{self.slug}@{self.revision_id}:{self.status.value}"


def public_stamps(session: Session, locale: str, slug: str | None = None) -> list[PublicStamp]:
    """The public revision of each article in ``locale`` (or just ``slug``), by slug.

    ``published_at`` is the later of the revision's creation and its last review event:
    an approval changes the page (the banner goes) without making a new revision.
    One article's stamp is looked up by its own rows only: an article page costs the
    same whatever the size of the library.
    """
    if slug is not None:
        stamp = _public_stamp(session, locale, slug)
        return [] if stamp is None else [stamp]
    newest = (
        select(RevisionRecord.article_id, func.max(RevisionRecord.number).label("number"))
        .where(RevisionRecord.status.in_(PUBLIC_STATUSES))
        .group_by(RevisionRecord.article_id)
        .subquery()
    )
    reviewed = (
        select(ReviewEventRecord.revision_id, func.max(ReviewEventRecord.at).label("at"))
        .group_by(ReviewEventRecord.revision_id)
        .subquery()
    )
    query = (
        select(
            ArticleRecord.slug,
            RevisionRecord.id,
            RevisionRecord.status,
            RevisionRecord.created_at,
            reviewed.c.at,
        )
        .join(newest, newest.c.article_id == ArticleRecord.id)
        .join(
            RevisionRecord,
            (RevisionRecord.article_id == newest.c.article_id)
            & (RevisionRecord.number == newest.c.number),
        )
        .outerjoin(reviewed, reviewed.c.revision_id == RevisionRecord.id)
        .where(ArticleRecord.locale == locale)
        .order_by(ArticleRecord.slug)
    )
    return [
        PublicStamp(
            slug=row_slug,
            revision_id=revision_id,
            status=Status(status),
            published_at=max(_aware(created), _aware(reviewed_at or created)),
        )
        for row_slug, revision_id, status, created, reviewed_at in session.execute(query)
    ]


def _public_stamp(session: Session, locale: str, slug: str) -> PublicStamp | None:
    """The stamp of ``locale/slug`` through its indexes: article, revisions, review events."""
    record = find_article(session, locale, slug)
    if record is None:
        return None
    reviewed = (
        select(func.max(ReviewEventRecord.at))
        .where(ReviewEventRecord.revision_id == RevisionRecord.id)
        .scalar_subquery()
    )
    row = session.execute(
        select(RevisionRecord.id, RevisionRecord.status, RevisionRecord.created_at, reviewed)
        .where(
            RevisionRecord.article_id == record.id,
            RevisionRecord.status.in_(PUBLIC_STATUSES),
        )
        .order_by(RevisionRecord.number.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    revision_id, status, created, reviewed_at = row
    return PublicStamp(
        slug=slug,
        revision_id=revision_id,
        status=Status(status),
        published_at=max(_aware(created), _aware(reviewed_at or created)),
    )


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def public_locales(session: Session, slug: str) -> list[str]:
    """The locales in which readers can see an article with this slug."""
    return list(
        session.scalars(
            select(ArticleRecord.locale)
            .join(RevisionRecord, RevisionRecord.article_id == ArticleRecord.id)
            .where(ArticleRecord.slug == slug, RevisionRecord.status.in_(PUBLIC_STATUSES))
            .distinct()
            .order_by(ArticleRecord.locale)
        )
    )


def _newest_revisions(
    session: Session,
    statuses: Sequence[str] | None = None,
    locale: str | None = None,
    *,
    with_review_due: bool = False,
) -> list[Article]:
    """The newest revision (within ``statuses``) of every article, in three queries."""
    newest = select(RevisionRecord.article_id, func.max(RevisionRecord.number).label("number"))
    if statuses is not None:
        newest = newest.where(RevisionRecord.status.in_(statuses))
    newest_sq = newest.group_by(RevisionRecord.article_id).subquery()
    query = (
        select(RevisionRecord)
        .join(
            newest_sq,
            (RevisionRecord.article_id == newest_sq.c.article_id)
            & (RevisionRecord.number == newest_sq.c.number),
        )
        .join(ArticleRecord, ArticleRecord.id == RevisionRecord.article_id)
        .options(*REVISION_PARTS, selectinload(RevisionRecord.article))
        .order_by(ArticleRecord.locale, ArticleRecord.slug)
    )
    if locale is not None:
        query = query.where(ArticleRecord.locale == locale)
    revisions = list(session.scalars(query))
    dues = review_due.due_dates(session) if with_review_due else {}
    figures = stored_figures.figures_of(session, (r.id for r in revisions))
    return [to_article(r.article, r, dues.get(r.article_id), figures[r.id]) for r in revisions]


def public_articles(session: Session, locale: str) -> list[Article]:
    """Every article readers can see in ``locale``, by slug."""
    return _newest_revisions(session, PUBLIC_STATUSES, locale)


def latest_articles(session: Session) -> list[Article]:
    """The newest revision of every article, drafts included, with its review-due date:
    what an export writes."""
    return _newest_revisions(session, with_review_due=True)


def is_empty(session: Session) -> bool:
    """True when no article has been stored yet."""
    return not session.scalar(select(func.count()).select_from(ArticleRecord))


@dataclasses.dataclass(frozen=True)
class NewestRevision:
    """An article as its newest revision holds it, with who saved that revision and when."""

    article: Article
    revision_id: int
    number: int
    author: str | None
    created_at: dt.datetime


def newest_in_status(
    session: Session, statuses: Sequence[str], *, author: str | None = None
) -> list[NewestRevision]:
    """Articles whose newest revision (drafts included) has one of ``statuses``.

    With ``author``, only those whose newest revision that account saved. Oldest save
    first; unlike ``public_articles``, an older revision in ``statuses`` never counts.
    """
    newest = (
        select(RevisionRecord.article_id, func.max(RevisionRecord.number).label("number"))
        .group_by(RevisionRecord.article_id)
        .subquery()
    )
    query = (
        select(RevisionRecord)
        .join(
            newest,
            (RevisionRecord.article_id == newest.c.article_id)
            & (RevisionRecord.number == newest.c.number),
        )
        .where(RevisionRecord.status.in_(statuses))
        .options(*REVISION_PARTS, selectinload(RevisionRecord.article))
        .order_by(RevisionRecord.created_at, RevisionRecord.id)
    )
    if author is not None:
        query = query.where(RevisionRecord.author == author)
    revisions = list(session.scalars(query))
    figures = stored_figures.figures_of(session, (r.id for r in revisions))
    return [
        NewestRevision(
            article=to_article(revision.article, revision, figures=figures[revision.id]),
            revision_id=revision.id,
            number=revision.number,
            author=revision.author,
            created_at=_aware(revision.created_at),
        )
        for revision in revisions
    ]
