"""`variants load`: a bundle's change enters the review workflow; its own status is no review.

A bundle's ``article.yaml`` says ``status: approved``, but only the Medical Advisory
Board approves, in the workflow. So a loaded revision whose content is new or changed
is stored as a draft, exactly as an editor save would be: readers keep what they saw,
a writer submits it (through the readability gate), a reviewer approves it. Each one
gets an audit entry naming the load.

``trust_status`` is the explicit way round, for bundles whose review happened
elsewhere (a board that signs off in the bundles' repository): the bundle's status
stands, an audit entry says so, and an approved bundle must name a review no older
than its last change (``reviewed`` on or after ``updated``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from service.content.model import Article, Status
from service.storage import repository, review_events, revision_batches

# Articles stored per flush: enough that SQLAlchemy sends multi-row INSERTs, few enough
# that a batch's records stay small (a batch of the generated library is ~4 MB of text).
BATCH = 200


class TrustRefused(Exception):
    """``trust_status`` was asked for bundles that do not carry a current review."""


@dataclass(frozen=True)
class Loaded:
    """One new revision a load stored: what the bundle claimed and what it became."""

    locale: str
    slug: str
    number: int
    claimed: Status
    stored: Status

    @property
    def demoted(self) -> bool:
        """True when the bundle claimed more than a load may decide."""
        return self.claimed is not self.stored


def stale_reviews(articles: Sequence[Article]) -> list[str]:
    """Approved bundles whose review does not cover their last change, as messages."""
    problems = []
    for article in articles:
        if article.status is not Status.APPROVED:
            continue
        where = f"{article.locale}/{article.slug}"
        if article.reviewed is None:
            problems.append(f"{where}: says approved but names no `reviewed` date")
        elif article.reviewed < article.updated:
            problems.append(
                f"{where}: reviewed {article.reviewed.isoformat()}, before its last change "
                f"(updated {article.updated.isoformat()}); have the change reviewed first"
            )
    return problems


def load(
    session: Session,
    articles: Sequence[Article],
    *,
    actor: str,
    message: str,
    trust_status: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[Loaded]:
    """Store the new or changed ``articles`` in one transaction, as drafts unless trusted.

    Raises ``TrustRefused`` (storing nothing) when ``trust_status`` meets an approved
    bundle without a current review. Articles go to the database ``BATCH`` at a time,
    each batch flushed and then let go (a library never sits in the session whole),
    all in the one transaction: any failure, in any batch, rolls every batch back.
    ``progress`` is told how many articles are stored, out of how many, after each batch.
    """
    if trust_status and (problems := stale_reviews(articles)):
        raise TrustRefused("\n".join(problems))
    loaded: list[Loaded] = []
    try:
        for start in range(0, len(articles), BATCH):
            batch = articles[start : start + BATCH]
            loaded += _load_batch(session, batch, actor, message, trust_status)
            if progress is not None:
                progress(start + len(batch), len(articles))
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return loaded


def _load_batch(
    session: Session, batch: Sequence[Article], actor: str, message: str, trust_status: bool
) -> list[Loaded]:
    """Store one batch (uncommitted) with an audit entry for each new revision."""
    newest = revision_batches.newest_of(session, map(revision_batches.path_of, batch))
    stored = [
        article
        if trust_status
        else _as_draft(article, newest.get(revision_batches.path_of(article)))
        for article in batch
    ]
    revisions = revision_batches.save_batch(session, stored, newest, author=actor, message=message)
    loaded: list[Loaded] = []
    written: list[object] = []  # records to let go of once flushed
    for article, kept, revision in zip(batch, stored, revisions, strict=True):
        if revision is None:
            continue
        entry = Loaded(article.locale, article.slug, revision.number, article.status, kept.status)
        comment = _comment(entry, message, trust_status)
        written.append(
            review_events.add_event(
                session, revision, actor=actor, from_status=entry.claimed.value, comment=comment
            )
        )
        written.append(revision)
        loaded.append(entry)
    session.flush()
    for record in written:
        session.expunge(record)  # with its variants, references and readers' questions
    return loaded


def _as_draft(article: Article, newest: revision_batches.Newest | None) -> Article:
    """``article`` as a draft, unless it is exactly what is stored already."""
    if article.status is Status.DRAFT or (
        newest is not None and newest.content_hash == repository.content_hash(article)
    ):
        return article
    return dataclasses.replace(article, status=Status.DRAFT)


def _comment(entry: Loaded, message: str, trusted: bool) -> str:
    """What the audit log says of one loaded revision."""
    if trusted:
        return f"{message}: loaded with --trust-status; the bundle's own status stands"
    if entry.demoted:
        return (
            f"{message}: the bundle said {entry.claimed.value}, which only the workflow can "
            "decide; loaded as a draft to submit for review"
        )
    return message
