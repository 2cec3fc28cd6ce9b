"""Looking up stored revisions: an article's newest one, one by number, all of them.

"The newest revision of an article, or not found" is asked by the editor, the review
workflow, the staff pages and saves. It is answered here once, and a miss is always
``ArticleNotFound``: callers decide what a miss means to them (a 404, a 400, the
newest revision instead), not how to look.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from service.i18n import N_
from service.storage.models import ArticleRecord, RevisionRecord

_NO_ARTICLE = N_("No article %(path)s.")
# What a revision is made of besides its own row, loaded with it in one query each
# (figures, kept by digest, come from ``storage.figures``).
REVISION_PARTS = (
    selectinload(RevisionRecord.variants),
    selectinload(RevisionRecord.references),
    selectinload(RevisionRecord.asked),
)
_NO_REVISION = N_("Article %(path)s has no revision %(n)s.")


class ArticleNotFound(LookupError):
    """No article ``locale/slug``; or, when ``number`` is set, no revision ``number`` of it.

    ``number`` is ``None`` exactly when the article itself is missing (or has no revision
    at all), so a caller can tell "no such page" from "no such version of a page" without
    a second query. ``str()`` is English, for logs and the command line; ``message`` is in
    the current locale, for pages.
    """

    def __init__(self, locale: str, slug: str, number: int | None = None) -> None:
        self.locale = locale
        self.slug = slug
        self.number = number
        super().__init__(self._template % self._params)

    @property
    def path(self) -> str:
        """The article as staff URLs and messages name it: ``locale/slug``."""
        return f"{self.locale}/{self.slug}"

    @property
    def message(self) -> str:
        """What was not found, translated; needs an app or request context."""
        return str(gettext(self._template, **self._params))

    @property
    def _template(self) -> str:
        return _NO_ARTICLE if self.number is None else _NO_REVISION

    @property
    def _params(self) -> dict[str, object]:
        if self.number is None:
            return {"path": self.path}
        return {"path": self.path, "n": self.number}


def find_article(session: Session, locale: str, slug: str) -> ArticleRecord | None:
    """The article record for ``slug`` in ``locale``; ``None`` when there is none."""
    return session.scalar(select(ArticleRecord).filter_by(locale=locale, slug=slug))


def article(session: Session, locale: str, slug: str) -> ArticleRecord:
    """The article record for ``slug`` in ``locale``; ``ArticleNotFound`` when there is none."""
    record = find_article(session, locale, slug)
    if record is None:
        raise ArticleNotFound(locale, slug)
    return record


def latest_revision(
    session: Session, article_id: int, statuses: Sequence[str] | None = None
) -> RevisionRecord | None:
    """The newest revision of an article (within ``statuses``), sections and references loaded.

    ``None`` is an answer here, not a miss: saving a first revision and finding what
    readers may see both expect it. ``newest_revision`` is the lookup that misses.
    """
    query = select(RevisionRecord).filter_by(article_id=article_id)
    if statuses is not None:
        query = query.where(RevisionRecord.status.in_(statuses))
    return session.scalar(
        query.options(*REVISION_PARTS).order_by(RevisionRecord.number.desc()).limit(1)
    )


def newest_revision(session: Session, locale: str, slug: str) -> RevisionRecord:
    """The newest revision of ``locale/slug``, drafts included; ``ArticleNotFound`` if none.

    Its ``article`` is the record just looked up (no further query), its sections and
    references are loaded, and it belongs to ``session``: the workflow moves its status
    and commits.
    """
    record = article(session, locale, slug)
    revision = latest_revision(session, record.id)
    if revision is None:
        raise ArticleNotFound(locale, slug)
    return _with_article(revision, record)


def revision_by_number(session: Session, locale: str, slug: str, number: int) -> RevisionRecord:
    """Revision ``number`` of ``locale/slug``; ``ArticleNotFound`` (with ``number`` set
    when only the revision is missing) otherwise."""
    record = article(session, locale, slug)
    found = session.scalar(select(RevisionRecord).filter_by(article_id=record.id, number=number))
    if found is None:
        raise ArticleNotFound(locale, slug, number)
    return _with_article(found, record)


def _with_article(revision: RevisionRecord, record: ArticleRecord) -> RevisionRecord:
    """``revision`` holding its article record, as if loaded together.

    The session keeps records only weakly: once the lookup returns, nothing else holds
    the article, and reading ``revision.article`` would query for it again.
    """
    set_committed_value(revision, "article", record)
    return revision


def revisions_newest_first(session: Session, locale: str, slug: str) -> list[RevisionRecord]:
    """Every revision of ``locale/slug``, newest first; ``ArticleNotFound`` for no article."""
    record = article(session, locale, slug)
    return list(
        session.scalars(
            select(RevisionRecord)
            .filter_by(article_id=record.id)
            .order_by(RevisionRecord.number.desc())
        )
    )


def newest_content_hash(session: Session, locale: str, slug: str) -> str | None:
    """The fingerprint of the newest revision of ``locale/slug``; ``None`` if there is none.

    Only the hash: a load compares every bundle with what is stored, and one column
    needs none of the sections and references a whole revision brings.
    """
    record = find_article(session, locale, slug)
    if record is None:
        return None
    return session.scalar(
        select(RevisionRecord.content_hash)
        .filter_by(article_id=record.id)
        .order_by(RevisionRecord.number.desc())
        .limit(1)
    )
