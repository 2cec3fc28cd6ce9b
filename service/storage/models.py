"""Database tables: articles, their append-only revisions, sections, references, questions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Base of every table; Alembic migrations are generated from its metadata."""


class ArticleRecord(Base):
    """An article: one slug in one locale. Its content lives in revisions."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("locale", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(35))
    slug: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )

    revisions: Mapped[list[RevisionRecord]] = relationship(
        back_populates="article", order_by="RevisionRecord.number"
    )


class RevisionRecord(Base):
    """An immutable snapshot of an article's content; only its review status moves."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found by the unique (article_id, number) index: no index of its own (0016).
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str | None] = mapped_column(String(320))
    message: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text)
    title_layperson: Mapped[str | None] = mapped_column(Text)
    title_clinician: Mapped[str | None] = mapped_column(Text)
    topic: Mapped[str | None] = mapped_column(String(200))
    updated: Mapped[dt.date] = mapped_column(Date)
    reviewed: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    # The article's accepted terms (``accept.txt``), one a line; "" for none.
    accepted_terms: Mapped[str] = mapped_column(Text, default="", server_default="")

    article: Mapped[ArticleRecord] = relationship(back_populates="revisions")
    variants: Mapped[list[VariantRecord]] = relationship(
        order_by="(VariantRecord.position, VariantRecord.audience)", cascade="all, delete-orphan"
    )
    references: Mapped[list[ReferenceRecord]] = relationship(
        order_by="ReferenceRecord.position", cascade="all, delete-orphan"
    )
    asked: Mapped[list[AskedRecord]] = relationship(
        order_by="AskedRecord.position", cascade="all, delete-orphan"
    )


class VariantRecord(Base):
    """One section of a revision written for one audience."""

    __tablename__ = "variants"
    __table_args__ = (UniqueConstraint("revision_id", "section_key", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found by the unique index that starts with it: no index of its own (0016).
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    position: Mapped[int] = mapped_column(Integer)
    section_key: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)


class ReferenceRecord(Base):
    """One entry of a revision's reference list."""

    __tablename__ = "article_references"
    __table_args__ = (UniqueConstraint("revision_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found by the unique index that starts with it: no index of its own (0016).
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    journal: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    doi: Mapped[str | None] = mapped_column(String(300))
    pmid: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(Text)


class QuestionRecord(Base):
    """A reader's follow-up question, waiting in the writers' inbox."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    audience: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # A keyed hash of the sender's address (never the address): the per-client limit.
    client: Mapped[str | None] = mapped_column(String(64))
    # Set when staff marked the question spam: kept, but out of the open list.
    spam_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_questions_client_created_at", "client", "created_at"),)


class UserRecord(Base):
    """A staff account: writer, reviewer, qa or admin. Readers never have one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    # Changes on every password change, so that old sessions stop working.
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginAttemptRecord(Base):
    """A failed login, kept for a while so that guessing passwords is rate-limited."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class ReviewEventRecord(Base):
    """The audit log of the review workflow: who moved an article from where to where."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    actor: Mapped[str] = mapped_column(String(320))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    # Set when a reviewer let a submission through despite failing readability.
    override_reason: Mapped[str | None] = mapped_column(Text)


class ReadabilityScoreRecord(Base):
    """A cached readability report, keyed by the text, audience, language, policy and engine."""

    __tablename__ = "readability_scores"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The report's JSON, zlib-compressed (migration 0016): a twelfth of its size.
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PublicationRecord(Base):
    """One row: a counter that moves whenever what readers can see changes.

    Every app instance compares it with the counter its page cache was filled at, so a
    publish in any worker, instance or CLI run reaches readers on the next request.
    """

    __tablename__ = "publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(Integer, default=0)


class IgnoredFindingRecord(Base):
    """A readability finding a writer chose to ignore, with who, when and why.

    The finding is known by what it is, not where: its section, audience, kind and
    flagged text (``key`` hashes them), so edits elsewhere in the text keep it ignored.
    """

    __tablename__ = "ignored_findings"
    __table_args__ = (UniqueConstraint("article_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    section_key: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(320))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReviewerProfileRecord(Base):
    """What readers are told of a staff account: the public name and credentials.

    Kept beside the account, not in it: only reviewers who agree to be named have one,
    and an account without one is credited as the Medical Advisory Board.
    """

    __tablename__ = "reviewer_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    credentials: Mapped[str] = mapped_column(String(200), default="")


class ReviewDueRecord(Base):
    """When an article is next due for review; set at approval, editable by staff."""

    __tablename__ = "review_due"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    due: Mapped[dt.date] = mapped_column(Date, index=True)


# --- Readers asked: writers' answers to readers' questions (migration 0009) ---------------


class QuestionAnswerRecord(Base):
    """A writer's answer to a reader's question: a reworded question, an answer per audience.

    Kept apart from the question, whose words stay the reader's own; ``added_as`` is the
    question as it was last added to the article, to replace that entry when it changes.
    """

    __tablename__ = "question_answers"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    layperson: Mapped[str] = mapped_column(Text)
    clinician: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(320))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    added_in_revision: Mapped[int | None] = mapped_column(Integer)
    added_as: Mapped[str | None] = mapped_column(Text)


class AskedRecord(Base):
    """One answered question a revision publishes under "Readers asked"."""

    __tablename__ = "revision_asked"
    __table_args__ = (UniqueConstraint("revision_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    layperson: Mapped[str] = mapped_column(Text)
    clinician: Mapped[str | None] = mapped_column(Text)


# --- Figures (migration 0011) ---------------------------------------------------------


class FigureFileRecord(Base):
    """An image's bytes, stored once however many revisions show it: keyed by their SHA-256."""

    __tablename__ = "figure_files"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    # Deferred: listing a revision's figures never drags their bytes along.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RevisionFigureRecord(Base):
    """A figure of a revision: its file name in ``figures/``, its image, and its credit."""

    __tablename__ = "revision_figures"
    __table_args__ = (UniqueConstraint("revision_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(ForeignKey("figure_files.digest"), index=True)
    credit: Mapped[str | None] = mapped_column(Text)


# --- Reviewers' comments per section (migration 0010) -----------------------------------


class SectionCommentRecord(Base):
    """A reviewer's comment on one section of an article, for one audience.

    Kept on the revision it was made on; resolving records who and when, and the
    comment stays (the review page lists resolved comments too).
    """

    __tablename__ = "section_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    section_key: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(20))
    author: Mapped[str] = mapped_column(String(320))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[str | None] = mapped_column(String(320))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


# --- Readability verdicts per revision (migration 0012) ------------------------------


class RevisionVerdictRecord(Base):
    """A revision's readability verdict as last checked, and by which engine and policy.

    Written whenever a whole revision is scored (``readability check``, QA pages, the
    gate) so that staff lists filter by verdict without scoring anything. ``engine``
    fingerprints the engine and policy: a row under another fingerprint is out of date.
    """

    __tablename__ = "revision_verdicts"

    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), primary_key=True)
    engine: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(4))
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# --- Lookups that stay fast at 10,000 articles (migration 0014) ------------------------

# An article's translations are found by slug alone (the unique index leads with locale),
# and a revision's review events by revision, on every article page.
Index("ix_articles_slug", ArticleRecord.slug)
Index("ix_review_events_revision_id", ReviewEventRecord.revision_id)


# --- The staff article list (migration 0017) -----------------------------------------

# The list's topic choices: each distinct topic found in the index, not in every revision.
Index("ix_revisions_topic", RevisionRecord.topic)


# --- Reader search (migration 0013) ---------------------------------------------------


class SearchEntryRecord(Base):
    """One searchable document: an article's public revision as one audience reads it.

    Holds no text: the text stays in ``revisions`` and ``variants``. On SQLite the FTS5
    table ``search_fts`` indexes it (external content, read through the ``search_text``
    view); on PostgreSQL ``document`` (the weighted text) and ``heading`` (the title)
    tsvector columns, not mapped here, written by ``storage.search_index``, the first
    under a GIN index. ``language`` is the text search
    configuration of the article's locale.
    """

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("article_id", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    audience: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(35))
    language: Mapped[str] = mapped_column(String(20))


# --- Each checked revision's figures per variant (migration 0016) --------------------


class VariantScoreRecord(Base):
    """The figures of one variant of a checked revision: what lists, charts and exports show.

    Written with the revision's ``revision_verdicts`` row and valid while that row names
    the current engine and policy. A few numbers per variant, not the whole report:
    findings are counted here and found again by the pages that show them.
    """

    __tablename__ = "variant_scores"
    # Rows live in the primary key's own b-tree: no second copy of the key in an index.
    __table_args__ = ({"sqlite_with_rowid": False},)

    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"), primary_key=True)
    section_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    audience: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    grade: Mapped[float] = mapped_column(Float)
    verdict: Mapped[str] = mapped_column(String(4))
    words: Mapped[int] = mapped_column(Integer)
    sentences: Mapped[int] = mapped_column(Integer)
    findings: Mapped[int] = mapped_column(Integer)
    # The engine's metrics in the order of its formulas, as a JSON list (null: undefined).
    metrics: Mapped[str] = mapped_column(Text)
