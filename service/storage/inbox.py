"""The writers' inbox in the database: readers' questions in, by state and a page at a time
out, and the writers' answers to them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from service.content.model import Asked
from service.storage.models import ArticleRecord, QuestionAnswerRecord, QuestionRecord
from service.storage.revisions import find_article
from service.writing.audience import Audience


def questions_since(session: Session, client: str, since: dt.datetime) -> int:
    """How many questions ``client`` sent since ``since``: the per-sender limit."""
    found = session.scalar(
        select(func.count())
        .select_from(QuestionRecord)
        .where(QuestionRecord.client == client, QuestionRecord.created_at >= since)
    )
    return int(found or 0)


def add_question(
    session: Session,
    locale: str,
    slug: str,
    audience: Audience,
    text: str,
    *,
    client: str | None = None,
) -> QuestionRecord | None:
    """Store a reader's question for the article and commit; ``None`` if the article is
    unknown."""
    record = find_article(session, locale, slug)
    if record is None:
        return None
    question = QuestionRecord(
        article_id=record.id,
        audience=audience.value,
        text=text,
        created_at=dt.datetime.now(dt.UTC),
        client=client,
    )
    session.add(question)
    session.commit()
    return question


class QuestionState(enum.StrEnum):
    """Where a reader's question stands for the writers."""

    OPEN = "open"
    ANSWERED = "answered"
    SPAM = "spam"

    @classmethod
    def parse(cls, value: object, default: QuestionState) -> QuestionState:
        """The state ``value`` names; ``default`` for anything else."""
        try:
            return cls(str(value))
        except ValueError:
            return default


def _in_state(state: QuestionState) -> ColumnElement[bool]:
    if state is QuestionState.SPAM:
        return QuestionRecord.spam_at.is_not(None)
    answered = QuestionRecord.answered_at.is_not(None)
    return and_(
        QuestionRecord.spam_at.is_(None), answered if state is QuestionState.ANSWERED else ~answered
    )


@dataclasses.dataclass(frozen=True)
class InboxPage:
    """One page of questions in one state, with what the page links need."""

    rows: list[tuple[QuestionRecord, ArticleRecord]]
    counts: dict[QuestionState, int]
    page: int
    pages: int


def inbox_page(
    session: Session,
    state: QuestionState,
    *,
    article: tuple[str, str] | None = None,
    page: int = 1,
    per_page: int = 50,
) -> InboxPage:
    """Questions in ``state`` (about ``article`` if given), newest first, page ``page``."""
    about = (
        [ArticleRecord.locale == article[0], ArticleRecord.slug == article[1]] if article else []
    )
    # Every state's count in one query: the links to the other states show them.
    tally = session.execute(
        select(*(func.count().filter(_in_state(each)) for each in QuestionState))
        .select_from(QuestionRecord)
        .join(ArticleRecord)
        .where(*about)
    ).one()
    counts = {each: int(n) for each, n in zip(QuestionState, tally, strict=True)}
    pages = max(1, -(-counts[state] // per_page))
    page = min(max(page, 1), pages)
    rows = session.execute(
        select(QuestionRecord, ArticleRecord)
        .join(ArticleRecord)
        .where(*about, _in_state(state))
        .order_by(QuestionRecord.created_at.desc(), QuestionRecord.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return InboxPage([(q, a) for q, a in rows], counts, page, pages)


def set_state(session: Session, question_id: int, state: QuestionState) -> bool:
    """Move a question to ``state``; False when there is no such question."""
    question = session.get(QuestionRecord, question_id)
    if question is None:
        return False
    now = dt.datetime.now(dt.UTC)
    question.spam_at = now if state is QuestionState.SPAM else None
    if state is not QuestionState.SPAM:
        question.answered_at = now if state is QuestionState.ANSWERED else None
    session.commit()
    return True


# --- Answers: a writer's reply, published on the article as "Readers asked" -------------


@dataclasses.dataclass(frozen=True)
class Question:
    """One reader's question, with the writers' answer to it if there is one yet."""

    id: int
    locale: str
    slug: str
    audience: Audience
    text: str
    created_at: dt.datetime
    answer: Asked | None = None
    author: str | None = None
    added_as: str | None = None  # the question as last added to the article, if ever
    added_in_revision: int | None = None


def question(session: Session, question_id: int) -> Question | None:
    """The question ``question_id`` and its answer; None when there is no such question."""
    row = session.execute(
        select(QuestionRecord, ArticleRecord, QuestionAnswerRecord)
        .join(ArticleRecord)
        .outerjoin(QuestionAnswerRecord)
        .where(QuestionRecord.id == question_id)
    ).one_or_none()
    if row is None:
        return None
    record, article, answer = row
    found = Question(
        id=record.id,
        locale=article.locale,
        slug=article.slug,
        audience=Audience.parse(record.audience) or Audience.LAYPERSON,
        text=record.text,
        created_at=record.created_at,
    )
    if answer is None:
        return found
    return _with_answer(found, answer)


def _with_answer(found: Question, answer: QuestionAnswerRecord) -> Question:
    """``found`` with the stored answer to it."""
    answers = ((Audience.LAYPERSON, answer.layperson), (Audience.CLINICIAN, answer.clinician))
    return dataclasses.replace(
        found,
        answer=Asked(answer.question, tuple((a, t) for a, t in answers if t)),
        author=answer.author,
        added_as=answer.added_as,
        added_in_revision=answer.added_in_revision,
    )


def save_answer(
    session: Session,
    question_id: int,
    answer: Asked,
    *,
    author: str,
    added_in_revision: int | None = None,
) -> None:
    """Keep the writers' answer to a question and mark it answered; commits.

    ``added_in_revision``: the answer went into that revision of the article, so the
    question it was added as is remembered (a later change replaces that entry).
    """
    record = session.get(QuestionAnswerRecord, question_id)
    if record is None:
        record = QuestionAnswerRecord(question_id=question_id)
        session.add(record)
    record.question = answer.question
    record.layperson = answer.answer(Audience.LAYPERSON) or ""
    record.clinician = answer.answer(Audience.CLINICIAN)
    record.author = author
    record.saved_at = dt.datetime.now(dt.UTC)
    if added_in_revision is not None:
        record.added_in_revision = added_in_revision
        record.added_as = answer.question
    asked = session.get(QuestionRecord, question_id)
    if asked is not None and asked.answered_at is None:
        asked.answered_at = record.saved_at
        asked.spam_at = None
    session.commit()
