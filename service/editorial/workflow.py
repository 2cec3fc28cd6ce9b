"""The review workflow: draft → submitted → under review → approved, or back to draft.

Each transition moves the newest revision and writes an audit entry (who, when, from,
to, comment). Readers see the newest revision that was submitted or later.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.auth.roles import Role
from service.content.model import Article, Status
from service.i18n import N_
from service.storage import repository
from service.storage.models import ReviewEventRecord, RevisionRecord


class Action(enum.StrEnum):
    """What a staff member can do to an article's review status."""

    SUBMIT = "submit"
    START_REVIEW = "start-review"
    APPROVE = "approve"
    REQUEST_CHANGES = "request-changes"


@dataclass(frozen=True)
class Transition:
    """Which statuses an action leaves from, where it goes, and who may take it."""

    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    label: str
    needs_comment: bool = False


TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT: Transition(
        frozenset({Status.DRAFT}),
        Status.SUBMITTED,
        frozenset({Role.WRITER}),
        N_("Submit for review"),
    ),
    Action.START_REVIEW: Transition(
        frozenset({Status.SUBMITTED}),
        Status.UNDER_REVIEW,
        frozenset({Role.REVIEWER}),
        N_("Start review"),
    ),
    Action.APPROVE: Transition(
        frozenset({Status.UNDER_REVIEW}),
        Status.APPROVED,
        frozenset({Role.REVIEWER}),
        N_("Approve"),
    ),
    Action.REQUEST_CHANGES: Transition(
        frozenset({Status.SUBMITTED, Status.UNDER_REVIEW}),
        Status.DRAFT,
        frozenset({Role.REVIEWER}),
        N_("Request changes"),
        needs_comment=True,
    ),
}


class WorkflowError(Exception):
    """A transition that cannot happen now; the message says why and what to do."""


class ReadabilityGateFailed(WorkflowError):
    """Submitting was refused because layperson text fails the readability policy."""

    def __init__(self, failures: Sequence[str]) -> None:
        super().__init__(
            gettext(
                "The layperson text fails the readability policy; make it plainer, or ask a "
                "reviewer to record an override with a reason."
            )
        )
        self.failures = tuple(failures)


# Returns a description of each failing layperson section; empty when all pass.
Gate = Callable[[Article], Sequence[str]]


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    revision: int
    actor: str
    at: dt.datetime
    from_status: Status
    to_status: Status
    comment: str
    override_reason: str | None


def allowed_actions(status: Status, role: Role) -> list[Action]:
    """The actions ``role`` may take on an article whose newest revision has ``status``."""
    return [
        action
        for action, t in TRANSITIONS.items()
        if status in t.sources and (role is Role.ADMIN or role in t.roles)
    ]


def _newest(session: Session, locale: str, slug: str) -> RevisionRecord:
    record = repository.find_article(session, locale, slug)
    revision = repository.latest_revision(session, record.id) if record else None
    if record is None or revision is None:
        path = f"{locale}/{slug}"
        raise WorkflowError(gettext("No article %(path)s.", path=path))
    return revision


def _override_for(session: Session, revision: RevisionRecord) -> str | None:
    return session.scalar(
        select(ReviewEventRecord.override_reason).where(
            ReviewEventRecord.revision_id == revision.id,
            ReviewEventRecord.override_reason.is_not(None),
        )
    )


def apply(
    session: Session,
    locale: str,
    slug: str,
    action: Action,
    *,
    actor: str,
    role: Role,
    comment: str = "",
    gate: Gate | None = None,
    reviewed_by: str = "Medical Advisory Board",
    today: dt.date | None = None,
) -> AuditEntry:
    """Take ``action`` on the newest revision of ``locale/slug`` and log it."""
    transition = TRANSITIONS[action]
    revision = _newest(session, locale, slug)
    status = Status(revision.status)
    if role is not Role.ADMIN and role not in transition.roles:
        raise WorkflowError(
            gettext(
                "Only %(roles)s accounts can %(action)s.",
                roles=" / ".join(sorted(r.value for r in transition.roles)),
                action=gettext(transition.label).lower(),
            )
        )
    if status not in transition.sources:
        raise WorkflowError(
            gettext(
                "Cannot %(action)s: the article is %(status)s, and this needs it to be %(needed)s.",
                action=gettext(transition.label).lower(),
                status=status.value,
                needed=" / ".join(sorted(s.value for s in transition.sources)),
            )
        )
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise WorkflowError(gettext("Say what needs to change: a comment is required."))
    if action is Action.SUBMIT and gate is not None and _override_for(session, revision) is None:
        article = repository.to_article(revision.article, revision)
        failures = gate(article)
        if failures:
            raise ReadabilityGateFailed(failures)
    revision.status = transition.target.value
    if transition.target is Status.APPROVED:
        revision.reviewed = today or dt.date.today()
        revision.reviewed_by = reviewed_by
    # The fingerprint covers the status, so a reloaded bundle compares equal to it.
    revision.content_hash = repository.content_hash(
        repository.to_article(revision.article, revision)
    )
    return _log(session, revision, actor, status.value, comment)


def record_override(
    session: Session, locale: str, slug: str, *, actor: str, role: Role, reason: str
) -> AuditEntry:
    """A reviewer lets the newest revision be submitted despite failing readability."""
    if role not in (Role.REVIEWER, Role.ADMIN):
        raise WorkflowError(gettext("Only reviewer accounts can override the readability policy."))
    reason = reason.strip()
    if not reason:
        raise WorkflowError(
            gettext("Give the reason for the override; it is kept in the audit log.")
        )
    revision = _newest(session, locale, slug)
    return _log(session, revision, actor, revision.status, "Readability override", reason)


def audit_event(
    revision: RevisionRecord,
    actor: str,
    from_status: str,
    comment: str,
    override_reason: str | None = None,
) -> ReviewEventRecord:
    """An audit entry for ``revision``, now in its current status, to add to a session."""
    return ReviewEventRecord(
        article_id=revision.article_id,
        revision_id=revision.id,
        actor=actor,
        at=dt.datetime.now(dt.UTC),
        from_status=from_status,
        to_status=revision.status,
        comment=comment,
        override_reason=override_reason,
    )


def _log(
    session: Session,
    revision: RevisionRecord,
    actor: str,
    from_status: str,
    comment: str,
    override_reason: str | None = None,
) -> AuditEntry:
    """Write one audit entry for ``revision`` and commit."""
    event = audit_event(revision, actor, from_status, comment, override_reason)
    session.add(event)
    session.commit()
    return _entry(event, revision.number)


def audit_log(session: Session, locale: str, slug: str) -> list[AuditEntry]:
    """Every workflow event of ``locale/slug``, oldest first."""
    record = repository.find_article(session, locale, slug)
    if record is None:
        return []
    rows = session.execute(
        select(ReviewEventRecord, RevisionRecord.number)
        .join(RevisionRecord, RevisionRecord.id == ReviewEventRecord.revision_id)
        .where(ReviewEventRecord.article_id == record.id)
        .order_by(ReviewEventRecord.at, ReviewEventRecord.id)
    )
    return [_entry(event, number) for event, number in rows]


def _entry(event: ReviewEventRecord, number: int) -> AuditEntry:
    return AuditEntry(
        revision=number,
        actor=event.actor,
        at=event.at,
        from_status=Status(event.from_status),
        to_status=Status(event.to_status),
        comment=event.comment,
        override_reason=event.override_reason,
    )
