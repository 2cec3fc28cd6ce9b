"""Writers' saves: every save a new revision, a stale save refused, history and diffs."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.content.model import Article, Status
from service.storage import repository
from service.storage import revisions as stored
from service.storage.models import RevisionRecord
from service.writing.audience import Audience


@dataclass(frozen=True)
class Current:
    """The newest revision of an article, whatever its status."""

    number: int
    article: Article
    author: str | None
    message: str


class StaleRevision(Exception):
    """The writer edited revision ``base``, but ``latest`` was saved meanwhile."""

    def __init__(self, base: int, latest: Current, yours: Article) -> None:
        super().__init__(
            f"Revision {latest.number} was saved by {latest.author or 'someone else'} after "
            f"you opened revision {base}. Nothing was overwritten: merge your text into "
            f"theirs below, then save again."
        )
        self.base = base
        self.latest = latest
        self.yours = yours


def _as_current(revision: RevisionRecord) -> Current:
    return Current(
        revision.number,
        repository.to_article(revision.article, revision),
        revision.author,
        revision.message,
    )


def current(session: Session, locale: str, slug: str) -> Current:
    """The newest revision of ``locale/slug``, drafts included; ``ArticleNotFound`` if none."""
    return _as_current(stored.newest_revision(session, locale, slug))


def revision(session: Session, locale: str, slug: str, number: int) -> Current:
    """Revision ``number`` of ``locale/slug``; ``ArticleNotFound`` if there is none."""
    return _as_current(stored.revision_by_number(session, locale, slug, number))


def create(session: Session, article: Article, *, author: str) -> int:
    """Store a new article as its first (draft) revision; refuse a slug already taken."""
    if stored.find_article(session, article.locale, article.slug) is not None:
        raise ValueError(
            f"An article {article.locale}/{article.slug} already exists; choose another slug."
        )
    draft = dataclasses.replace(article, status=Status.DRAFT, reviewed=None, reviewed_by=None)
    try:
        saved = repository.save_revision(session, draft, author=author, message="Created")
        assert saved is not None
        session.commit()
    except IntegrityError:
        # Another writer created the same slug at the same moment: theirs stands.
        session.rollback()
        raise ValueError(
            f"An article {article.locale}/{article.slug} already exists; choose another slug."
        ) from None
    return saved.number


def save(session: Session, article: Article, *, base: int, author: str, message: str) -> int | None:
    """Save an edit of revision ``base`` as a new draft revision.

    Returns the new revision's number, or ``None`` when nothing changed. Raises
    ``StaleRevision`` when another revision was saved since ``base``: never overwrite.
    """
    latest = current(session, article.locale, article.slug)
    if latest.number != base:
        raise StaleRevision(base, latest, article)
    draft = dataclasses.replace(article, status=Status.DRAFT, reviewed=None, reviewed_by=None)
    comparable = dataclasses.replace(
        latest.article, status=Status.DRAFT, reviewed=None, reviewed_by=None
    )
    if draft == comparable:
        return None
    try:
        saved = repository.save_revision(session, draft, author=author, message=message)
        session.commit()
    except IntegrityError:
        # Another save of revision ``base`` committed first and took the next number: this
        # one is as stale as if it had arrived a second later. Both texts go to the writer.
        session.rollback()
        raise StaleRevision(base, current(session, article.locale, article.slug), article) from None
    return saved.number if saved else None


def restore(session: Session, locale: str, slug: str, number: int, *, author: str) -> int | None:
    """Make revision ``number``'s content the newest revision again, as a new draft."""
    old = revision(session, locale, slug, number)
    latest = current(session, locale, slug)
    return save(
        session,
        old.article,
        base=latest.number,
        author=author,
        message=f"Restored revision {number}",
    )


@dataclass(frozen=True)
class RevisionSummary:
    """One line of an article's history."""

    number: int
    created_at: str
    author: str | None
    message: str
    status: Status


def history(session: Session, locale: str, slug: str) -> list[RevisionSummary]:
    """Every revision of ``locale/slug``, newest first; ``ArticleNotFound`` if none."""
    return [
        RevisionSummary(r.number, r.created_at.isoformat(), r.author, r.message, Status(r.status))
        for r in stored.revisions_newest_first(session, locale, slug)
    ]


@dataclass(frozen=True)
class VariantDiff:
    """The change to one section in one audience between two revisions."""

    section: str
    audience: Audience
    lines: tuple[str, ...]


def diff(old: Article, new: Article) -> list[VariantDiff]:
    """Unified diffs per section and audience, for every variant that changed."""
    keys = [s.key for s in old.sections] + [
        s.key for s in new.sections if s.key not in {o.key for o in old.sections}
    ]
    old_sections = {s.key: s for s in old.sections}
    new_sections = {s.key: s for s in new.sections}
    changes = []
    for key in keys:
        for audience in Audience:
            before = old_sections.get(key)
            after = new_sections.get(key)
            a = before.variant(audience) if before else None
            b = after.variant(audience) if after else None
            a_text = f"# {a.title}\n{a.body}\n" if a else ""
            b_text = f"# {b.title}\n{b.body}\n" if b else ""
            if a_text == b_text:
                continue
            lines = difflib.unified_diff(
                a_text.splitlines(),
                b_text.splitlines(),
                fromfile=f"{key}.{audience.value}.md (before)",
                tofile=f"{key}.{audience.value}.md (after)",
                lineterm="",
            )
            changes.append(VariantDiff(key, audience, tuple(lines)))
    return changes
