"""Reviewers as readers meet them: public names and credentials, the board, who approved.

An account's public profile (``reviewer_profiles``) is the only staff data reader pages
show. Saving, changing or removing one, and a change of role or of active state of any
account, move the publication generation (``publication``), so cached pages that name a
reviewer or list the board are rendered again. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.content.model import Status
from service.storage.models import ReviewerProfileRecord, ReviewEventRecord, UserRecord


@dataclass(frozen=True)
class PublicReviewer:
    """A reviewer as readers see them: a name, and credentials (empty when none are given)."""

    name: str
    credentials: str

    @property
    def fingerprint(self) -> str:
        """A short text that changes whenever what readers see of this reviewer does."""
        return f"{self.name}\x1f{self.credentials}"


def profile(session: Session, user_id: int) -> PublicReviewer | None:
    """The public profile of account ``user_id``; ``None`` when it has none."""
    record = session.get(ReviewerProfileRecord, user_id)
    return None if record is None else PublicReviewer(record.name, record.credentials)


def profiles(session: Session) -> dict[int, PublicReviewer]:
    """Every public profile, by account id."""
    return {
        record.user_id: PublicReviewer(record.name, record.credentials)
        for record in session.scalars(select(ReviewerProfileRecord))
    }


def set_profile(session: Session, user_id: int, name: str, credentials: str) -> None:
    """Give account ``user_id`` this public name and credentials (uncommitted)."""
    record = session.get(ReviewerProfileRecord, user_id)
    if record is None:
        session.add(ReviewerProfileRecord(user_id=user_id, name=name, credentials=credentials))
    else:
        record.name, record.credentials = name, credentials
    session.flush()


def remove_profile(session: Session, user_id: int) -> None:
    """Take account ``user_id``'s public profile away, if it has one (uncommitted)."""
    record = session.get(ReviewerProfileRecord, user_id)
    if record is not None:
        session.delete(record)
        session.flush()


def board(session: Session, roles: Collection[str]) -> list[PublicReviewer]:
    """The Medical Advisory Board: active accounts of ``roles`` with a public profile, by name."""
    rows = session.execute(
        select(ReviewerProfileRecord.name, ReviewerProfileRecord.credentials)
        .join(UserRecord, UserRecord.id == ReviewerProfileRecord.user_id)
        .where(UserRecord.active.is_(True), UserRecord.role.in_(roles))
        .order_by(ReviewerProfileRecord.name, ReviewerProfileRecord.user_id)
    )
    return [PublicReviewer(name, credentials) for name, credentials in rows]


def approved_by(session: Session, revision_id: int) -> PublicReviewer | None:
    """The named reviewer who last approved revision ``revision_id`` in the workflow.

    Only a reviewer's own approval counts (Under Review → Approved); a bundle loaded as
    already approved names nobody, and neither does a reviewer without a public profile.
    """
    actor = session.scalar(
        select(ReviewEventRecord.actor)
        .where(
            ReviewEventRecord.revision_id == revision_id,
            ReviewEventRecord.from_status == Status.UNDER_REVIEW.value,
            ReviewEventRecord.to_status == Status.APPROVED.value,
        )
        .order_by(ReviewEventRecord.at.desc(), ReviewEventRecord.id.desc())
        .limit(1)
    )
    if actor is None:
        return None
    row = session.execute(
        select(ReviewerProfileRecord.name, ReviewerProfileRecord.credentials)
        .join(UserRecord, UserRecord.id == ReviewerProfileRecord.user_id)
        .where(UserRecord.email == actor)
    ).first()
    return None if row is None else PublicReviewer(row[0], row[1])
